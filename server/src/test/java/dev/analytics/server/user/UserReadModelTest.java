package dev.analytics.server.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.events.AdminActor;
import dev.analytics.events.CadEventRecorded;
import dev.analytics.events.ClaimCodeIssued;
import dev.analytics.events.ModelCountIncremented;
import dev.analytics.events.ModelLimitChanged;
import dev.analytics.events.SessionCreated;
import dev.analytics.events.UserCountReset;
import dev.analytics.events.UserImported;
import dev.analytics.events.UserRegistered;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code users} read model, built from User events (and the sessions and CAD events that show a user's activity),
 * and {@code GET /admin/users} over it: search, sort, paging and refusals. Events are appended to the real store as
 * the command side appends them.
 */
@ServerTest
class UserReadModelTest {

    static final Instant T0 = Instant.parse("2031-03-01T08:00:00Z");
    static final AdminActor ADMIN = new AdminActor("admin", "ip-hmac-of-the-admin");

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

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** A domain only this test's users have, so that searching for it finds nobody else's. */
    static String newDomain() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    }

    JsonNode users(String query) {
        Api.Response response = api.get("/admin/users" + (query.isEmpty() ? "" : "?" + query), api.admin());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    JsonNode usersWhenProjected(String query, long expectedTotal) {
        await().atMost(Duration.ofSeconds(10)).until(() -> users(query).get("total").asLong() == expectedTotal);
        return users(query);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    void register(String userId, String email, Instant at) {
        events.ofUser(userId, new UserRegistered(userId, email, null, 10, at));
    }

    @Test
    void aUsersRowFollowsTheirCountLimitAndOwnActivityButNotAdminActions() {
        String userId = newId();
        String sessionId = newId();
        events.ofUser(userId, new UserRegistered(userId, "ada@" + newDomain(), "Ada <b>Lovelace</b>", 10, T0));
        events.ofSession(sessionId, new SessionCreated(sessionId, userId, T0.plus(Duration.ofDays(7)),
                T0.plusSeconds(1)));
        events.ofUser(userId,
                new ModelCountIncremented(userId, 1, 10, T0.plusSeconds(10)),
                new ModelCountIncremented(userId, 2, 10, T0.plusSeconds(20)));
        events.fact(new CadEventRecorded(userId, "generation_succeeded", "a gear", 1200L, null, null, null,
                T0.plusSeconds(30)));
        events.ofUser(userId,
                new UserCountReset(userId, 2, "support ticket 7", ADMIN, T0.plusSeconds(40)),
                new ModelLimitChanged(userId, 10, 20, ADMIN, T0.plusSeconds(50)),
                new ClaimCodeIssued(userId, "hash", T0.plus(Duration.ofDays(1)), ADMIN, T0.plusSeconds(60)));

        await().atMost(Duration.ofSeconds(10)).until(() -> users("q=" + userId).get("items").path(0)
                .path("modelLimit").asInt() == 20);
        JsonNode user = users("q=" + userId).get("items").get(0);

        assertThat(user.get("id").asText()).isEqualTo(userId);
        assertThat(user.get("email").asText()).startsWith("ada@");
        assertThat(user.get("name").asText()).isEqualTo("Ada <b>Lovelace</b>");
        assertThat(user.get("modelCount").asInt()).isZero();
        assertThat(user.get("modelLimit").asInt()).isEqualTo(20);
        assertThat(user.get("remaining").asInt()).isEqualTo(20);
        assertThat(Instant.parse(user.get("createdAt").asText())).isEqualTo(T0);
        // the CAD event was the user's last own action; the reset and the limit change were the admin's
        assertThat(Instant.parse(user.get("lastActivityAt").asText())).isEqualTo(T0.plusSeconds(30));
        assertThat(user.get("imported").asBoolean()).isFalse();
    }

    @Test
    void anImportedUserKeepsTheirLegacyCountAndCreationTimeAndHasNoActivityYet() {
        String userId = newId();
        Instant legacyCreatedAt = Instant.parse("2019-06-30T23:59:59Z");
        events.ofUser(userId, new UserImported(userId, "legacy@" + newDomain(), 7, 5, "legacy:row-1",
                legacyCreatedAt, T0));

        JsonNode user = usersWhenProjected("q=" + userId, 1).get("items").get(0);

        assertThat(user.get("modelCount").asInt()).isEqualTo(7);
        assertThat(user.get("modelLimit").asInt()).isEqualTo(5);
        assertThat(user.get("remaining").asInt()).isZero(); // over the limit is still nothing left, never negative
        assertThat(Instant.parse(user.get("createdAt").asText())).isEqualTo(legacyCreatedAt);
        assertThat(user.get("lastActivityAt").isNull()).isTrue();
        assertThat(user.get("imported").asBoolean()).isTrue();
        assertThat(user.get("name").isNull()).isTrue();
    }

    @Test
    void searchFindsAnEmailByAnyPartIgnoringCaseOrAUserByExactId() {
        String domain = newDomain();
        String first = newId();
        String second = newId();
        register(first, "grace.hopper@" + domain, T0);
        register(second, "alan.turing@" + domain, T0.plusSeconds(1));
        usersWhenProjected("q=" + domain, 2);

        assertThat(ids(users("q=" + encode("HOPPER@" + domain.toUpperCase())))).containsExactly(first);
        assertThat(ids(users("q=" + encode("turing")))).contains(second).doesNotContain(first);
        assertThat(ids(users("q=" + second))).containsExactly(second);
        assertThat(ids(users("q=" + second.substring(0, 8)))).as("ids match exactly, not in part").isEmpty();
        JsonNode none = users("q=" + encode("nobody@" + domain));
        assertThat(none.get("total").asLong()).isZero();
        assertThat(none.get("items")).isEmpty();
    }

    @Test
    void percentAndUnderscoreInASearchAreLiteralCharactersNotWildcards() {
        String domain = newDomain();
        String underscore = newId();
        String percent = newId();
        String plain = newId();
        register(underscore, "a_b@" + domain, T0);
        register(percent, "a%b@" + domain, T0);
        register(plain, "axb@" + domain, T0);
        usersWhenProjected("q=" + domain, 3);

        assertThat(ids(users("q=" + encode("a_b@" + domain)))).containsExactly(underscore);
        assertThat(ids(users("q=" + encode("a%b@" + domain)))).containsExactly(percent);
        assertThat(ids(users("q=" + encode("%b@" + domain)))).containsExactly(percent);
    }

    @Test
    void usersAreSortedByCountActivityOrCreationAndPagedWithoutRepeatsOrGaps() {
        String domain = newDomain();
        List<String> byCreation = new ArrayList<>();
        int[] counts = {3, 1, 4, 0, 2};
        for (int i = 0; i < counts.length; i++) {
            String userId = newId();
            byCreation.add(userId);
            Instant created = T0.plus(Duration.ofHours(i));
            register(userId, "user" + i + "@" + domain, created);
            for (int n = 1; n <= counts[i]; n++) {
                // the user with the highest count was active last but one: activity and count orders differ
                events.ofUser(userId, new ModelCountIncremented(userId, n, 10,
                        T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(10L * ((i + 3) % 5) + n))));
            }
        }
        String imported = newId();
        events.ofUser(imported, new UserImported(imported, "old@" + domain, 9, 10, "legacy:old",
                Instant.parse("2020-01-01T00:00:00Z"), T0));
        usersWhenProjected("q=" + domain, 6);

        // count: 9 (imported), 4, 3, 2, 1, 0
        assertThat(ids(users("q=" + domain + "&sort=count&size=100"))).containsExactly(imported,
                byCreation.get(2), byCreation.get(0), byCreation.get(4), byCreation.get(1), byCreation.get(3));
        // created: newest first
        assertThat(ids(users("q=" + domain + "&sort=created"))).containsExactly(byCreation.get(4),
                byCreation.get(3), byCreation.get(2), byCreation.get(1), byCreation.get(0), imported);
        // activity, the default: latest first; the imported user, never active here, last
        List<String> byActivity = ids(users("q=" + domain));
        assertThat(byActivity).hasSize(6).endsWith(imported);
        List<Instant> activity = new ArrayList<>();
        users("q=" + domain).get("items").forEach(item -> {
            if (!item.get("lastActivityAt").isNull()) {
                activity.add(Instant.parse(item.get("lastActivityAt").asText()));
            }
        });
        assertThat(activity).hasSize(5).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(ids(users("q=" + domain + "&sort=activity"))).isEqualTo(byActivity);

        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode result = users("q=" + domain + "&sort=count&size=2&page=" + page);
            assertThat(result.get("page").asInt()).isEqualTo(page);
            assertThat(result.get("size").asInt()).isEqualTo(2);
            assertThat(result.get("total").asLong()).isEqualTo(6);
            assertThat(result.get("items")).hasSize(2);
            paged.addAll(ids(result));
        }
        assertThat(paged).isEqualTo(ids(users("q=" + domain + "&sort=count")));
        JsonNode beyond = users("q=" + domain + "&sort=count&size=2&page=3");
        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("total").asLong()).isEqualTo(6);
    }

    @Test
    void theDefaultPageIsTheFirst25() {
        JsonNode page = users("");
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(25);
    }

    @Test
    void badParametersAreRefusedWithTheFieldNamed() {
        Map<String, String> refusals = Map.of(
                "size=0", "size",
                "size=101", "size",
                "page=-1", "page",
                "page=abc", "page",
                "sort=email", "sort",
                "sort=count%3B%20DROP%20TABLE%20users", "sort",
                "q=" + "x".repeat(201), "q");
        refusals.forEach((query, field) -> {
            Api.Response response = api.get("/admin/users?" + query, api.admin());
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().get("error").asText()).isEqualTo("invalid_field");
            assertThat(response.json().get("field").asText()).as(query).isEqualTo(field);
        });
        assertThat(api.get("/admin/users?q=" + "x".repeat(200), api.admin()).status()).isEqualTo(200);
    }

    @Test
    void theListNeedsAnAdminSession() {
        Api.Response response = new Api(port).get("/admin/users");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void replayingEveryUserEventChangesNoRowAndRebuildsAMissingOne() {
        String kept = newId();
        String lost = newId();
        for (String userId : List.of(kept, lost)) {
            register(userId, userId + "@" + newDomain(), T0);
            events.ofUser(userId,
                    new ModelCountIncremented(userId, 1, 10, T0.plusSeconds(5)),
                    new ModelCountIncremented(userId, 2, 10, T0.plusSeconds(6)),
                    new ModelLimitChanged(userId, 10, 3, ADMIN, T0.plusSeconds(9)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM users WHERE user_id IN (?, ?) AND model_limit = 3", Long.class, kept, lost) == 2);
        Map<String, Object> keptBefore = row(kept);
        Map<String, Object> lostBefore = row(lost);
        long usersBefore = jdbc.queryForObject("SELECT count(*) FROM users", Long.class);
        jdbc.update("DELETE FROM users WHERE user_id = ?", lost);

        Replays.replay(processing, store, "users");

        assertThat(row(kept)).isEqualTo(keptBefore);
        assertThat(row(lost)).isEqualTo(lostBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users", Long.class)).isEqualTo(usersBefore);
        assertThat(lostBefore).containsEntry("model_count", 2).containsEntry("model_limit", 3);
    }

    Map<String, Object> row(String userId) {
        return jdbc.queryForMap("SELECT * FROM users WHERE user_id = ?", userId);
    }
}
