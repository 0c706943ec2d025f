package dev.analytics.server.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /admin/processors}: positions, the head, lag, segment owners, rebuilding and parked events. */
@ServerTest
class ProcessorStatusTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void eachProcessorShowsWhereItIsWhoHoldsItAndWhatItParked() {
        Api admin = new Api(port).login(ServerTest.ADMIN_PASSWORD);
        jdbc.execute("ALTER TABLE page_views ADD CONSTRAINT no_poison CHECK (path <> '/poison')");
        try {
            assertThat(admin.postJson("/track/pageview", "{\"site\":\"portfolio\",\"url\":\"http://localhost/poison\"}")
                    .status()).isEqualTo(202);
            assertThat(admin.postJson("/track/pageview", "{\"site\":\"portfolio\",\"url\":\"http://localhost/ok\"}")
                    .status()).isEqualTo(202);
            long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode status = admin.get("/admin/processors", admin.admin()).json();
                assertThat(status.get("head").asLong()).isGreaterThanOrEqualTo(head);
                JsonNode pageViews = processor(status, "page-views");
                assertThat(pageViews.get("kind").asText()).isEqualTo("projection");
                assertThat(pageViews.get("position").asLong()).isGreaterThanOrEqualTo(head);
                assertThat(pageViews.get("lag").asLong()).isZero();
                assertThat(pageViews.get("deadLetters").asLong()).isEqualTo(1);
                assertThat(pageViews.get("rebuilding").asBoolean()).isFalse();
                assertThat(pageViews.get("segments")).hasSize(1);
                assertThat(pageViews.get("segments").get(0).get("owner").asText()).isNotBlank();
                assertThat(processor(status, "users").get("deadLetters").asLong()).isZero();
            });
        } finally {
            jdbc.execute("ALTER TABLE page_views DROP CONSTRAINT no_poison");
        }

        // A rebuild of users that another instance runs (its lease is far from running out).
        jdbc.update("""
                INSERT INTO projection_rebuilds (projections, state, requested_by, requested_at, owner, lease_until)
                VALUES ('{users}', 'rebuilding', 'admin', now(), 'elsewhere', now() + interval '1 hour')""");
        try {
            JsonNode status = admin.get("/admin/processors", admin.admin()).json();
            assertThat(processor(status, "users").get("rebuilding").asBoolean()).isTrue();
            assertThat(processor(status, "sessions").get("rebuilding").asBoolean()).isFalse();
        } finally {
            jdbc.update("DELETE FROM projection_rebuilds WHERE owner = 'elsewhere'");
        }
        assertThat(new Api(port).get("/admin/processors").status()).isEqualTo(401);
    }

    static JsonNode processor(JsonNode status, String name) {
        for (JsonNode processor : status.get("processors")) {
            if (processor.get("name").asText().equals(name)) {
                return processor;
            }
        }
        throw new AssertionError("No processor " + name + " in " + status);
    }
}
