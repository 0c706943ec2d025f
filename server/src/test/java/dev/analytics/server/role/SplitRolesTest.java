package dev.analytics.server.role;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.server.AnalyticsServer;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.EndUser;
import dev.analytics.server.support.ServerTest;
import dev.analytics.server.support.TestPostgres;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The split deployment in one JVM: a server in the command role and one in the query role, each its own application
 * context on its own port, on one database. Every request goes to the role that owns its path, as the reverse proxy
 * sends it ({@link PathOwnership}), and everything works across the two: a page view recorded by one is counted by
 * the other, and an admin signed in on one is signed in on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SplitRolesTest {

    ConfigurableApplicationContext commandRole;
    ConfigurableApplicationContext queryRole;
    Api command;
    Api query;

    @BeforeAll
    void startBothRoles() {
        String database = TestPostgres.createDatabase();
        commandRole = start("command", database);
        queryRole = start("query", database);
        command = new Api(port(commandRole));
        query = new Api(port(queryRole));
    }

    @AfterAll
    void stopBothRoles() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[]{queryRole, commandRole}) {
            if (context != null) {
                context.close();
            }
        }
    }

    private static ConfigurableApplicationContext start(String role, String database) {
        return new SpringApplicationBuilder(AnalyticsServer.class).run("--analytics.role=" + role,
                "--analytics.database-url=" + database, "--server.port=0",
                "--analytics.admin.password=" + ServerTest.ADMIN_PASSWORD);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void aPageViewRecordedByTheCommandRoleIsCountedByTheQueryRole() {
        Api.Response recorded = command.postJson("/track/pageview",
                "{\"site\":\"portfolio\",\"url\":\"http://localhost/split-roles\",\"title\":\"Split\"}");
        assertThat(recorded.status()).isEqualTo(202);

        Api admin = new Api(port(commandRole)).login(ServerTest.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response stats = query.get("/admin/stats?site=portfolio", admin.admin());
            assertThat(stats.status()).isEqualTo(200);
            assertThat(stats.json().get("topPages").findValuesAsText("path")).contains("/split-roles");
        });
    }

    @Test
    void anAdminSignedInOnTheCommandRoleIsSignedInOnTheQueryRole() {
        Api admin = new Api(port(commandRole)).login(ServerTest.ADMIN_PASSWORD);

        assertThat(query.get("/admin/stats", admin.admin()).status()).isEqualTo(200);
        assertThat(query.get("/admin/users", admin.admin()).status()).isEqualTo(200);
        assertThat(query.get("/admin/logs", admin.admin()).status()).isEqualTo(200);
        assertThat(query.get("/admin/cad-events", admin.admin()).status()).isEqualTo(200);
        assertThat(query.get("/admin/stats").json().get("error").asText()).isEqualTo("unauthorized");

        assertThat(command.post("/admin/logout", null, "", admin.admin()).status()).isEqualTo(204);
        assertThat(query.get("/admin/stats", admin.admin()).status()).as("signed out on both").isEqualTo(401);
    }

    @Test
    void theAdminResetsACountOnTheCommandRoleAndSeesItOnTheQueryRole() {
        EndUser user = EndUser.signUp(command, "{}");
        for (int i = 0; i < 3; i++) {
            assertThat(command.post("/users/increment-count", null, "", user.writes()).status()).isEqualTo(200);
        }
        Api admin = new Api(port(commandRole)).login(ServerTest.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(10)).until(() -> modelCount(admin, user) == 3);

        Api.Response reset = command.postJson("/admin/reset-user-count",
                "{\"userId\":\"" + user.userId() + "\",\"reason\":\"split roles\"}", admin.admin());

        assertThat(reset.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> modelCount(admin, user) == 0);
        // the audit trail is another projection, which may trail the users one by a moment
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(query.get("/admin/logs?action=user.count_reset", admin.admin()).json().get("items")
                        .findValuesAsText("target")).contains(user.userId()));
    }

    private int modelCount(Api admin, EndUser user) {
        JsonNode items = query.get("/admin/users?q=" + user.userId(), admin.admin()).json().get("items");
        return items.isEmpty() ? -1 : items.get(0).get("modelCount").asInt();
    }

    @Test
    void eachRoleAnswersThePathsOfTheOtherWithNotFound() {
        Api admin = new Api(port(commandRole)).login(ServerTest.ADMIN_PASSWORD);

        List<Api.Response> commandPathsOnTheQueryRole = List.of(
                query.postJson("/track/pageview", "{\"site\":\"portfolio\",\"url\":\"http://localhost/q\"}"),
                query.get("/tracking.js"),
                query.postJson("/auth/create-session", "{}"),
                query.postJson("/admin/login", "{\"password\":\"" + ServerTest.ADMIN_PASSWORD + "\"}"),
                query.get("/admin/session", admin.admin()),
                query.postJson("/admin/reset-user-count", "{\"userId\":\"nobody\"}", admin.admin()),
                query.postJson("/admin/users/nobody/limit", "{\"modelLimit\":5}", admin.admin()),
                // the same path spelled with an escaped letter is still the command role's
                query.postJson("/%74rack/pageview", "{\"site\":\"portfolio\",\"url\":\"http://localhost/q\"}"));
        List<Api.Response> queryPathsOnTheCommandRole = List.of(
                command.get("/admin/stats", admin.admin()),
                command.get("/admin/users", admin.admin()),
                command.get("/admin/cad-events", admin.admin()),
                command.get("/admin/logs", admin.admin()),
                command.get("/admin"),
                command.get("/admin/assets/app.js"));

        assertThat(Stream.concat(commandPathsOnTheQueryRole.stream(), queryPathsOnTheCommandRole.stream()))
                .allSatisfy(response -> {
                    assertThat(response.status()).isEqualTo(404);
                    assertThat(response.json().get("error").asText()).isEqualTo("not_found");
                });
        assertThat(query.get("/admin").status()).as("the dashboard is the query role's").isEqualTo(200);
        assertThat(query.get("/admin/assets/app.js").status()).isEqualTo(200);
        assertThat(command.get("/tracking.js").status()).isEqualTo(200);
    }

    @Test
    void healthAndTheOperationsPortAnswerInBothRoles() {
        for (ConfigurableApplicationContext role : List.of(commandRole, queryRole)) {
            assertThat(new Api(port(role)).get("/health").json().get("database").asText()).isEqualTo("UP");
            int managementPort = role.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
            assertThat(new Api(managementPort).get("/actuator/health").status()).isEqualTo(200);
        }
    }

    /**
     * Projections, and so their rebuilds, processor status and dead letters, belong to the query role: the command
     * role loads no projection and runs no event processor, and answers the operator paths with 404.
     */
    @Test
    void projectionsAndTheirRebuildsBelongToTheQueryRole() {
        Api admin = new Api(port(commandRole)).login(ServerTest.ADMIN_PASSWORD);

        assertThat(commandRole.getBean(EventProcessingConfiguration.class).eventProcessors()).isEmpty();
        assertThat(queryRole.getBean(EventProcessingConfiguration.class).eventProcessors())
                .containsOnlyKeys("page-views", "users", "sessions", "cad-events", "admin-logs");
        assertThat(beanClasses(commandRole)).noneMatch(name -> name.startsWith("dev.analytics.query."));
        assertThat(beanClasses(queryRole)).noneMatch(name -> name.startsWith("dev.analytics.command.legacy."));
        for (String operatorPath : List.of("/admin/replay", "/admin/processors", "/admin/dead-letters")) {
            assertThat(command.get(operatorPath, admin.admin()).status()).as(operatorPath).isEqualTo(404);
        }
        assertThat(command.postJson("/admin/replay", "{}", admin.admin()).status()).isEqualTo(404);
        assertThat(command.postJson("/admin/dead-letters/retry", "{}", admin.admin()).status()).isEqualTo(404);

        assertThat(command.postJson("/track/pageview", "{\"site\":\"portfolio\",\"url\":\"http://localhost/r\"}")
                .status()).isEqualTo(202);
        Api.Response rebuild = query.postJson("/admin/replay", "{\"projection\":\"page-views\"}", admin.admin());
        assertThat(rebuild.status()).as(rebuild.body()).isEqualTo(202);
        long id = rebuild.json().get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() -> query.get("/admin/replay", admin.admin()).json()
                .get("rebuilds").get(0).get("state").asText().equals("done"));
        assertThat(query.get("/admin/replay", admin.admin()).json().get("rebuilds").get(0).get("id").asLong())
                .isEqualTo(id);
        assertThat(query.get("/admin/stats?site=portfolio", admin.admin()).json().get("pageViews").asLong())
                .as("the rebuilt page views").isPositive();
    }

    private static List<String> beanClasses(ConfigurableApplicationContext context) {
        return Arrays.stream(context.getBeanDefinitionNames())
                .map(name -> context.getBeanFactory().getType(name))
                .filter(type -> type != null)
                .map(Class::getName)
                .toList();
    }

    /** A new endpoint cannot be forgotten in the table, and so in the proxy: each one the server maps has a role. */
    @Test
    void everyPathTheServerMapsHasAnOwner() {
        // The query role loads every controller there is (the command side's are only refused by path).
        List<String> mapped = queryRole.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
                .getHandlerMethods().keySet().stream()
                .map(RequestMappingInfo::getPatternValues)
                .flatMap(Set::stream)
                .toList();

        assertThat(mapped).isNotEmpty().allSatisfy(pattern ->
                assertThat(PathOwnership.ownerOf(pattern)).as(pattern).isPresent());
    }
}
