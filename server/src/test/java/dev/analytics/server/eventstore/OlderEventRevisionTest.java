package dev.analytics.server.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.events.UserImported;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.Replays;
import dev.analytics.server.support.ServerTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events stored under an older revision are read through the upcasters, by the projections and by the aggregates
 * alike, live and in a replay (STYLE.md: a real change gets a new revision and an upcaster with a test).
 *
 * <p>The stored event is a revision-1 {@link UserImported}, as the server wrote it before revision 2: its
 * {@code occurredAt} held the user's legacy creation time, which revision 2 calls {@code createdAt}. Jackson alone
 * would read that time into revision 2's {@code occurredAt} and leave {@code createdAt} empty.
 */
@ServerTest
class OlderEventRevisionTest {

    static final Instant LEGACY_CREATED_AT = Instant.parse("2019-06-30T23:59:59Z");
    /** When the import happened, as Axon recorded it in the row's {@code time_stamp}. */
    static final Instant IMPORTED_AT = Instant.parse("2024-06-01T10:15:30.123Z");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore store;
    @Autowired
    EventProcessingConfiguration processing;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port).login(ServerTest.ADMIN_PASSWORD);
    }

    /**
     * Stores a user's import exactly as the server wrote it under revision 1: the payload is what the revision-1
     * record serialised to, and the other columns are shaped like a row Axon writes for a command's event.
     */
    void storeRevision1Import(String userId, String email) {
        String payload = """
                {"userId":"%s","email":"%s","modelCount":7,"modelLimit":25,"sourceKey":"email:%s",\
                "occurredAt":"2019-06-30T23:59:59Z"}""".formatted(userId, email, email);
        String metaData = """
                {"traceId":"%s","correlationId":"%1$s"}""".formatted(UUID.randomUUID());
        jdbc.update("""
                INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                                                meta_data, payload, payload_revision, payload_type, time_stamp)
                VALUES (?, 0, 'User', ?, ?, ?, '1', 'dev.analytics.events.UserImported', ?)""",
                userId, UUID.randomUUID().toString(), metaData.getBytes(StandardCharsets.UTF_8),
                payload.getBytes(StandardCharsets.UTF_8), IMPORTED_AT.toString());
    }

    JsonNode user(String userId) {
        Api.Response response = api.get("/admin/users?q=" + userId, api.admin());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("items").path(0);
    }

    JsonNode projectedUser(String userId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> user(userId).has("id"));
        return user(userId);
    }

    @Test
    void aStoredRevision1ImportIsReadAsRevision2ByTheUserAggregateAndTheUsersProjection() {
        String userId = UUID.randomUUID().toString();
        String email = "ada-" + userId.substring(0, 8) + "@example.com";
        storeRevision1Import(userId, email);

        // What an aggregate is sourced from: the event store's stream of the user's events.
        List<? extends DomainEventMessage<?>> stream = store.readEvents(userId).asStream().toList();
        assertThat(stream).hasSize(1);
        assertThat(stream.get(0).getPayload()).isEqualTo(new UserImported(userId, email, 7, 25, "email:" + email,
                LEGACY_CREATED_AT, IMPORTED_AT));

        JsonNode projected = projectedUser(userId);
        assertThat(Instant.parse(projected.get("createdAt").asText())).isEqualTo(LEGACY_CREATED_AT);
        assertThat(projected.get("modelCount").asInt()).isEqualTo(7);
        assertThat(projected.get("modelLimit").asInt()).isEqualTo(25);
        assertThat(projected.get("imported").asBoolean()).isTrue();
        assertThat(projected.get("lastActivityAt").isNull()).isTrue();

        // A command on the user loads the aggregate from that event, and continues from its figures.
        Api.Response changed = api.postJson("/admin/users/" + userId + "/limit", "{\"modelLimit\":30}", api.admin());
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("modelCount").asInt()).isEqualTo(7);
        assertThat(changed.json().get("modelLimit").asInt()).isEqualTo(30);
        assertThat(changed.json().get("remaining").asInt()).isEqualTo(23);
        await().atMost(Duration.ofSeconds(10)).until(() -> user(userId).get("modelLimit").asInt() == 30);
        assertThat(Instant.parse(user(userId).get("createdAt").asText())).isEqualTo(LEGACY_CREATED_AT);
    }

    @Test
    void aReplayRebuildsTheUserFromTheStoredRevision1Import() {
        String userId = UUID.randomUUID().toString();
        storeRevision1Import(userId, "grace-" + userId.substring(0, 8) + "@example.com");
        JsonNode live = projectedUser(userId);
        jdbc.update("DELETE FROM users WHERE user_id = ?", userId);

        Replays.replay(processing, store, "users");

        JsonNode rebuilt = user(userId);
        assertThat(rebuilt).isEqualTo(live);
        assertThat(Instant.parse(rebuilt.get("createdAt").asText())).isEqualTo(LEGACY_CREATED_AT);
    }
}
