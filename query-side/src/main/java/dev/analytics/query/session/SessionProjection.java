package dev.analytics.query.session;

import dev.analytics.events.ClaimCodeRedeemed;
import dev.analytics.events.SessionCreated;
import dev.analytics.events.SessionRevoked;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Builds {@code sessions}: one row per end-user session, keyed by its id (the SHA-256 of the cookie's token, never
 * the token). Inserts ignore a row that exists and a revocation keeps the first time it was recorded, so re-applying
 * events changes nothing.
 */
@Component
@ProcessingGroup(SessionProjection.PROCESSING_GROUP)
class SessionProjection {

    static final String PROCESSING_GROUP = "sessions";

    private final JdbcTemplate jdbc;

    SessionProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SessionCreated event) {
        jdbc.update("""
                INSERT INTO sessions (session_id, user_id, created_at, expires_at)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (session_id) DO NOTHING""",
                event.sessionId(), event.userId(), Timestamp.from(event.occurredAt()),
                Timestamp.from(event.expiresAt()));
    }

    @EventHandler
    void on(SessionRevoked event) {
        jdbc.update("UPDATE sessions SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL",
                Timestamp.from(event.occurredAt()), event.sessionId());
    }

    /**
     * A redeemed claim code binds the session to the claimed user. When the session was recorded for that user in
     * the first place, or is recorded after this event, the update changes nothing.
     */
    @EventHandler
    void on(ClaimCodeRedeemed event) {
        jdbc.update("UPDATE sessions SET user_id = ? WHERE session_id = ?", event.userId(), event.sessionId());
    }
}
