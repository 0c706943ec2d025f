package dev.analytics.server.pageview;

import dev.analytics.server.support.Api;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** POST /track/pageview over real HTTP: what is accepted, what is refused, and that refusals store nothing. */
@ServerTest
class PageViewIngestionTest {

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

    Api.Response track(String json) {
        return api.postJson("/track/pageview", json);
    }

    void assertRefused(Api.Response response, int status, String error, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("error").asText()).isEqualTo(error);
        assertThat(response.json().get("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(response.json().get("field").asText()).isEqualTo(field);
        }
        assertThat(response.body()).doesNotContain("Exception", "at dev.", "at org.");
    }

    @Test
    void anAcceptedPageViewIsStoredAsAnEventAndProjected() {
        long before = storedEvents();
        Api.Response response = track("""
                {"site":"portfolio","url":"http://localhost/caf%C3%A9?utm_source=news&utm_campaign=launch",
                 "referrer":"https://news.example.org/item?id=7","title":"Café","screenWidth":1280}""");

        assertThat(response.status()).isEqualTo(202);
        assertThat(storedEvents()).isEqualTo(before + 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT path, utm_source, utm_campaign, referrer, referrer_host, title, screen_width FROM page_views"
                        + " WHERE title = 'Café'"))
                .containsExactly(Map.of("path", "/café", "utm_source", "news", "utm_campaign", "launch",
                        "referrer", "https://news.example.org/item", "referrer_host", "news.example.org",
                        "title", "Café", "screen_width", 1280)));
    }

    @Test
    void theEventHoldsNoRawIpAddress() {
        api.postJson("/track/pageview", "{\"site\":\"portfolio\",\"url\":\"http://localhost/ip\"}");
        String payloads = String.join("\n", jdbc.queryForList(
                "SELECT convert_from(payload, 'UTF8') || convert_from(coalesce(meta_data, ''), 'UTF8') "
                        + "FROM domain_event_entry", String.class));
        assertThat(payloads).contains("\"path\":\"/ip\"").doesNotContain("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
    }

    @Test
    void textPlainBodiesAreAcceptedAsTrackingJsSendsThem() {
        Api.Response response = api.post("/track/pageview", "text/plain;charset=UTF-8",
                "{\"site\":\"text-to-cad\",\"url\":\"http://127.0.0.1/model\"}", "Origin", "http://elsewhere.example");
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(response.header("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void aRepeatedEventIdIsANoOpThatStillAnswers202() {
        long before = storedEvents();
        String body = "{\"site\":\"portfolio\",\"url\":\"http://localhost/retry\",\"eventId\":\"abc-123\"}";
        assertThat(track(body).status()).isEqualTo(202);
        assertThat(track(body).status()).isEqualTo(202);
        assertThat(storedEvents()).isEqualTo(before + 1);
        // the same client id on another site is another page view
        assertThat(track(body.replace("portfolio", "text-to-cad")).status()).isEqualTo(202);
        assertThat(storedEvents()).isEqualTo(before + 2);
    }

    @Test
    void malformedJsonIsRefused() {
        long before = storedEvents();
        assertRefused(track("{\"site\":\"portfolio\",\"url\":"), 400, "malformed_json", null);
        assertRefused(track("[1,2]"), 400, "malformed_json", null);
        assertRefused(track(""), 400, "malformed_json", null);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aMissingSiteIsRefused() {
        long before = storedEvents();
        assertRefused(track("{\"url\":\"http://localhost/a\"}"), 400, "invalid_field", "site");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anUnknownSiteIsRefused() {
        long before = storedEvents();
        assertRefused(track("{\"site\":\"nope\",\"url\":\"http://localhost/a\"}"), 400, "invalid_field", "site");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aUrlOnAnUnlistedHostIsForbidden() {
        long before = storedEvents();
        assertRefused(track("{\"site\":\"portfolio\",\"url\":\"https://evil.example/a\"}"), 403, "host_not_allowed",
                "url");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aUrlOver2000CharactersIsRefused() {
        long before = storedEvents();
        String url = "http://localhost/" + "a".repeat(3000 - 17);
        assertRefused(track("{\"site\":\"portfolio\",\"url\":\"" + url + "\"}"), 400, "invalid_field", "url");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aJavascriptUrlIsRefused() {
        long before = storedEvents();
        assertRefused(track("{\"site\":\"portfolio\",\"url\":\"javascript:alert(1)\"}"), 400, "invalid_field", "url");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void wrongFieldTypesAreRefused() {
        long before = storedEvents();
        assertRefused(track("{\"site\":\"portfolio\",\"url\":\"http://localhost/a\",\"screenWidth\":\"wide\"}"), 400,
                "invalid_field", "screenWidth");
        assertRefused(track("{\"site\":\"portfolio\",\"url\":\"http://localhost/a\",\"eventId\":\"a b\"}"), 400,
                "invalid_field", "eventId");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aFormEncodedBodyIsUnsupported() {
        long before = storedEvents();
        assertRefused(api.post("/track/pageview", "application/x-www-form-urlencoded",
                "site=portfolio&url=http%3A%2F%2Flocalhost%2Fa"), 415, "unsupported_media_type", null);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a20KilobyteBodyIsTooLargeSentWhole() {
        long before = storedEvents();
        assertRefused(track(bigBody()), 413, "body_too_large", null);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a20KilobyteBodyIsTooLargeSentChunked() {
        long before = storedEvents();
        byte[] body = bigBody().getBytes(StandardCharsets.UTF_8);
        // A body publisher of unknown length makes the client send Transfer-Encoding: chunked.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + "/track/pageview"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        assertRefused(api.send(request), 413, "body_too_large", null);
        assertThat(storedEvents()).isEqualTo(before);
    }

    /** A valid page view padded with a 20 KB title, so only its size is wrong. */
    private static String bigBody() {
        return "{\"site\":\"portfolio\",\"url\":\"http://localhost/a\",\"title\":\"" + "x".repeat(20 * 1024) + "\"}";
    }
}
