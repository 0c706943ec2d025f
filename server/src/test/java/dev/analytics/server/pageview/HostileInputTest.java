package dev.analytics.server.pageview;

import dev.analytics.server.support.Api;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Requests a hostile client sent, each of which once got through. */
@ServerTest
class HostileInputTest {

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

    /** Sends raw bytes, since java.net.http normalises the odd paths and headers these tests need. */
    String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void pathTricksDoNotReachAdminDataWithoutASession() throws IOException {
        for (String path : new String[]{"/admin;x=y/stats", "/admin;/stats", "/%61dmin/stats", "/ad%6din/stats",
                "/admin/./stats", "/admin//stats", "/admin%2fstats", "/%2e%2e/admin/stats", "/admin/stats%00"}) {
            String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String statusLine = response.substring(0, response.indexOf("\r\n"));
            assertThat(statusLine).as(path).matches("HTTP/1.1 (400|401) .*");
            assertThat(response).as(path).contains("{\"error\":\"").doesNotContain("pageViews", "<html");
        }
    }

    @Test
    void aTrickedLoginPathStillChecksTheOrigin() throws IOException {
        String body = "{\"password\":\"" + ServerTest.ADMIN_PASSWORD + "\"}";
        String response = raw("POST /%61dmin/login HTTP/1.1\r\nHost: localhost\r\nOrigin: http://evil.example\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                + body);

        assertThat(response).startsWith("HTTP/1.1 403").contains("origin_not_allowed").doesNotContain("Set-Cookie");
    }

    @Test
    void aNulCharacterIsRefusedAndTheProjectionKeepsMoving() {
        long before = storedEvents();
        assertThat(api.postJson("/track/pageview", "{\"site\":\"portfolio\",\"url\":\"http://localhost/nul%00x\"}")
                .status()).isEqualTo(400);
        assertThat(api.postJson("/track/pageview",
                "{\"site\":\"portfolio\",\"url\":\"http://localhost/a\",\"title\":\"a\\u0000b\"}").status())
                .isEqualTo(400);
        assertThat(storedEvents()).isEqualTo(before);

        String longHost = "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + ".com";
        assertThat(api.postJson("/track/pageview", "{\"site\":\"portfolio\",\"url\":\"http://localhost/after\","
                + "\"referrer\":\"http://" + longHost + "/x\"}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM page_views WHERE path = '/after'", Integer.class) == 1);
    }

    @Test
    void aRequestAskingForXmlIsStillAnsweredInJsonAndStoredOnce() {
        long before = storedEvents();

        Api.Response response = api.postJson("/track/pageview", "{\"site\":\"portfolio\",\"url\":\"http://localhost/x\"}",
                "Accept", "application/xml");

        assertThat(response.status()).isEqualTo(202);
        assertThat(storedEvents()).isEqualTo(before + 1);
    }

    @Test
    void jsonIsParsedStrictly() {
        long before = storedEvents();
        String[] bodies = {
                "{\"site\":\"portfolio\",\"url\":\"http://localhost/a\"} trailing",
                "{\"site\":\"portfolio\",\"url\":\"http://localhost/a\"}{\"x\":1}",
                "{\"site\":\"portfolio\",\"site\":\"text-to-cad\",\"url\":\"http://localhost/a\"}",
                "{\"site\":\"portfolio\",\"url\":\"http://localhost/a\",\"screenWidth\":1.5}",
                "{\"site\":\"portfolio\",\"url\":\"http://localhost/a\",\"screenWidth\":\"123\"}",
                "{\"site\":\"portfolio\",\"url\":\"http://localhost/a\",\"title\":123}",
                "{\"site\":\"portfolio\",\"url\":\"http://localhost:99999/a\"}"};
        for (String body : bodies) {
            assertThat(api.postJson("/track/pageview", body).status()).as(body).isEqualTo(400);
        }
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void referrerCredentialsAreNotKept() {
        api.postJson("/track/pageview", "{\"site\":\"portfolio\",\"url\":\"http://localhost/ref\","
                + "\"referrer\":\"https://user:secret@news.example.org:8443/story?id=1\"}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT referrer FROM page_views WHERE path = '/ref'", String.class))
                .containsExactly("https://news.example.org:8443/story"));
    }

    @Test
    void tomcatsOwnRefusalsAreJsonToo() throws IOException {
        String response = raw("GET /health HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400").contains("{\"error\":\"bad_request\"").doesNotContain("<html");
        assertThat(api.get("/error").status()).isEqualTo(404);
    }
}
