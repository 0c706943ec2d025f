package dev.analytics.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.EndUser;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walk-through, end to end over HTTP: a user generates up to the limit, the admin resets the count, and
 * the admin sees each step in {@code /admin/users}, {@code /admin/cad-events} and {@code /admin/logs}.
 */
@ServerTest
class AdminSeesUserActivityTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    Api api;
    Api admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = new Api(port).login(ServerTest.ADMIN_PASSWORD);
    }

    JsonNode adminGet(String path) {
        Api.Response response = admin.get(path, admin.admin());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    static List<JsonNode> items(JsonNode page) {
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    @Test
    void theAdminSeesGenerationsTheLimitTheResetAndTheAuditTrail() {
        String email = "walk-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        EndUser user = EndUser.signUp(api, "{\"email\":\"" + email + "\"}");
        String prompt = "<img src=x onerror=alert(1)> ein Zahnrad, 齿轮";
        Api.Response recorded = api.postJson("/track/cad-event", "{\"kind\":\"generation_started\",\"prompt\":"
                + "\"<img src=x onerror=alert(1)> ein Zahnrad, \\u9f7f\\u8f6e\"}", user.writes());
        assertThat(recorded.status()).isEqualTo(202);
        for (int i = 0; i < 10; i++) {
            assertThat(api.post("/users/increment-count", null, "", user.writes()).status()).isEqualTo(200);
        }
        assertThat(api.post("/users/increment-count", null, "", user.writes()).status()).isEqualTo(403);

        Api.Response reset = admin.postJson("/admin/reset-user-count",
                "{\"userId\":\"" + user.userId() + "\",\"reason\":\"support ticket 42\"}", admin.admin());
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(api.post("/users/increment-count", null, "", user.writes()).status()).isEqualTo(200);

        String byEmail = "/admin/users?q=" + URLEncoder.encode(email.toUpperCase(), StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(10)).until(() -> adminGet(byEmail).get("items").path(0)
                .path("modelCount").asInt() == 1 && adminGet(byEmail).get("total").asInt() == 1);
        JsonNode listed = adminGet(byEmail).get("items").get(0);
        assertThat(listed.get("id").asText()).isEqualTo(user.userId());
        assertThat(listed.get("email").asText()).isEqualTo(email);
        assertThat(listed.get("modelLimit").asInt()).isEqualTo(10);
        assertThat(listed.get("remaining").asInt()).isEqualTo(9);
        assertThat(listed.get("lastActivityAt").isNull()).isFalse();

        await().atMost(Duration.ofSeconds(10)).until(() ->
                adminGet("/admin/cad-events?userId=" + user.userId()).get("total").asInt() == 1);
        JsonNode event = adminGet("/admin/cad-events?userId=" + user.userId()).get("items").get(0);
        assertThat(event.get("prompt").asText()).isEqualTo(prompt);
        assertThat(event.get("kind").asText()).isEqualTo("generation_started");

        await().atMost(Duration.ofSeconds(10)).until(() -> items(adminGet("/admin/logs?action=user.count_reset"))
                .stream().anyMatch(entry -> entry.get("target").asText().equals(user.userId())));
        JsonNode entry = items(adminGet("/admin/logs?action=user.count_reset")).stream()
                .filter(e -> e.get("target").asText().equals(user.userId())).findFirst().orElseThrow();
        assertThat(entry.get("actor").asText()).isEqualTo("admin");
        assertThat(entry.get("before").get("modelCount").asInt()).isEqualTo(10);
        assertThat(entry.get("after").get("modelCount").asInt()).isZero();
        assertThat(entry.get("reason").asText()).isEqualTo("support ticket 42");
        assertThat(entry.get("ipHmac").asText()).isNotBlank().doesNotContain("127.0.0.1");
        assertThat(items(adminGet("/admin/logs?action=admin.login"))).isNotEmpty()
                .allSatisfy(login -> assertThat(login.get("ipHmac").asText()).isNotBlank());
    }

    @Test
    void aClaimCodeIsAuditedWhenIssuedAndRedeemedButNeverShown() throws Exception {
        EndUser original = EndUser.signUp(api, "{}");
        Api.Response issued = admin.post("/admin/users/" + original.userId() + "/claim-code", null, "",
                admin.admin());
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        String code = issued.json().get("claimCode").asText();
        EndUser claimed = EndUser.signUp(api, "{\"claimCode\":\"" + code + "\"}");
        assertThat(claimed.userId()).isEqualTo(original.userId());

        await().atMost(Duration.ofSeconds(10)).until(() ->
                items(adminGet("/admin/logs?action=user.claim_code_redeemed")).stream()
                        .anyMatch(e -> e.get("target").asText().equals(original.userId())));
        JsonNode issuedEntry = items(adminGet("/admin/logs?action=user.claim_code_issued")).stream()
                .filter(e -> e.get("target").asText().equals(original.userId())).findFirst().orElseThrow();
        assertThat(issuedEntry.get("after").get("expiresAt").asText())
                .isEqualTo(issued.json().get("expiresAt").asText());
        String codeHash = new ObjectMapper().readTree(jdbc.queryForObject(
                "SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE payload_type LIKE ?",
                String.class, "%ClaimCodeIssued")).get("codeHash").asText();
        String trail = admin.get("/admin/logs?size=100", admin.admin()).body();
        assertThat(trail).doesNotContain(code).doesNotContain(codeHash);

        // the new session belongs to the claimed user
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM sessions WHERE user_id = ?", Long.class, original.userId()) == 2);
    }
}
