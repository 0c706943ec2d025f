package dev.analytics.server.openapi;

import dev.analytics.server.AnalyticsServer;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.properties.SwaggerUiConfigProperties;
import org.springdoc.webmvc.ui.SwaggerIndexTransformer;
import org.springdoc.webmvc.ui.SwaggerResourceResolver;
import org.springdoc.webmvc.ui.SwaggerWebMvcConfigurer;
import org.springdoc.webmvc.ui.SwaggerWelcomeCommon;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;

import java.util.Objects;

import static org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

/**
 * The OpenAPI description of the HTTP API (springdoc), served with its browsable UI on the management port only:
 * {@code /v3/api-docs} and {@code /actuator/swagger-ui} there ({@link ManagementPortApiDescription}), nothing on the
 * public port. Every operation carries its refusals in the service's one error shape ({@link ErrorResponses}).
 */
@Configuration(proxyBeanMethods = false)
class ApiDescriptionConfiguration {

    static final String ADMIN_SESSION = "adminSession";
    static final String USER_SESSION = "session";
    static final String CSRF_TOKEN = "csrfToken";
    private static final String ANY = "*/*";

    @Bean
    OpenAPI apiDescription() {
        return new OpenAPI()
                .info(new Info().title("Analytics service")
                        .version(Objects.requireNonNullElse(
                                AnalyticsServer.class.getPackage().getImplementationVersion(), "development"))
                        .description("""
                                Page-view and CAD-generation tracking, end-user sessions with generation limits, and \
                                the admin API behind the dashboard. Every refusal is a 4xx (or a 503) with the body \
                                `{"error","message","field"}`: `error` is a stable code for programs, `message` a \
                                sentence for people, `field` the offending input if there is one. Some refusals add \
                                fields a client can act on (such as the current figures with `limit_reached`)."""))
                .components(new Components()
                        .addSecuritySchemes(ADMIN_SESSION, cookie("admin_session",
                                "Set by POST /admin/login. HttpOnly; 12 hours at most, 30 minutes idle."))
                        .addSecuritySchemes(USER_SESSION, cookie("session",
                                "Set by POST /auth/create-session. HttpOnly; 7 days."))
                        .addSecuritySchemes(CSRF_TOKEN, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-CSRF-Token")
                                .description("The csrfToken of the session's sign-in (or of GET /admin/session). "
                                        + "Every state-changing request authenticated by a cookie needs it, and an "
                                        + "allowed Origin.")));
    }

    @Bean
    ErrorResponses errorResponses() {
        return new ErrorResponses();
    }

    /**
     * springdoc lists an answer whose handler names no media type under the wildcard type. Every answer is JSON
     * ({@code web.JsonConfiguration}) but raw bytes (tracking.js, the dashboard page), which keep the wildcard.
     */
    @Bean
    OpenApiCustomizer answersAreJson() {
        return api -> api.getPaths().values().forEach(item -> item.readOperations().forEach(operation ->
                operation.getResponses().values().forEach(response -> {
                    Content content = response.getContent();
                    MediaType any = content == null ? null : content.get(ANY);
                    if (any != null && !isBytes(any.getSchema())) {
                        content.remove(ANY);
                        content.addMediaType(APPLICATION_JSON_VALUE, any);
                    }
                })));
    }

    /**
     * springdoc's UI files, for the public port: none. The management port's Spring MVC takes its configurers from
     * this context too, so springdoc's own bean here would serve the UI on both ports; instead this one serves it
     * on neither, and {@link ManagementPortApiDescription} adds the working one to the management context alone.
     */
    @Bean
    SwaggerWebMvcConfigurer swaggerWebMvcConfigurer(SwaggerUiConfigProperties ui, WebProperties web,
                                                    WebMvcProperties mvc, SwaggerIndexTransformer transformer,
                                                    SwaggerResourceResolver resolver, SwaggerWelcomeCommon welcome) {
        return new SwaggerWebMvcConfigurer(ui, web, mvc, transformer, resolver, welcome) {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
            }
        };
    }

    private static boolean isBytes(Schema<?> schema) {
        return schema != null && ("byte".equals(schema.getFormat()) || "binary".equals(schema.getFormat()));
    }

    private static SecurityScheme cookie(String name, String description) {
        return new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.COOKIE).name(name)
                .description(description);
    }
}
