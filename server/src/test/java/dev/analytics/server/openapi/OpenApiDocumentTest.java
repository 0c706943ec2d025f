package dev.analytics.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.Browsers;
import dev.analytics.server.support.ServerTest;
import io.swagger.v3.oas.annotations.Hidden;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description on the management port: every endpoint the server maps is in it, every operation shows its
 * refusals in the one error shape, the browsable UI works, and the public port serves neither.
 */
@ServerTest
@Import(OpenApiDocumentTest.HiddenController.class)
class OpenApiDocumentTest {

    /** Mapped like any endpoint but hidden from springdoc, so the completeness check below is seen to fail. */
    static final String HIDDEN = "GET /test-only/hidden-from-the-description";

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;
    @Autowired
    ApplicationContext context;

    @Test
    void everyEndpointTheServerMapsIsInTheDocument() {
        JsonNode paths = document().get("paths");
        Set<String> mapped = mappedEndpoints();
        assertThat(mapped).as("read from the handler mappings")
                .contains("POST /track/pageview", "GET /admin/stats", "POST /admin/users/{id}/limit", HIDDEN);

        Set<String> missing = new TreeSet<>();
        for (String endpoint : mapped) {
            String method = endpoint.substring(0, endpoint.indexOf(' ')).toLowerCase();
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            if (!paths.path(path).has(method)) {
                missing.add(endpoint);
            }
        }
        assertThat(missing).as("mapped but not in the API description").containsExactly(HIDDEN);
    }

    @Test
    void everyOperationShowsItsRefusalsInTheErrorShape() {
        JsonNode document = document();
        JsonNode error = document.at("/components/schemas/ApiError");
        assertThat(error.at("/properties/error/type").asText()).isEqualTo("string");
        assertThat(error.at("/properties/message/type").asText()).isEqualTo("string");
        assertThat(error.at("/properties/field/type").asText()).isEqualTo("string");
        assertThat(error.get("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("error", "message");

        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            List<String> refusals = new ArrayList<>();
            operation.getValue().get("responses").properties().forEach(response -> {
                if (response.getKey().startsWith("4") && errorShaped(response.getValue())) {
                    refusals.add(response.getKey());
                }
            });
            assertThat(refusals).as("4xx answers in the error shape of %s %s", operation.getKey(), path.getKey())
                    .isNotEmpty();
        }));

        JsonNode reset = document.at("/paths/~1admin~1reset-user-count/post");
        assertThat(reset.at("/responses/401/description").asText()).contains("unauthorized");
        assertThat(reset.at("/responses/403/description").asText()).contains("csrf_invalid");
        assertThat(reset.at("/responses/404/description").asText()).contains("user_not_found");
        assertThat(errorShaped(reset.at("/responses/404"))).isTrue();
        assertThat(reset.at("/security/0").fieldNames()).toIterable().containsExactlyInAnyOrder(
                "adminSession", "csrfToken");
        assertThat(document.at("/components/securitySchemes/adminSession/name").asText()).isEqualTo("admin_session");

        JsonNode createSession = document.at("/paths/~1auth~1create-session/post");
        assertThat(createSession.at("/responses/409/description").asText()).contains("email_in_use");
        assertThat(errorShaped(createSession.at("/responses/409"))).isTrue();
        assertThat(document.at("/paths/~1track~1pageview/post/responses").has("202")).as("accepted, not 200").isTrue();
    }

    @Test
    void theBrowsableUiIsOnTheManagementPort() {
        Api management = new Api(managementPort);
        Api.Response entry = management.get("/actuator/swagger-ui");
        assertThat(entry.status()).isEqualTo(302);
        assertThat(entry.header("Location")).isEqualTo("/actuator/swagger-ui/index.html");

        Api.Response page = management.get("/actuator/swagger-ui/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<div id=\"swagger-ui\">");

        Browsers.requireInstalled();
        ChromeDriver browser = Browsers.headlessChromium();
        try {
            browser.get("http://localhost:" + managementPort + "/actuator/swagger-ui");
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(b ->
                    !b.findElements(By.cssSelector(".opblock-summary-path[data-path='/admin/stats']")).isEmpty());
            assertThat(browser.findElement(By.cssSelector(".info .title")).getText()).contains("Analytics service");
        } finally {
            browser.quit();
        }
    }

    @Test
    void thePublicPortServesNeitherTheDocumentNorTheUi() {
        Api api = new Api(port);
        for (String path : List.of("/v3/api-docs", "/actuator/openapi", "/swagger-ui.html", "/swagger-ui/index.html",
                "/actuator/swagger-ui", "/actuator/swagger-ui/index.html", "/actuator/swagger-ui/swagger-config",
                "/webjars/swagger-ui/index.html")) {
            Api.Response response = api.get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.json().get("error").asText()).as(path).isEqualTo("not_found");
        }
    }

    private JsonNode document() {
        Api.Response response = new Api(managementPort).get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    /** {@code METHOD /path} of every handler method of every request mapping, but the error page and springdoc's. */
    private Set<String> mappedEndpoints() {
        Set<String> endpoints = new TreeSet<>();
        context.getBeansOfType(RequestMappingHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().forEach((info, handler) -> {
                    if (handler.getBeanType().getPackageName().startsWith("org.springdoc")) {
                        return;
                    }
                    for (String path : info.getPatternValues()) {
                        if (path.equals("/error")) {
                            continue;
                        }
                        for (RequestMethod method : methods(info)) {
                            // {id:[0-9]+} is {id} in OpenAPI
                            endpoints.add(method + " " + path.replaceAll("\\{([^}:]+):[^}]*}", "{$1}"));
                        }
                    }
                }));
        return endpoints;
    }

    /** A mapping without methods answers them all, GET among them. */
    private static Set<RequestMethod> methods(RequestMappingInfo info) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        return methods.isEmpty() ? Set.of(RequestMethod.GET) : methods;
    }

    private static boolean errorShaped(JsonNode response) {
        return response.at("/content/application~1json/schema/$ref").asText()
                .equals("#/components/schemas/ApiError");
    }

    @Hidden
    @RestController
    static class HiddenController {
        @GetMapping("/test-only/hidden-from-the-description")
        String hidden() {
            return "{}";
        }
    }
}
