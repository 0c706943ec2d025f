package dev.analytics.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.analytics.events.AdminActor;
import dev.analytics.events.AdminSignInFailed;
import dev.analytics.events.AdminSignedIn;
import dev.analytics.events.AdminSignedOut;
import dev.analytics.events.ClaimCodeIssued;
import dev.analytics.events.ClaimCodeRedeemed;
import dev.analytics.events.ModelLimitChanged;
import dev.analytics.events.ProjectionRebuildRequested;
import dev.analytics.events.UserCountReset;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import static dev.analytics.query.store.PostgresText.storable;

/**
 * Builds {@code admin_logs}, the audit trail: one row per admin action, keyed by the event's id, so that applying an
 * event twice changes nothing. Who acted and from where (an HMAC of the IP) come from the event, as does the time.
 *
 * <p>A claim code's hash is as good as the code to anyone who can read the table, so it is never copied here; the row
 * only says that a code was issued, for whom, and until when.
 */
@Component
@ProcessingGroup(AuditLogProjection.PROCESSING_GROUP)
class AuditLogProjection {

    static final String PROCESSING_GROUP = "admin-logs";

    /** The actor of a failed sign-in: nobody has proven who they are. */
    static final String ANONYMOUS = "anonymous";
    /** The actor of a claim-code redemption: the end user who used the code. */
    static final String USER = "user";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    AuditLogProjection(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(AdminSignedIn event, @MessageIdentifier String eventId) {
        adminAction(eventId, event.occurredAt(), event.by(), AuditAction.ADMIN_LOGIN, null, null, null, null);
    }

    @EventHandler
    void on(AdminSignInFailed event, @MessageIdentifier String eventId) {
        insert(eventId, event.occurredAt(), ANONYMOUS, AuditAction.ADMIN_LOGIN_FAILED, null, null, null, null,
                event.ipHmac());
    }

    @EventHandler
    void on(AdminSignedOut event, @MessageIdentifier String eventId) {
        adminAction(eventId, event.occurredAt(), event.by(), AuditAction.ADMIN_LOGOUT, null, null, null, null);
    }

    @EventHandler
    void on(UserCountReset event, @MessageIdentifier String eventId) {
        adminAction(eventId, event.occurredAt(), event.by(), AuditAction.USER_COUNT_RESET, event.userId(),
                Map.of("modelCount", event.previousCount()), Map.of("modelCount", 0), event.reason());
    }

    @EventHandler
    void on(ModelLimitChanged event, @MessageIdentifier String eventId) {
        adminAction(eventId, event.occurredAt(), event.by(), AuditAction.USER_LIMIT_CHANGED, event.userId(),
                Map.of("modelLimit", event.previousLimit()), Map.of("modelLimit", event.modelLimit()), null);
    }

    @EventHandler
    void on(ClaimCodeIssued event, @MessageIdentifier String eventId) {
        adminAction(eventId, event.occurredAt(), event.by(), AuditAction.USER_CLAIM_CODE_ISSUED, event.userId(),
                null, Map.of("expiresAt", event.expiresAt().toString()), null);
    }

    /** The redeeming user's IP is not in the event, so this row has no IP HMAC. */
    @EventHandler
    void on(ClaimCodeRedeemed event, @MessageIdentifier String eventId) {
        insert(eventId, event.occurredAt(), USER, AuditAction.USER_CLAIM_CODE_REDEEMED, event.userId(), null, null,
                null, null);
    }

    /** The target is the rebuilt read models, comma-separated. */
    @EventHandler
    void on(ProjectionRebuildRequested event, @MessageIdentifier String eventId) {
        adminAction(eventId, event.occurredAt(), event.by(), AuditAction.PROJECTIONS_REBUILD_REQUESTED,
                String.join(",", event.projections()), null,
                Map.of("rebuildId", event.rebuildId(), "projections", event.projections()), null);
    }

    private void adminAction(String eventId, Instant occurredAt, AdminActor by, AuditAction action, String target,
                        Map<String, ?> before, Map<String, ?> after, String reason) {
        // Every admin event carries its actor; should one ever lack it, the row still records the action rather than
        // the projection failing on the event for good.
        String actor = by == null || by.actor() == null ? "admin" : by.actor();
        insert(eventId, occurredAt, actor, action, target, before, after, reason, by == null ? null : by.ipHmac());
    }

    private void insert(String eventId, Instant occurredAt, String actor, AuditAction action, String target,
                        Map<String, ?> before, Map<String, ?> after, String reason, String ipHmac) {
        jdbc.update("""
                INSERT INTO admin_logs (event_id, occurred_at, actor, action, target, before, after, reason, ip_hmac)
                VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?)
                ON CONFLICT (event_id) DO NOTHING""",
                eventId, Timestamp.from(occurredAt), storable(actor), action.code, target, json(before), json(after),
                storable(reason), ipHmac);
    }

    private String json(Map<String, ?> values) {
        if (values == null) {
            return null;
        }
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a map of numbers and strings always serialises
        }
    }
}
