package dev.analytics.server.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.History;
import dev.analytics.server.support.ServerTest;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Asking for a rebuild over HTTP: who may, what is refused, what is recorded, and how the state reads. */
@ServerTest
class RebuildRequestTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore store;
    Api api;
    Api admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = new Api(port).login(ServerTest.ADMIN_PASSWORD);
        awaitIdle();
    }

    @Test
    void oneReadModelIsRebuiltAndTheRequestIsAudited() {
        new History(store, 7, Instant.parse("2026-02-01T00:00:00Z")).append(2_000);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("users") > 0);

        Api.Response started = admin.postJson("/admin/replay", "{\"projection\":\"users\"}", admin.admin());

        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().get("projections").toString()).isEqualTo("[\"users\"]");
        long id = started.json().get("id").asLong();
        assertThat(state("users")).isEqualTo("rebuilding");
        assertThat(state("page-views")).isEqualTo("idle");
        JsonNode done = awaitIdle();
        assertThat(done.get("rebuilds").get(0).get("state").asText()).isEqualTo("done");
        assertThat(done.get("rebuilds").get(0).get("requestedBy").asText()).isEqualTo("admin");
        assertThat(jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry"
                + " WHERE payload_type LIKE '%ProjectionRebuildRequested' ORDER BY global_index DESC LIMIT 1", String.class))
                .contains("\"rebuildId\":" + id, "\"projections\":[\"users\"]", "\"actor\":\"admin\"");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode entries = admin.get("/admin/logs?action=projections.rebuild_requested", admin.admin()).json()
                    .get("items");
            assertThat(entries.toString()).contains("\"target\":\"users\"", "\"rebuildId\":" + id);
        });
    }

    @Test
    void aSecondRequestForARebuildingReadModelIsRefused() throws Exception {
        new History(store, 8, Instant.parse("2026-03-01T00:00:00Z")).append(3_000);
        long before = count("projection_rebuilds");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Api.Response>> sent = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sent.add(pool.submit(() -> admin.postJson("/admin/replay", "{\"projection\":\"page-views\"}",
                        admin.admin())));
            }
            for (Future<Api.Response> response : sent) {
                Api.Response answer = response.get();
                statuses.add(answer.status());
                if (answer.status() == 409) {
                    assertThat(answer.json().get("error").asText()).isEqualTo("rebuild_in_progress");
                    assertThat(answer.json().get("message").asText()).contains("page-views");
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(statuses).containsOnly(202, 409).filteredOn(status -> status == 202).hasSize(1);
        Api.Response all = admin.postJson("/admin/replay", "{}", admin.admin());
        assertThat(all.status()).as("all read models includes the one rebuilding").isEqualTo(409);
        awaitIdle();
        assertThat(count("projection_rebuilds")).isEqualTo(before + 1);
    }

    @Test
    void badRequestsAreRefusedWithTheErrorShape() {
        long before = count("projection_rebuilds");
        Api.Response unknown = admin.postJson("/admin/replay", "{\"projection\":\"nope\"}", admin.admin());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asText()).isEqualTo("invalid_field");
        assertThat(unknown.json().get("field").asText()).isEqualTo("projection");

        Api.Response wrongType = admin.postJson("/admin/replay", "{\"projection\":7}", admin.admin());
        assertThat(wrongType.status()).isEqualTo(400);

        Api.Response signedOut = api.postJson("/admin/replay", "{}");
        assertThat(signedOut.status()).isEqualTo(401);
        Api.Response noToken = api.postJson("/admin/replay", "{}", "Cookie", admin.admin()[1]);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.json().get("error").asText()).isEqualTo("csrf_invalid");
        assertThat(api.get("/admin/replay").status()).isEqualTo(401);
        assertThat(count("projection_rebuilds")).as("nothing recorded").isEqualTo(before);
    }

    String state(String readModel) {
        for (JsonNode model : admin.get("/admin/replay", admin.admin()).json().get("projections")) {
            if (model.get("name").asText().equals(readModel)) {
                return model.get("state").asText();
            }
        }
        throw new AssertionError("No read model " + readModel);
    }

    JsonNode awaitIdle() {
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            JsonNode status = admin.get("/admin/replay", admin.admin()).json();
            for (JsonNode model : status.get("projections")) {
                if (!model.get("state").asText().equals("idle")) {
                    return false;
                }
            }
            return true;
        });
        return admin.get("/admin/replay", admin.admin()).json();
    }

    long count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }
}
