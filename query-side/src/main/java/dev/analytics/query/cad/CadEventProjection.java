package dev.analytics.query.cad;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.analytics.events.CadEventRecorded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

import static dev.analytics.query.store.PostgresText.storable;

/**
 * Builds {@code cad_events}: one row per {@link CadEventRecorded}, keyed by the event's id, so that applying an event
 * twice changes nothing. The prompt is kept exactly as recorded.
 */
@Component
@ProcessingGroup(CadEventProjection.PROCESSING_GROUP)
class CadEventProjection {

    static final String PROCESSING_GROUP = "cad-events";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    CadEventProjection(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(CadEventRecorded event, @MessageIdentifier String eventId) throws JsonProcessingException {
        String metadata = event.metadata() == null ? null : json.writeValueAsString(storable(event.metadata()));
        jdbc.update("""
                INSERT INTO cad_events (event_id, user_id, kind, prompt, duration_ms, error, model, metadata,
                                        occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)
                ON CONFLICT (event_id) DO NOTHING""",
                eventId, event.userId(), storable(event.kind()), storable(event.prompt()), event.durationMs(),
                storable(event.error()), storable(event.model()), metadata, Timestamp.from(event.occurredAt()));
    }
}
