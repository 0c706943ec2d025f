package dev.analytics.server.admin;

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

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin's actions on users over real HTTP: reset a count, change a limit, issue and redeem a claim code. */
@ServerTest
class UserAdministrationTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableClock clock;
    Api api;
    Api admin;

    @BeforeEach
    void setUp() {
        clock.set(Instant.now());
        api = new Api(port);
        admin = new Api(port).login(ServerTest.ADMIN_PASSWORD);
    }

    void generate(EndUser user, int times) {
        for (int i = 0; i < times; i++) {
            api.post("/users/increment-count", null, "", user.writes());
        }
    }

    int count(EndUser user) {
        return api.get("/auth/current-user", user.reads()).json().get("modelCount").asInt();
    }

    @Test
    void aResetLetsAUserAtTheLimitGenerateAgain() {
        EndUser user = EndUser.signUp(api, "{}");
        generate(user, 10);
        assertThat(api.post("/users/increment-count", null, "", user.writes()).status()).isEqualTo(403);

        Api.Response reset = admin.postJson("/admin/reset-user-count",
                "{\"userId\":\"" + user.userId() + "\",\"reason\":\"support ticket 42\"}", admin.admin());

        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json().get("modelCount").asInt()).isZero();
        assertThat(count(user)).isZero();
        assertThat(api.post("/users/increment-count", null, "", user.writes()).status()).isEqualTo(200);
        String event = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? AND payload_type LIKE '%UserCountReset'", String.class, user.userId());
        assertThat(event).contains("\"previousCount\":10", "support ticket 42", "\"actor\":\"admin\"", "\"ipHmac\":\"")
                .doesNotContain("127.0.0.1");
    }

    @Test
    void aLimitChangeTakesEffectAtOnce() {
        EndUser user = EndUser.signUp(api, "{}");
        generate(user, 3);

        Api.Response changed = admin.postJson("/admin/users/" + user.userId() + "/limit", "{\"modelLimit\":3}",
                admin.admin());

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("remaining").asInt()).isZero();
        Api.Response refused = api.post("/users/increment-count", null, "", user.writes());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("modelLimit").asInt()).isEqualTo(3);
    }

    @Test
    void badLimitsAreRefused() {
        EndUser user = EndUser.signUp(api, "{}");
        String path = "/admin/users/" + user.userId() + "/limit";

        assertThat(admin.postJson(path, "{\"modelLimit\":-1}", admin.admin()).json().get("field").asText())
                .isEqualTo("modelLimit");
        assertThat(admin.postJson(path, "{\"modelLimit\":\"ten\"}", admin.admin()).status()).isEqualTo(400);
        assertThat(admin.postJson(path, "{}", admin.admin()).status()).isEqualTo(400);
        assertThat(admin.postJson("/admin/users/not-a-user/limit", "{\"modelLimit\":5}", admin.admin()).status())
                .isEqualTo(400);
    }

    @Test
    void anUnknownUserIs404() {
        String unknown = "00000000-0000-0000-0000-000000000000";

        Api.Response reset = admin.postJson("/admin/reset-user-count", "{\"userId\":\"" + unknown + "\"}",
                admin.admin());

        assertThat(reset.status()).isEqualTo(404);
        assertThat(reset.json().get("error").asText()).isEqualTo("user_not_found");
        assertThat(admin.post("/admin/users/" + unknown + "/claim-code", null, "", admin.admin()).status())
                .isEqualTo(404);
    }

    @Test
    void adminActionsNeedTheAdminSessionAndCsrfToken() {
        EndUser user = EndUser.signUp(api, "{}");
        String body = "{\"userId\":\"" + user.userId() + "\"}";

        assertThat(api.postJson("/admin/reset-user-count", body).status()).isEqualTo(401);
        assertThat(api.postJson("/admin/reset-user-count", body, user.writes()).status())
                .as("an end user's session is not an admin session").isEqualTo(401);
        Api.Response noCsrf = admin.postJson("/admin/reset-user-count", body, "Cookie", admin.admin()[1]);
        assertThat(noCsrf.status()).isEqualTo(403);
        assertThat(noCsrf.json().get("error").asText()).isEqualTo("csrf_invalid");
    }

    @Test
    void aClaimCodeBindsANewSessionToItsUserOnce() {
        EndUser original = EndUser.signUp(api, "{\"email\":\"legacy@example.com\"}");
        generate(original, 4);

        JsonNode issued = admin.post("/admin/users/" + original.userId() + "/claim-code", null, "", admin.admin())
                .json();
        String code = issued.get("claimCode").asText();
        assertThat(Instant.parse(issued.get("expiresAt").asText())).isEqualTo(clock.instant().plus(Duration.ofHours(24)));

        EndUser claimed = EndUser.signUp(api, "{\"claimCode\":\"" + code + "\"}");
        assertThat(claimed.userId()).isEqualTo(original.userId());
        assertThat(count(claimed)).isEqualTo(4);
        assertThat(claimed.cookie()).isNotEqualTo(original.cookie());

        Api.Response again = api.postJson("/auth/create-session", "{\"claimCode\":\"" + code + "\"}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("field").asText()).isEqualTo("claimCode");
        String payloads = String.join("", jdbc.queryForList(
                "SELECT convert_from(payload, 'UTF8') FROM domain_event_entry", String.class));
        assertThat(payloads).as("the code itself is never stored").doesNotContain(code);
    }

    @Test
    void aClaimCodeExpiresAfter24Hours() {
        EndUser original = EndUser.signUp(api, "{}");
        String code = admin.post("/admin/users/" + original.userId() + "/claim-code", null, "", admin.admin())
                .json().get("claimCode").asText();

        clock.advance(Duration.ofHours(24));

        assertThat(api.postJson("/auth/create-session", "{\"claimCode\":\"" + code + "\"}").status()).isEqualTo(400);
    }

    @Test
    void aMadeUpClaimCodeIsRefused() {
        assertThat(api.postJson("/auth/create-session", "{\"claimCode\":\"nonsense\"}").status()).isEqualTo(400);
        assertThat(api.postJson("/auth/create-session",
                "{\"claimCode\":\"00000000-0000-0000-0000-000000000000.AAAAAAAAAAAAAAAAAAAAAA\"}").status())
                .isEqualTo(400);
    }
}
