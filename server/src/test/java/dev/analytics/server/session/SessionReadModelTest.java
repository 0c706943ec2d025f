package dev.analytics.server.session;

import dev.analytics.events.ClaimCodeRedeemed;
import dev.analytics.events.SessionCreated;
import dev.analytics.events.SessionRevoked;
import dev.analytics.server.support.Events;
import dev.analytics.server.support.Replays;
import dev.analytics.server.support.ServerTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The {@code sessions} read model, built from Session events and claim-code redemptions. */
@ServerTest
class SessionReadModelTest {

    static final Instant T0 = Instant.parse("2031-05-01T12:00:00Z");
    static final Duration LIFETIME = Duration.ofDays(7);

    @Autowired
    EventStore store;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    Events events;

    @BeforeEach
    void setUp() {
        events = new Events(store);
    }

    /** A session id as the command side makes one: the SHA-256 (hex) of a cookie token. */
    static String newSessionId() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Object> whenProjected(String sessionId, String condition) {
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM sessions WHERE session_id = ? AND " + condition, Long.class, sessionId) == 1);
        return jdbc.queryForMap("SELECT * FROM sessions WHERE session_id = ?", sessionId);
    }

    static Timestamp at(Instant instant) {
        return Timestamp.from(instant);
    }

    @Test
    void aCreatedSessionIsRecordedWithItsUserAndExpiry() {
        String sessionId = newSessionId();
        String userId = UUID.randomUUID().toString();
        events.ofSession(sessionId, new SessionCreated(sessionId, userId, T0.plus(LIFETIME), T0));

        Map<String, Object> row = whenProjected(sessionId, "true");

        assertThat(row).containsEntry("user_id", userId)
                .containsEntry("created_at", at(T0))
                .containsEntry("expires_at", at(T0.plus(LIFETIME)))
                .containsEntry("revoked_at", null);
    }

    @Test
    void aRevokedSessionKeepsTheTimeOfItsFirstRevocation() {
        String sessionId = newSessionId();
        String userId = UUID.randomUUID().toString();
        Instant revokedAt = T0.plus(Duration.ofHours(2));
        events.ofSession(sessionId,
                new SessionCreated(sessionId, userId, T0.plus(LIFETIME), T0),
                new SessionRevoked(sessionId, userId, revokedAt),
                new SessionRevoked(sessionId, userId, revokedAt.plus(Duration.ofHours(1))));
        String marker = newSessionId();
        events.ofSession(marker, new SessionCreated(marker, userId, T0.plus(LIFETIME), T0));
        whenProjected(marker, "true"); // one segment: every earlier event has been applied too

        assertThat(jdbc.queryForMap("SELECT * FROM sessions WHERE session_id = ?", sessionId))
                .containsEntry("revoked_at", at(revokedAt));
    }

    @Test
    void aRedeemedClaimCodeBindsTheSessionToTheClaimedUser() {
        String sessionId = newSessionId();
        String freshUser = UUID.randomUUID().toString();
        String claimedUser = UUID.randomUUID().toString();
        events.ofSession(sessionId, new SessionCreated(sessionId, freshUser, T0.plus(LIFETIME), T0));
        events.ofUser(claimedUser, new ClaimCodeRedeemed(claimedUser, "code-hash", sessionId, T0.plusSeconds(1)));

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                "SELECT user_id FROM sessions WHERE session_id = ?", String.class, sessionId).contains(claimedUser));
        assertThat(jdbc.queryForMap("SELECT * FROM sessions WHERE session_id = ?", sessionId))
                .containsEntry("created_at", at(T0));
    }

    @Test
    void replayingEverySessionEventChangesNoRowAndRebuildsAMissingOne() {
        String kept = newSessionId();
        String lost = newSessionId();
        for (String sessionId : List.of(kept, lost)) {
            String userId = UUID.randomUUID().toString();
            events.ofSession(sessionId,
                    new SessionCreated(sessionId, userId, T0.plus(LIFETIME), T0),
                    new SessionRevoked(sessionId, userId, T0.plusSeconds(60)));
        }
        whenProjected(lost, "revoked_at IS NOT NULL");
        Map<String, Object> keptBefore = jdbc.queryForMap("SELECT * FROM sessions WHERE session_id = ?", kept);
        Map<String, Object> lostBefore = jdbc.queryForMap("SELECT * FROM sessions WHERE session_id = ?", lost);
        long sessionsBefore = jdbc.queryForObject("SELECT count(*) FROM sessions", Long.class);
        jdbc.update("DELETE FROM sessions WHERE session_id = ?", lost);

        Replays.replay(processing, store, "sessions");

        assertThat(jdbc.queryForMap("SELECT * FROM sessions WHERE session_id = ?", kept)).isEqualTo(keptBefore);
        assertThat(jdbc.queryForMap("SELECT * FROM sessions WHERE session_id = ?", lost)).isEqualTo(lostBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sessions", Long.class)).isEqualTo(sessionsBefore);
    }
}
