package dev.analytics.server.health;

import dev.analytics.server.AnalyticsServer;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.ServerTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /health against a database of its own, which the test stops. */
@SpringBootTest(classes = AnalyticsServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "analytics.admin.password=" + ServerTest.ADMIN_PASSWORD)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthTest {

    /** Not the shared test cluster: this one gets stopped. */
    static final EmbeddedPostgres DATABASE = start();

    @LocalServerPort
    int port;

    static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("analytics.database-url", () -> DATABASE.getJdbcUrl("postgres", "postgres"));
    }

    @AfterAll
    static void stop() throws IOException {
        DATABASE.close();
    }

    @Test
    @Order(1)
    void upWhenTheDatabaseAnswers() {
        Api.Response response = new Api(port).get("/health");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asText()).isEqualTo("UP");
        assertThat(response.json().get("database").asText()).isEqualTo("UP");
    }

    @Test
    @Order(2)
    void answers503WithinTwoSecondsWhenTheDatabaseIsDown() throws IOException {
        DATABASE.close();

        for (int attempt = 0; attempt < 3; attempt++) {
            long started = System.nanoTime();
            Api.Response response = new Api(port).get("/health");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.json().get("database").asText()).isEqualTo("DOWN");
            assertThat(took).isLessThan(Duration.ofSeconds(2));
        }
    }
}
