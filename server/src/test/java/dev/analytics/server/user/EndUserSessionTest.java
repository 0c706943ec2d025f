package dev.analytics.server.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.EndUser;
import dev.analytics.server.support.MutableClock;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** create-session, current-user and logout over real HTTP, with the cross-site rules. */
@ServerTest
@TestPropertySource(properties = "analytics.app-origins=https://cad.example.com")
class EndUserSessionTest {

    static final String APP = "https://cad.example.com";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableClock clock;
    Api api;

    @BeforeEach
    void setUp() {
        clock.set(Instant.now());
        api = new Api(port);
    }

    long storedEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    @Test
    void withoutACookieEveryCallCreatesANewUserAndSession() {
        EndUser first = EndUser.signUp(api, "{}");
        EndUser second = EndUser.signUp(api, "{}");

        assertThat(first.userId()).isNotEqualTo(second.userId());
        assertThat(first.cookie()).isNotEqualTo(second.cookie());
        JsonNode user = first.body().get("user");
        assertThat(user.get("modelCount").asInt()).isZero();
        assertThat(user.get("modelLimit").asInt()).isEqualTo(10);
        assertThat(user.get("remaining").asInt()).isEqualTo(10);
        assertThat(first.body().get("expiresAt").asText()).isNotBlank();
    }

    @Test
    void theCookieIsAnOpaqueHttpOnlySecureLaxSevenDayToken() {
        Api.Response response = api.postJson("/auth/create-session", "{}");

        String cookie = response.header("Set-Cookie");
        assertThat(cookie).matches("session=[A-Za-z0-9_-]{43};.*")
                .contains("HttpOnly", "Secure", "SameSite=Lax", "Path=/", "Max-Age=604800");
        String token = cookie.substring("session=".length(), cookie.indexOf(';'));
        String payloads = String.join("", jdbc.queryForList(
                "SELECT convert_from(payload, 'UTF8') FROM domain_event_entry", String.class));
        assertThat(payloads).as("only a hash of the token is stored").doesNotContain(token);
    }

    @Test
    void withAValidCookieItReturnsThatUserAndCreatesNothing() {
        EndUser user = EndUser.signUp(api, "{\"name\":\"Ada\"}");
        long before = storedEvents();

        Api.Response again = api.postJson("/auth/create-session", "{}", user.reads());

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("user").get("id").asText()).isEqualTo(user.userId());
        assertThat(again.json().get("csrfToken").asText()).isEqualTo(user.csrfToken());
        assertThat(again.header("Set-Cookie")).isNull();
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void emailsAreTrimmedAndLowerCasedAndNeverSignAnyoneIn() {
        EndUser owner = EndUser.signUp(api, "{\"email\":\"  Grace@Example.COM \"}");
        assertThat(owner.body().get("user").get("email").asText()).isEqualTo("grace@example.com");
        long before = storedEvents();

        Api.Response taken = api.postJson("/auth/create-session", "{\"email\":\"grace@example.com\"}");

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().get("error").asText()).isEqualTo("email_in_use");
        assertThat(taken.header("Set-Cookie")).isNull();
        assertThat(storedEvents()).as("nothing recorded for the refused sign-up").isEqualTo(before);
    }

    @Test
    void anInvalidEmailIsRefused() {
        for (String email : new String[]{"not-an-email", "a@b", "two@@example.com", "x".repeat(250) + "@example.com"}) {
            Api.Response response = api.postJson("/auth/create-session", "{\"email\":\"" + email + "\"}");
            assertThat(response.status()).as(email).isEqualTo(400);
            assertThat(response.json().get("field").asText()).isEqualTo("email");
        }
    }

    @Test
    void createSessionTakesJsonOnlyAndOnlyFromAllowedOrigins() {
        assertThat(api.post("/auth/create-session", "text/plain", "{}").status()).isEqualTo(415);
        Api.Response evil = api.postJson("/auth/create-session", "{}", "Origin", "https://evil.example");
        assertThat(evil.status()).isEqualTo(403);
        assertThat(evil.json().get("error").asText()).isEqualTo("origin_not_allowed");
        assertThat(api.postJson("/auth/create-session", "{}", "Sec-Fetch-Site", "cross-site").status())
                .isEqualTo(403);
        assertThat(api.postJson("/auth/create-session", "{}", "Origin", APP).status()).isEqualTo(200);
    }

    @Test
    void credentialedCorsIsGrantedToTheAppsOriginOnly() {
        Api.Response allowed = api.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(api.base() + "/users/increment-count"))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()),
                "Origin", APP, "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "x-csrf-token");
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(allowed.header("Access-Control-Allow-Credentials")).isEqualTo("true");

        Api.Response other = api.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(api.base() + "/users/increment-count"))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()),
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST");
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void currentUserNeedsALiveSession() {
        assertThat(api.get("/auth/current-user").status()).isEqualTo(401);
        assertThat(api.get("/auth/current-user", "Cookie", "session=" + "A".repeat(43)).status()).isEqualTo(401);
        assertThat(api.get("/auth/current-user").json().get("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void currentUserIsRightImmediatelyAfterCreateSessionAndAfterAnIncrement() {
        EndUser user = EndUser.signUp(api, "{\"email\":\"lin@example.com\",\"name\":\"Lin\"}");

        JsonNode current = api.get("/auth/current-user", user.reads()).json();
        assertThat(current.get("id").asText()).isEqualTo(user.userId());
        assertThat(current.get("email").asText()).isEqualTo("lin@example.com");
        assertThat(current.get("name").asText()).isEqualTo("Lin");
        assertThat(current.get("modelCount").asInt()).isZero();
        assertThat(current.get("sessionExpiresAt").asText()).isEqualTo(user.body().get("expiresAt").asText());

        assertThat(api.post("/users/increment-count", null, "", user.writes()).status()).isEqualTo(200);
        current = api.get("/auth/current-user", user.reads()).json();
        assertThat(current.get("modelCount").asInt()).isEqualTo(1);
        assertThat(current.get("remaining").asInt()).isEqualTo(9);
    }

    @Test
    void aSessionExpiresSevenDaysAfterCreation() {
        EndUser user = EndUser.signUp(api, "{}");

        clock.advance(Duration.ofDays(7).minusMinutes(1));
        assertThat(api.get("/auth/current-user", user.reads()).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertThat(api.get("/auth/current-user", user.reads()).status()).isEqualTo(401);
    }

    @Test
    void logoutNeedsTheCsrfTokenAndRevokesTheSession() {
        EndUser user = EndUser.signUp(api, "{}");

        Api.Response withoutToken = api.post("/auth/logout", null, "", user.reads());
        assertThat(withoutToken.status()).isEqualTo(403);
        assertThat(withoutToken.json().get("error").asText()).isEqualTo("csrf_invalid");
        assertThat(api.get("/auth/current-user", user.reads()).status()).isEqualTo(200);

        Api.Response logout = api.post("/auth/logout", null, "", user.writes());
        assertThat(logout.status()).isEqualTo(204);
        assertThat(logout.header("Set-Cookie")).contains("session=", "Max-Age=0");
        assertThat(api.get("/auth/current-user", user.reads()).status()).isEqualTo(401);
        // a revoked session's cookie signs in no one: create-session makes a new user
        assertThat(EndUser.signUp(api, "{}").userId()).isNotEqualTo(user.userId());
    }
}
