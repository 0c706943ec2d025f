package dev.analytics.server.openapi;

import org.springdoc.core.properties.SwaggerUiConfigProperties;
import org.springdoc.webmvc.ui.SwaggerIndexTransformer;
import org.springdoc.webmvc.ui.SwaggerResourceResolver;
import org.springdoc.webmvc.ui.SwaggerWebMvcConfigurer;
import org.springdoc.webmvc.ui.SwaggerWelcomeCommon;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

import java.util.Map;

/**
 * The API description on the management port, in that port's own application context.
 *
 * <p>With {@code springdoc.use-management-port}, springdoc serves the document as the actuator endpoint
 * {@code openapi} ({@code /actuator/openapi}) and its UI as {@code /actuator/swagger-ui}. This adds
 * {@code /v3/api-docs}, the document's usual address, as a forward to the endpoint, and the UI's files (which the
 * public port does not get, see {@link ApiDescriptionConfiguration#swaggerWebMvcConfigurer}).
 *
 * <p>Spring Boot loads this class into the management context only, because it is listed in
 * {@code META-INF/spring/org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration.imports}.
 * It deliberately carries no {@code @Configuration} (nor {@code @ManagementContextConfiguration}, which is one): the
 * application's component scan covers this package and would put these beans on the public port too. Without a
 * management port of its own (a management port equal to the public one) springdoc serves no description at all, and
 * neither does this.
 */
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
class ManagementPortApiDescription {

    private static final String API_DOCS_PATH = "/v3/api-docs";

    @Bean
    SimpleUrlHandlerMapping apiDocsAtTheirUsualPath(WebEndpointProperties endpoints) {
        String document = endpoints.getBasePath() + "/openapi";
        HttpRequestHandler forward = (request, response) ->
                request.getRequestDispatcher(document).forward(request, response);
        return new SimpleUrlHandlerMapping(Map.of(API_DOCS_PATH, forward), Ordered.HIGHEST_PRECEDENCE);
    }

    @Bean
    SwaggerWebMvcConfigurer swaggerUiFiles(SwaggerUiConfigProperties ui, WebProperties web, WebMvcProperties mvc,
                                           SwaggerIndexTransformer transformer, SwaggerResourceResolver resolver,
                                           SwaggerWelcomeCommon welcome) {
        return new SwaggerWebMvcConfigurer(ui, web, mvc, transformer, resolver, welcome);
    }
}
