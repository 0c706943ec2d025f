package dev.analytics.server.admin;

import dev.analytics.server.support.Api;
import dev.analytics.server.support.MutableClock;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Admin sign-in, the session cookie, CSRF and expiry, over real HTTP. */
@ServerTest
class AdminSessionTest {

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    Api api;

    @BeforeEach
    void setUp() {
        clock.set(Instant.now());
        api = new Api(port);
    }

    @Test
    void aWrongPasswordGets401AndNoCookie() {
        Api.Response response = api.postJson("/admin/login", "{\"password\":\"not-the-password\"}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_credentials");
        assertThat(response.header("Set-Cookie")).isNull();
    }

    @Test
    void theRightPasswordGivesAStrictSecureHttpOnlyCookieAndACsrfToken() {
        Api.Response response = api.postJson("/admin/login", "{\"password\":\"" + ServerTest.ADMIN_PASSWORD + "\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("csrfToken").asText()).hasSizeGreaterThanOrEqualTo(43);
        String cookie = response.header("Set-Cookie");
        assertThat(cookie).startsWith("admin_session=").contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/",
                "Max-Age=43200");
    }

    @Test
    void statsNeedASession() {
        Api.Response response = api.get("/admin/stats");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(api.get("/admin/stats", "Cookie", "admin_session=forged-token-value").status()).isEqualTo(401);
    }

    @Test
    void theSessionGivesTheCsrfTokenBackAfterAReload() {
        api.login(ServerTest.ADMIN_PASSWORD);
        String[] headers = api.admin();
        String csrf = headers[3];

        Api.Response response = api.get("/admin/session", "Cookie", headers[1]);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("csrfToken").asText()).isEqualTo(csrf);
    }

    @Test
    void logoutNeedsTheCsrfTokenAndThenEndsTheSession() {
        api.login(ServerTest.ADMIN_PASSWORD);
        String cookie = api.admin()[1];

        Api.Response withoutToken = api.post("/admin/logout", null, "", "Cookie", cookie);
        assertThat(withoutToken.status()).isEqualTo(403);
        assertThat(withoutToken.json().get("error").asText()).isEqualTo("csrf_invalid");

        Api.Response crossSite = api.post("/admin/logout", null, "", api.admin("Origin", "https://evil.example"));
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.json().get("error").asText()).isEqualTo("origin_not_allowed");

        Api.Response logout = api.post("/admin/logout", null, "", api.admin());
        assertThat(logout.status()).isEqualTo(204);
        assertThat(logout.header("Set-Cookie")).contains("admin_session=", "Max-Age=0");
        assertThat(api.get("/admin/stats", "Cookie", cookie).status()).isEqualTo(401);
    }

    @Test
    void aSessionEndsAfter30IdleMinutes() {
        api.login(ServerTest.ADMIN_PASSWORD);
        clock.advance(Duration.ofMinutes(29));
        assertThat(api.get("/admin/stats", api.admin()).status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(29)); // activity 29 minutes ago keeps it alive
        assertThat(api.get("/admin/stats", api.admin()).status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(31));
        assertThat(api.get("/admin/stats", api.admin()).status()).isEqualTo(401);
    }

    @Test
    void aSessionEndsAfter12HoursHoweverActive() {
        api.login(ServerTest.ADMIN_PASSWORD);
        for (int i = 0; i < 24; i++) {
            clock.advance(Duration.ofMinutes(29));
            assertThat(api.get("/admin/session", api.admin()).status()).isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(29)); // 12 h 25 min after sign-in
        assertThat(api.get("/admin/session", api.admin()).status()).isEqualTo(401);
    }
}
