package dev.analytics.server.web;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Spring refuses a request from an origin that CORS does not allow with a plain-text 403. Refuse it in the service's
 * error shape instead, like every other refusal.
 */
@Component
class JsonCorsRejection implements BeanPostProcessor {

    private static final byte[] BODY = ("{\"error\":\"origin_not_allowed\","
            + "\"message\":\"This origin may not call this endpoint\"}").getBytes(StandardCharsets.UTF_8);

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractHandlerMapping mapping) {
            mapping.setCorsProcessor(new DefaultCorsProcessor() {
                @Override
                protected void rejectRequest(ServerHttpResponse response) throws IOException {
                    response.setStatusCode(HttpStatus.FORBIDDEN);
                    response.getHeaders().set(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
                    response.getBody().write(BODY);
                    response.flush();
                }
            });
        }
        return bean;
    }
}
