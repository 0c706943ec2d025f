package dev.analytics.server.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.EndUser;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Counting generations up to the limit, and recording CAD events, over real HTTP. */
@ServerTest
class GenerationTrackingTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    long storedEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    Api.Response increment(EndUser user) {
        return api.post("/users/increment-count", null, "", user.writes());
    }

    Api.Response cadEvent(EndUser user, String json) {
        return api.postJson("/track/cad-event", json, user.writes());
    }

    String storedPayload(String like) {
        return jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE payload_type LIKE ? ORDER BY global_index DESC LIMIT 1", String.class, like);
    }

    @Test
    void countsUpToTheLimitThenRefusesWithTheFigures() {
        EndUser user = EndUser.signUp(api, "{}");
        for (int i = 1; i <= 10; i++) {
            Api.Response response = increment(user);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("modelCount").asInt()).isEqualTo(i);
            assertThat(response.json().get("remaining").asInt()).isEqualTo(10 - i);
        }
        long before = storedEvents();

        Api.Response refused = increment(user);

        assertThat(refused.status()).isEqualTo(403);
        JsonNode body = refused.json();
        assertThat(body.get("error").asText()).isEqualTo("limit_reached");
        assertThat(body.get("modelCount").asInt()).isEqualTo(10);
        assertThat(body.get("modelLimit").asInt()).isEqualTo(10);
        assertThat(body.get("remaining").asInt()).isZero();
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anIncrementWithoutTheCsrfTokenIsRefusedAndNotCounted() {
        EndUser user = EndUser.signUp(api, "{}");

        Api.Response refused = api.post("/users/increment-count", null, "", user.reads());
        Api.Response wrong = api.post("/users/increment-count", null, "", "Cookie", user.cookie(),
                "X-CSRF-Token", "A".repeat(43));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("csrf_invalid");
        assertThat(wrong.json().get("error").asText()).isEqualTo("csrf_invalid");
        assertThat(api.get("/auth/current-user", user.reads()).json().get("modelCount").asInt()).isZero();
    }

    @Test
    void anIncrementWithoutASessionIs401() {
        assertThat(api.post("/users/increment-count", null, "").status()).isEqualTo(401);
    }

    @Test
    void anIncrementFromAnotherSiteIsRefused() {
        EndUser user = EndUser.signUp(api, "{}");
        String[] headers = {"Cookie", user.cookie(), "X-CSRF-Token", user.csrfToken(), "Origin", "https://evil.example"};

        Api.Response refused = api.post("/users/increment-count", null, "", headers);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("origin_not_allowed");
    }

    @Test
    void aCadEventIsRecordedWithThePromptExactlyAsSent() throws Exception {
        EndUser user = EndUser.signUp(api, "{}");
        String prompt = "a gear, 20 teeth — Zahnrad ⚙️ 歯車 <img src=x onerror=alert(1)> \"quoted\"\nline two";
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(java.util.Map.of(
                "kind", "generation_succeeded", "prompt", prompt, "durationMs", 1234, "model", "cad-v2",
                "metadata", java.util.Map.of("faces", 42, "units", "mm", "preview", true)));

        Api.Response response = cadEvent(user, json);

        assertThat(response.status()).isEqualTo(202);
        JsonNode stored = new com.fasterxml.jackson.databind.ObjectMapper().readTree(storedPayload("%CadEventRecorded"));
        assertThat(stored.get("prompt").asText()).isEqualTo(prompt);
        assertThat(stored.get("userId").asText()).isEqualTo(user.userId());
        assertThat(stored.get("durationMs").asLong()).isEqualTo(1234);
        assertThat(stored.get("metadata").get("faces").asInt()).isEqualTo(42);
    }

    @Test
    void aRepeatedCadEventIdIsANoOp() {
        EndUser user = EndUser.signUp(api, "{}");
        String json = "{\"eventId\":\"gen-1\",\"kind\":\"generation_started\",\"prompt\":\"a cube\"}";
        long before = storedEvents();

        assertThat(cadEvent(user, json).status()).isEqualTo(202);
        assertThat(cadEvent(user, json).status()).isEqualTo(202);

        assertThat(storedEvents()).isEqualTo(before + 1);
    }

    @Test
    void badCadEventsAreRefusedAndNotRecorded() {
        EndUser user = EndUser.signUp(api, "{}");
        long before = storedEvents();

        assertRefused(cadEvent(user, "{\"kind\":\"teleported\"}"), "kind");
        assertRefused(cadEvent(user, "{\"prompt\":\"no kind\"}"), "kind");
        assertRefused(cadEvent(user, "{\"kind\":\"generation_started\",\"prompt\":\"" + "p".repeat(4001) + "\"}"),
                "prompt");
        assertRefused(cadEvent(user, "{\"kind\":\"generation_failed\",\"durationMs\":-5}"), "durationMs");
        assertRefused(cadEvent(user, "{\"kind\":\"generation_failed\",\"durationMs\":\"slow\"}"), "durationMs");
        assertRefused(cadEvent(user, "{\"kind\":\"generation_failed\",\"metadata\":{\"nested\":{\"a\":1}}}"),
                "metadata");
        assertRefused(cadEvent(user, "{\"kind\":\"generation_failed\",\"metadata\":{\"bad key\":1}}"), "metadata");
        assertRefused(cadEvent(user, "{\"kind\":\"generation_failed\",\"metadata\":[1,2]}"), "metadata");
        assertThat(cadEvent(user, "{\"kind\":").status()).isEqualTo(400);
        assertThat(api.post("/track/cad-event", "text/plain", "{\"kind\":\"generation_started\"}",
                user.writes()).status()).isEqualTo(415);

        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aPromptOfExactly4000CharactersIsAccepted() {
        EndUser user = EndUser.signUp(api, "{}");

        assertThat(cadEvent(user, "{\"kind\":\"generation_started\",\"prompt\":\"" + "p".repeat(4000) + "\"}")
                .status()).isEqualTo(202);
    }

    @Test
    void cadEventsNeedASessionAndTheCsrfToken() {
        EndUser user = EndUser.signUp(api, "{}");
        String json = "{\"kind\":\"generation_started\"}";

        assertThat(api.postJson("/track/cad-event", json).status()).isEqualTo(401);
        assertThat(api.postJson("/track/cad-event", json, user.reads()).json().get("error").asText())
                .isEqualTo("csrf_invalid");
    }

    private static void assertRefused(Api.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_field");
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }
}
