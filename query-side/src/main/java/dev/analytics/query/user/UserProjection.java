package dev.analytics.query.user;

import dev.analytics.events.CadEventRecorded;
import dev.analytics.events.ClaimCodeRedeemed;
import dev.analytics.events.ModelCountIncremented;
import dev.analytics.events.ModelLimitChanged;
import dev.analytics.events.SessionCreated;
import dev.analytics.events.UserCountReset;
import dev.analytics.events.UserImported;
import dev.analytics.events.UserRegistered;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

import static dev.analytics.query.store.PostgresText.storable;

/**
 * Builds {@code users}: one row per user with the count, the limit and the user's last activity.
 *
 * <p>Every User event carries the resulting values (the count after an increment, the new limit), never a delta, so an
 * update sets absolute values and re-applying events in order (a retried batch, a replay) ends in the same state.
 * Last activity only moves forward ({@code GREATEST}), so it is idempotent too. Activity is what the user did: signing
 * up, a new session, a redeemed claim code, a generation or a CAD event; admin actions on the user are not.
 *
 * <p>Sessions and CAD events belong to other aggregates, or none; this processor has one segment, so they are applied
 * in store order, after the user they name was created.
 */
@Component
@ProcessingGroup(UserProjection.PROCESSING_GROUP)
class UserProjection {

    static final String PROCESSING_GROUP = "users";

    private final JdbcTemplate jdbc;

    UserProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserRegistered event) {
        Timestamp at = Timestamp.from(event.occurredAt());
        jdbc.update("""
                INSERT INTO users (user_id, email, name, model_count, model_limit, created_at, last_activity_at,
                                   imported)
                VALUES (?, ?, ?, 0, ?, ?, ?, false)
                ON CONFLICT (user_id) DO NOTHING""",
                event.userId(), storable(event.email()), storable(event.name()), event.modelLimit(), at, at);
    }

    /** The user keeps their legacy {@code created_at}; they have done nothing here yet. */
    @EventHandler
    void on(UserImported event) {
        jdbc.update("""
                INSERT INTO users (user_id, email, name, model_count, model_limit, created_at, last_activity_at,
                                   imported)
                VALUES (?, ?, NULL, ?, ?, ?, NULL, true)
                ON CONFLICT (user_id) DO NOTHING""",
                event.userId(), storable(event.email()), event.modelCount(), event.modelLimit(),
                Timestamp.from(event.createdAt()));
    }

    @EventHandler
    void on(ModelCountIncremented event) {
        jdbc.update("""
                UPDATE users
                   SET model_count = ?, model_limit = ?, last_activity_at = GREATEST(last_activity_at, ?)
                 WHERE user_id = ?""",
                event.modelCount(), event.modelLimit(), Timestamp.from(event.occurredAt()), event.userId());
    }

    @EventHandler
    void on(UserCountReset event) {
        jdbc.update("UPDATE users SET model_count = 0 WHERE user_id = ?", event.userId());
    }

    @EventHandler
    void on(ModelLimitChanged event) {
        jdbc.update("UPDATE users SET model_limit = ? WHERE user_id = ?", event.modelLimit(), event.userId());
    }

    @EventHandler
    void on(ClaimCodeRedeemed event) {
        touch(event.userId(), event.occurredAt());
    }

    @EventHandler
    void on(SessionCreated event) {
        touch(event.userId(), event.occurredAt());
    }

    @EventHandler
    void on(CadEventRecorded event) {
        touch(event.userId(), event.occurredAt());
    }

    private void touch(String userId, Instant at) {
        jdbc.update("UPDATE users SET last_activity_at = GREATEST(last_activity_at, ?) WHERE user_id = ?",
                Timestamp.from(at), userId);
    }
}
