package dev.analytics.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.events.AdminActor;
import dev.analytics.events.AdminSignInFailed;
import dev.analytics.events.AdminSignedIn;
import dev.analytics.events.AdminSignedOut;
import dev.analytics.events.ClaimCodeIssued;
import dev.analytics.events.ClaimCodeRedeemed;
import dev.analytics.events.ModelLimitChanged;
import dev.analytics.events.UserCountReset;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail: {@code admin_logs} rows built from admin events (and claim-code redemptions), and
 * {@code GET /admin/logs} over them. The trail also holds the tests' own sign-ins, so each test looks at its own
 * entries, which happen in a year of their own, later than any sign-in.
 */
@ServerTest
class AuditLogTest {

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

    static AdminActor newAdmin() {
        return new AdminActor("admin", "hmac-" + UUID.randomUUID());
    }

    JsonNode logs(String query) {
        Api.Response response = api.get("/admin/logs" + (query.isEmpty() ? "" : "?" + query), api.admin());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    void awaitProjected(String eventId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM admin_logs WHERE event_id = ?", Long.class, eventId) == 1);
    }

    static Map<String, JsonNode> byId(JsonNode page) {
        Map<String, JsonNode> entries = new HashMap<>();
        page.get("items").forEach(item -> entries.put(item.get("id").asText(), item));
        return entries;
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    @Test
    void everyAdminActionIsOneEntryWithWhoWhatTargetBeforeAfterAndWhen() {
        Instant t = Instant.parse("2040-01-01T09:00:00Z");
        AdminActor admin = newAdmin();
        String userId = UUID.randomUUID().toString();
        String codeHash = "code-hash-" + UUID.randomUUID();
        String signedIn = events.fact(new AdminSignedIn(admin, t));
        String failed = events.fact(new AdminSignInFailed("hmac-of-a-stranger", t.plusSeconds(1)));
        List<String> userEvents = events.ofUser(userId,
                new UserCountReset(userId, 10, "support ticket <7>", admin, t.plusSeconds(2)),
                new ModelLimitChanged(userId, 10, 25, admin, t.plusSeconds(3)),
                new ClaimCodeIssued(userId, codeHash, t.plus(Duration.ofHours(24)), admin, t.plusSeconds(4)),
                new ClaimCodeRedeemed(userId, codeHash, "session-hash", t.plusSeconds(5)));
        String signedOut = events.fact(new AdminSignedOut(admin, t.plusSeconds(6)));
        awaitProjected(signedOut);

        JsonNode page = logs("size=100");
        Map<String, JsonNode> entries = byId(page);
        List<String> ours = List.of(signedIn, failed, userEvents.get(0), userEvents.get(1), userEvents.get(2),
                userEvents.get(3), signedOut);
        assertThat(ids(page).stream().filter(ours::contains)).containsExactly(signedOut, userEvents.get(3),
                userEvents.get(2), userEvents.get(1), userEvents.get(0), failed, signedIn);

        JsonNode login = entries.get(signedIn);
        assertThat(login.get("action").asText()).isEqualTo("admin.login");
        assertThat(login.get("actor").asText()).isEqualTo("admin");
        assertThat(login.get("ipHmac").asText()).isEqualTo(admin.ipHmac());
        assertThat(login.get("target").isNull()).isTrue();
        assertThat(Instant.parse(login.get("occurredAt").asText())).isEqualTo(t);

        JsonNode loginFailed = entries.get(failed);
        assertThat(loginFailed.get("action").asText()).isEqualTo("admin.login_failed");
        assertThat(loginFailed.get("actor").asText()).isEqualTo("anonymous");
        assertThat(loginFailed.get("ipHmac").asText()).isEqualTo("hmac-of-a-stranger");

        JsonNode reset = entries.get(userEvents.get(0));
        assertThat(reset.get("action").asText()).isEqualTo("user.count_reset");
        assertThat(reset.get("target").asText()).isEqualTo(userId);
        assertThat(reset.get("before").toString()).isEqualTo("{\"modelCount\":10}");
        assertThat(reset.get("after").toString()).isEqualTo("{\"modelCount\":0}");
        assertThat(reset.get("reason").asText()).isEqualTo("support ticket <7>");
        assertThat(reset.get("ipHmac").asText()).isEqualTo(admin.ipHmac());
        assertThat(Instant.parse(reset.get("occurredAt").asText())).isEqualTo(t.plusSeconds(2));

        JsonNode limit = entries.get(userEvents.get(1));
        assertThat(limit.get("action").asText()).isEqualTo("user.limit_changed");
        assertThat(limit.get("before").toString()).isEqualTo("{\"modelLimit\":10}");
        assertThat(limit.get("after").toString()).isEqualTo("{\"modelLimit\":25}");

        JsonNode issued = entries.get(userEvents.get(2));
        assertThat(issued.get("action").asText()).isEqualTo("user.claim_code_issued");
        assertThat(issued.get("target").asText()).isEqualTo(userId);
        assertThat(issued.get("before").isNull()).isTrue();
        assertThat(Instant.parse(issued.get("after").get("expiresAt").asText()))
                .isEqualTo(t.plus(Duration.ofHours(24)));

        JsonNode redeemed = entries.get(userEvents.get(3));
        assertThat(redeemed.get("action").asText()).isEqualTo("user.claim_code_redeemed");
        assertThat(redeemed.get("actor").asText()).isEqualTo("user");
        assertThat(redeemed.get("target").asText()).isEqualTo(userId);

        assertThat(entries.get(signedOut).get("action").asText()).isEqualTo("admin.logout");

        // a claim code's hash is as good as the code: it is never copied into the trail
        assertThat(api.get("/admin/logs?size=100", api.admin()).body()).doesNotContain(codeHash);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM admin_logs WHERE admin_logs::text LIKE ?", Long.class,
                "%" + codeHash + "%")).isZero();
    }

    @Test
    void theTrailIsNewestFirstPagedAndFilteredByAction() {
        Instant t = Instant.parse("2041-01-01T09:00:00Z");
        AdminActor admin = newAdmin();
        String userId = UUID.randomUUID().toString();
        List<String> changes = events.ofUser(userId,
                new ModelLimitChanged(userId, 10, 11, admin, t),
                new ModelLimitChanged(userId, 11, 12, admin, t.plusSeconds(2)),
                new ModelLimitChanged(userId, 12, 13, admin, t.plusSeconds(4)));
        String signIn = events.fact(new AdminSignedIn(admin, t.plusSeconds(3)));
        awaitProjected(signIn);
        awaitProjected(changes.get(2));

        List<String> ours = List.of(changes.get(0), changes.get(1), changes.get(2), signIn);
        assertThat(ids(logs("size=100")).stream().filter(ours::contains))
                .containsExactly(changes.get(2), signIn, changes.get(1), changes.get(0));

        JsonNode first = logs("action=user.limit_changed&size=2");
        JsonNode second = logs("action=user.limit_changed&size=2&page=1");
        assertThat(ids(first)).containsExactly(changes.get(2), changes.get(1));
        assertThat(ids(second).get(0)).isEqualTo(changes.get(0));
        assertThat(first.get("total").asLong()).isEqualTo(second.get("total").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(second.get("size").asInt()).isEqualTo(2);
        logs("action=user.limit_changed&size=100").get("items")
                .forEach(item -> assertThat(item.get("action").asText()).isEqualTo("user.limit_changed"));
        assertThat(logs("").get("size").asInt()).isEqualTo(25);
    }

    @Test
    void badParametersAreRefusedWithTheFieldNamed() {
        Map<String, String> refusals = Map.of(
                "action=user.deleted", "action",
                "action=" + "a".repeat(65), "action",
                "size=0", "size",
                "page=first", "page");
        refusals.forEach((query, field) -> {
            Api.Response response = api.get("/admin/logs?" + query, api.admin());
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().get("error").asText()).isEqualTo("invalid_field");
            assertThat(response.json().get("field").asText()).as(query).isEqualTo(field);
        });
    }

    @Test
    void theTrailNeedsAnAdminSession() {
        Api.Response response = new Api(port).get("/admin/logs");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void replayingEveryAdminEventChangesNoRowAndRebuildsAMissingOne() {
        Instant t = Instant.parse("2039-01-01T09:00:00Z");
        AdminActor admin = newAdmin();
        String userId = UUID.randomUUID().toString();
        String kept = events.fact(new AdminSignedIn(admin, t));
        String lost = events.ofUser(userId, new UserCountReset(userId, 3, "why not", admin, t.plusSeconds(1))).get(0);
        awaitProjected(lost);
        Map<String, Object> keptBefore = row(kept);
        Map<String, Object> lostBefore = row(lost);
        long rowsBefore = jdbc.queryForObject("SELECT count(*) FROM admin_logs", Long.class);
        jdbc.update("DELETE FROM admin_logs WHERE event_id = ?", lost);

        Replays.replay(processing, store, "admin-logs");

        assertThat(row(kept)).isEqualTo(keptBefore);
        assertThat(row(lost)).isEqualTo(lostBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM admin_logs", Long.class)).isEqualTo(rowsBefore);
    }

    Map<String, Object> row(String eventId) {
        return jdbc.queryForMap("""
                SELECT event_id, occurred_at, actor, action, target, before::text AS before, after::text AS after,
                       reason, ip_hmac
                  FROM admin_logs WHERE event_id = ?""", eventId);
    }
}
