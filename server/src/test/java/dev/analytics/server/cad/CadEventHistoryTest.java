package dev.analytics.server.cad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.analytics.events.CadEventRecorded;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.Events;
import dev.analytics.server.support.Replays;
import dev.analytics.server.support.ServerTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The {@code cad_events} read model, {@code GET /admin/cad-events} over it (filters, paging, the summary) and the
 * {@code cad} section of {@code /admin/stats}. Each test has users (or, for the stats, a time range) of its own.
 */
@ServerTest
class CadEventHistoryTest {

    static final Instant T0 = Instant.parse("2031-07-01T10:00:00Z");
    static final String STARTED = "generation_started";
    static final String SUCCEEDED = "generation_succeeded";
    static final String FAILED = "generation_failed";

    @LocalServerPort
    int port;
    @Autowired
    EventStore store;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    Api api;
    Events events;

    @BeforeEach
    void setUp() {
        api = new Api(port).login(ServerTest.ADMIN_PASSWORD);
        events = new Events(store);
    }

    static String newUser() {
        return UUID.randomUUID().toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    String record(String userId, String kind, String prompt, Long durationMs, String error, Instant at) {
        return events.fact(new CadEventRecorded(userId, kind, prompt, durationMs, error, "cad-model-1", null, at));
    }

    JsonNode history(String query) {
        Api.Response response = api.get("/admin/cad-events?" + query, api.admin());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    JsonNode historyWhenProjected(String query, long expectedTotal) {
        await().atMost(Duration.ofSeconds(10)).until(() -> history(query).get("total").asLong() == expectedTotal);
        return history(query);
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    @Test
    void anEventIsShownAsRecordedWithThePromptExactlyAsSent() {
        String userId = newUser();
        String prompt = "Zahnrad mit 12 Zähnen — 齿轮 🙂\n<img src=x onerror=alert(1)> & \"quoted\" \\ 50% a_b";
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("quality", "high");
        metadata.put("seed", 42);
        metadata.put("ratio", 0.5);
        metadata.put("preview", true);
        metadata.put("label", "<b>bold</b>");
        String id = events.fact(new CadEventRecorded(userId, SUCCEEDED, prompt, 1234L, null, "cad-model-2", metadata,
                T0));

        historyWhenProjected("userId=" + userId, 1);
        Api.Response response = api.get("/admin/cad-events?userId=" + userId, api.admin());
        JsonNode event = response.json().get("items").get(0);

        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(event.get("id").asText()).isEqualTo(id);
        assertThat(event.get("userId").asText()).isEqualTo(userId);
        assertThat(event.get("kind").asText()).isEqualTo(SUCCEEDED);
        assertThat(event.get("prompt").asText()).isEqualTo(prompt);
        assertThat(event.get("durationMs").asLong()).isEqualTo(1234L);
        assertThat(event.get("error").isNull()).isTrue();
        assertThat(event.get("model").asText()).isEqualTo("cad-model-2");
        assertThat(event.get("metadata")).isEqualTo(new ObjectMapper().valueToTree(metadata));
        assertThat(Instant.parse(event.get("occurredAt").asText())).isEqualTo(T0);
        assertThat(jdbc.queryForObject("SELECT prompt FROM cad_events WHERE event_id = ?", String.class, id))
                .isEqualTo(prompt);
    }

    @Test
    void aFailedGenerationWithoutOptionalFieldsIsShownWithNulls() {
        String userId = newUser();
        events.fact(new CadEventRecorded(userId, FAILED, null, null, "timeout after 60 s", null, null, T0));

        JsonNode event = historyWhenProjected("userId=" + userId, 1).get("items").get(0);

        assertThat(event.get("prompt").isNull()).isTrue();
        assertThat(event.get("durationMs").isNull()).isTrue();
        assertThat(event.get("model").isNull()).isTrue();
        assertThat(event.get("metadata").isNull()).isTrue();
        assertThat(event.get("error").asText()).isEqualTo("timeout after 60 s");
    }

    @Test
    void aNulCharacterCannotStopTheProjection() {
        String userId = newUser();
        events.fact(new CadEventRecorded(userId, STARTED, "before\u0000after", null, null, null,
                Map.of("no\u0000te", "x\u0000y"), T0));
        record(userId, STARTED, "the next one", null, null, T0.plusSeconds(1));

        JsonNode page = historyWhenProjected("userId=" + userId, 2);

        // PostgreSQL text and jsonb cannot hold U+0000; it becomes the replacement character, and nothing else changes
        assertThat(page.get("items").get(1).get("prompt").asText()).isEqualTo("before\uFFFDafter");
        assertThat(page.get("items").get(1).get("metadata").get("no\uFFFDte").asText()).isEqualTo("x\uFFFDy");
        assertThat(page.get("items").get(0).get("prompt").asText()).isEqualTo("the next one");
    }

    @Test
    void theHistoryIsFilteredByUserKindTimeRangeAndPromptText() {
        String userId = newUser();
        String other = newUser();
        String early = record(userId, STARTED, "A Gear with 12 teeth", null, null, T0);
        String failed = record(userId, FAILED, "a gear", 5000L, "timeout", T0.plusSeconds(60));
        String succeeded = record(userId, SUCCEEDED, "a bracket", 800L, null, T0.plusSeconds(120));
        String atTheEnd = record(userId, STARTED, "a hinge", null, null, T0.plusSeconds(180));
        record(other, STARTED, "a gear too", null, null, T0.plusSeconds(90));
        historyWhenProjected("userId=" + other, 1);

        JsonNode all = historyWhenProjected("userId=" + userId, 4);
        assertThat(ids(all)).containsExactly(atTheEnd, succeeded, failed, early);
        assertThat(ids(history("userId=" + userId + "&kind=" + STARTED))).containsExactly(atTheEnd, early);
        // [from, to): an event exactly at "from" is in, one exactly at "to" is out
        assertThat(ids(history("userId=" + userId + "&from=" + T0.plusSeconds(60) + "&to=" + T0.plusSeconds(180))))
                .containsExactly(succeeded, failed);
        assertThat(ids(history("userId=" + userId + "&from=" + encode("2031-07-01T12:02:00+02:00"))))
                .containsExactly(atTheEnd, succeeded);
        assertThat(ids(history("userId=" + userId + "&to=2031-07-02"))).hasSize(4);
        assertThat(ids(history("userId=" + userId + "&q=GEAR"))).containsExactly(failed, early);
        assertThat(ids(history("userId=" + userId + "&q=gear&kind=" + FAILED))).containsExactly(failed);
        assertThat(ids(history("q=" + encode("gear too")))).hasSize(1);
    }

    @Test
    void percentAndUnderscoreInThePromptSearchAreLiteral() {
        String userId = newUser();
        String percent = record(userId, STARTED, "50% infill", null, null, T0);
        record(userId, STARTED, "500 infill", null, null, T0.plusSeconds(1));
        String underscore = record(userId, STARTED, "part_a", null, null, T0.plusSeconds(2));
        record(userId, STARTED, "parta and partxa", null, null, T0.plusSeconds(3));
        String backslash = record(userId, STARTED, "C:\\parts\\gear", null, null, T0.plusSeconds(4));
        historyWhenProjected("userId=" + userId, 5);

        assertThat(ids(history("userId=" + userId + "&q=" + encode("0% i")))).containsExactly(percent);
        assertThat(ids(history("userId=" + userId + "&q=" + encode("t_a")))).containsExactly(underscore);
        assertThat(ids(history("userId=" + userId + "&q=" + encode("\\parts\\")))).containsExactly(backslash);
    }

    @Test
    void theHistoryIsPagedNewestFirstWithoutRepeatsOrGaps() {
        String userId = newUser();
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            newestFirst.add(0, record(userId, STARTED, "prompt " + i, null, null, T0.plusSeconds(i)));
        }
        historyWhenProjected("userId=" + userId, 5);

        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode result = history("userId=" + userId + "&size=2&page=" + page);
            assertThat(result.get("page").asInt()).isEqualTo(page);
            assertThat(result.get("size").asInt()).isEqualTo(2);
            assertThat(result.get("total").asLong()).isEqualTo(5);
            paged.addAll(ids(result));
        }
        assertThat(paged).isEqualTo(newestFirst);
        assertThat(history("userId=" + userId).get("size").asInt()).isEqualTo(25);
    }

    @Test
    void theSummaryDescribesEveryEventTheFilterMatchesNotJustThePage() {
        String userId = newUser();
        for (int i = 0; i < 5; i++) {
            record(userId, STARTED, "gear " + i, null, null, T0.plusSeconds(i));
        }
        long[] durations = {400, 100, 300, 200};
        for (int i = 0; i < durations.length; i++) {
            record(userId, SUCCEEDED, "gear " + i, durations[i], null, T0.plusSeconds(10 + i));
        }
        record(userId, FAILED, "gear 4", 9000L, "timeout", T0.plusSeconds(20));
        record(userId, "model_viewed", "gear 0", null, null, T0.plusSeconds(30));
        historyWhenProjected("userId=" + userId, 11);

        JsonNode page = history("userId=" + userId + "&size=1");
        assertThat(page.get("items")).hasSize(1);
        JsonNode summary = page.get("summary");
        assertThat(summary.get("started").asLong()).isEqualTo(5);
        assertThat(summary.get("succeeded").asLong()).isEqualTo(4);
        assertThat(summary.get("failed").asLong()).isEqualTo(1);
        assertThat(summary.get("successRate").asDouble()).isCloseTo(0.8, within(1e-9));
        // percentile_cont over 100, 200, 300, 400: the median interpolates to 250, the 95th to 300 + 0.85 * 100
        assertThat(summary.get("p50DurationMs").asDouble()).isCloseTo(250, within(1e-9));
        assertThat(summary.get("p95DurationMs").asDouble()).isCloseTo(385, within(1e-9));

        JsonNode failures = history("userId=" + userId + "&kind=" + FAILED).get("summary");
        assertThat(failures.get("failed").asLong()).isEqualTo(1);
        assertThat(failures.get("successRate").asDouble()).isZero();
        assertThat(failures.get("p50DurationMs").isNull()).isTrue();

        JsonNode nobody = history("userId=" + newUser());
        assertThat(nobody.get("total").asLong()).isZero();
        assertThat(nobody.get("summary").get("started").asLong()).isZero();
        assertThat(nobody.get("summary").get("successRate").isNull()).isTrue();
        assertThat(nobody.get("summary").get("p95DurationMs").isNull()).isTrue();
    }

    @Test
    void statsHaveACadSectionForTheRangeWhateverTheSite() {
        Instant from = Instant.parse("2032-02-01T00:00:00Z");
        Instant to = Instant.parse("2032-02-02T00:00:00Z");
        String userId = newUser();
        record(userId, SUCCEEDED, "before the range", 1L, null, from.minusMillis(1));
        record(userId, FAILED, "at the end of the range", null, "never counted", to);
        for (int i = 0; i < 7; i++) {
            record(userId, STARTED, "gear " + i, null, null, from.plusSeconds(i));
        }
        long[] durations = {4000, 1000, 3000, 2000};
        for (int i = 0; i < durations.length; i++) {
            record(userId, SUCCEEDED, "gear " + i, durations[i], null, from.plus(Duration.ofHours(1 + i)));
        }
        record(userId, FAILED, "gear 4", 60000L, "timeout", from.plus(Duration.ofHours(6)));
        record(userId, FAILED, "gear 5", 60000L, "timeout", from.plus(Duration.ofHours(7)));
        String last = record(userId, FAILED, "gear 6", 10L, "invalid geometry", from.plus(Duration.ofHours(8)));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM cad_events WHERE event_id = ?", Long.class, last) == 1);

        JsonNode stats = api.stats("from=" + from + "&to=" + to);
        JsonNode cad = stats.get("cad");
        assertThat(cad.get("started").asLong()).isEqualTo(7);
        assertThat(cad.get("succeeded").asLong()).isEqualTo(4);
        assertThat(cad.get("failed").asLong()).isEqualTo(3);
        assertThat(cad.get("successRate").asDouble()).isCloseTo(4.0 / 7, within(1e-9));
        assertThat(cad.get("p50DurationMs").asDouble()).isCloseTo(2500, within(1e-9));
        assertThat(cad.get("p95DurationMs").asDouble()).isCloseTo(3850, within(1e-9));
        assertThat(cad.get("topErrors")).hasSize(2);
        assertThat(cad.get("topErrors").get(0).get("error").asText()).isEqualTo("timeout");
        assertThat(cad.get("topErrors").get(0).get("count").asLong()).isEqualTo(2);
        assertThat(cad.get("topErrors").get(1).get("error").asText()).isEqualTo("invalid geometry");
        assertThat(cad.get("topErrors").get(1).get("count").asLong()).isEqualTo(1);
        // the page-view part is unchanged beside it
        assertThat(stats.get("pageViews").asLong()).isZero();
        assertThat(stats.get("timeseries")).hasSize(24);

        assertThat(api.stats("site=portfolio&from=" + from + "&to=" + to).get("cad")).isEqualTo(cad);
        JsonNode empty = api.stats("from=2032-03-01&to=2032-03-02").get("cad");
        assertThat(empty.get("started").asLong()).isZero();
        assertThat(empty.get("successRate").isNull()).isTrue();
        assertThat(empty.get("p50DurationMs").isNull()).isTrue();
        assertThat(empty.get("topErrors")).isEmpty();
    }

    @Test
    void badParametersAreRefusedWithTheFieldNamed() {
        Map<String, String> refusals = Map.of(
                "kind=generation_exploded", "kind",
                "from=yesterday", "from",
                "to=2031-13-01", "to",
                "from=0001-01-01", "from",
                "to=%2B100000-01-01T00:00:00Z", "to",
                "from=2031-07-02&to=2031-07-01", "from",
                "q=" + "x".repeat(201), "q",
                "userId=" + "u".repeat(256), "userId",
                "size=101", "size",
                "page=-1", "page");
        refusals.forEach((query, field) -> {
            Api.Response response = api.get("/admin/cad-events?" + query, api.admin());
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().get("error").asText()).isEqualTo("invalid_field");
            assertThat(response.json().get("field").asText()).as(query).isEqualTo(field);
        });
    }

    @Test
    void theHistoryNeedsAnAdminSession() {
        Api.Response response = new Api(port).get("/admin/cad-events");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void replayingEveryCadEventChangesNoRowAndRebuildsAMissingOne() {
        String userId = newUser();
        String kept = record(userId, STARTED, "kept", null, null, T0);
        String lost = record(userId, SUCCEEDED, "lost", 10L, null, T0.plusSeconds(1));
        historyWhenProjected("userId=" + userId, 2);
        Map<String, Object> keptBefore = row(kept);
        Map<String, Object> lostBefore = row(lost);
        long rowsBefore = jdbc.queryForObject("SELECT count(*) FROM cad_events", Long.class);
        jdbc.update("DELETE FROM cad_events WHERE event_id = ?", lost);

        Replays.replay(processing, store, "cad-events");

        assertThat(row(kept)).isEqualTo(keptBefore);
        assertThat(row(lost)).isEqualTo(lostBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cad_events", Long.class)).isEqualTo(rowsBefore);
    }

    Map<String, Object> row(String eventId) {
        return jdbc.queryForMap("""
                SELECT event_id, user_id, kind, prompt, duration_ms, error, model, metadata::text AS metadata,
                       occurred_at
                  FROM cad_events WHERE event_id = ?""", eventId);
    }
}
