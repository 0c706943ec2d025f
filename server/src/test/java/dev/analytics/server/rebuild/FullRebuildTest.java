package dev.analytics.server.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.History;
import dev.analytics.server.support.MutableClock;
import dev.analytics.server.support.Replays;
import dev.analytics.server.support.ServerTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The "done when": on a generated history of every event type, an operator rebuilds every read model while
 * page views keep arriving. The old numbers are served throughout, no page view is lost, and after the swap every
 * read table equals, row for row, the one built live.
 */
@ServerTest
@TestPropertySource(properties = "logging.level.dev.analytics.query.rebuild=INFO") // its progress lines
class FullRebuildTest {

    static final long EVENTS = 100_000;
    static final String HISTORY_RANGE = "from=2026-01-01&to=2026-01-08&tz=UTC&interval=day";
    /** Each read table, with the rows that events after the snapshot may add left out. */
    static final Map<String, String> TABLES = Map.of(
            "page_views", "path NOT LIKE '/during-rebuild/%'",
            "visitor_links", "true",
            "users", "true",
            "sessions", "true",
            "cad_events", "true",
            "admin_logs", "action <> 'projections.rebuild_requested'");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore store;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    MutableClock clock;

    @Test
    void aFullRebuildUnderLoadServesTheOldNumbersAndEndsEqualToTheLiveTables() throws Exception {
        clock.set(Instant.parse("2026-06-10T12:00:00Z"));
        Api admin = new Api(port).login(ServerTest.ADMIN_PASSWORD);
        long appended = new History(store, 42, Instant.parse("2026-01-01T00:00:00Z")).append(EVENTS);
        Replays.awaitCaughtUp(processing, store);
        Map<String, String> live = checksums();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM page_views", Long.class)).isGreaterThan(50_000);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM visitor_links", Long.class)).isPositive();
        JsonNode before = admin.stats("site=portfolio&" + HISTORY_RANGE);

        Api.Response started = admin.postJson("/admin/replay", "{}", admin.admin());

        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().get("state").asText()).isEqualTo("rebuilding");
        assertThat(started.json().get("projections")).hasSize(5);
        long rebuildId = started.json().get("id").asLong();
        int accepted = 0;
        boolean sawProgress = false;
        boolean sawRate = false;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            JsonNode rebuild = admin.get("/admin/replay", admin.admin()).json().get("rebuilds").get(0);
            assertThat(rebuild.get("id").asLong()).isEqualTo(rebuildId);
            String state = rebuild.get("state").asText();
            if (state.equals("done")) {
                break;
            }
            if (state.equals("failed")) {
                fail("The rebuild failed: " + rebuild);
            }
            if (state.equals("rebuilding") && rebuild.get("eventsDone").asLong() > 0) {
                sawProgress = true;
                assertThat(rebuild.get("eventsTotal").asLong()).isGreaterThanOrEqualTo(appended);
                sawRate |= rebuild.get("eventsPerSecond").asDouble() > 0;
            }
            assertThat(admin.stats("site=portfolio&" + HISTORY_RANGE)).as("the old numbers while rebuilding")
                    .isEqualTo(before);
            Api.Response view = admin.postJson("/track/pageview",
                    "{\"site\":\"portfolio\",\"url\":\"http://localhost/during-rebuild/" + accepted + "\"}");
            assertThat(view.status()).isEqualTo(202);
            accepted++;
            assertThat(System.nanoTime()).as("rebuild finished in time").isLessThan(deadline);
            Thread.sleep(100);
        }

        assertThat(sawProgress).as("progress was reported while rebuilding").isTrue();
        assertThat(sawRate).as("a rate was reported while rebuilding").isTrue();
        int sent = accepted;
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM page_views WHERE path LIKE '/during-rebuild/%'", Integer.class) == sent);
        assertThat(checksums()).isEqualTo(live);
        assertThat(admin.stats("site=portfolio&" + HISTORY_RANGE)).isEqualTo(before);
        assertThat(jdbc.queryForList("SELECT processor_name FROM token_entry", String.class))
                .as("the rebuild's processor is retired").doesNotContain("rebuild-" + rebuildId);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'rebuild%'",
                Integer.class)).as("no shadow schema left").isZero();
    }

    /** An MD5 over each table's rows as text, in a fixed order: equal checksums mean equal rows. */
    Map<String, String> checksums() {
        Map<String, String> sums = new LinkedHashMap<>();
        TABLES.forEach((table, filter) -> sums.put(table, jdbc.queryForObject(
                "SELECT count(*) || ':' || md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "
                        + table + " t WHERE " + filter, String.class)));
        return sums;
    }
}
