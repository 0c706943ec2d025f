package dev.analytics.query.cad;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.analytics.query.web.Paging;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the generation history from {@code cad_events}. */
@Component
class CadEventQuery {

    private final JdbcTemplate jdbc;
    private final GenerationOutcomes outcomes;
    private final ObjectMapper json;

    CadEventQuery(JdbcTemplate jdbc, GenerationOutcomes outcomes, ObjectMapper json) {
        this.jdbc = jdbc;
        this.outcomes = outcomes;
        this.json = json;
    }

    /** One page of the events the filter matches, newest first, with their total and summary, from one snapshot. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public CadEventPage find(CadEventFilter filter, Paging paging) {
        GenerationOutcomes.Counted counted = outcomes.summarize(filter);
        CadEventFilter.Condition condition = filter.condition();
        List<Object> args = new ArrayList<>(condition.args());
        args.add(paging.size());
        args.add(paging.offset());
        List<CadEvent> items = jdbc.query("""
                SELECT event_id, user_id, kind, prompt, duration_ms, error, model, metadata::text AS metadata,
                       occurred_at
                  FROM cad_events%s
                 ORDER BY occurred_at DESC, event_id DESC
                 LIMIT ? OFFSET ?""".formatted(condition.where()),
                (rs, n) -> event(rs), args.toArray());
        return new CadEventPage(items, paging.page(), paging.size(), counted.total(), counted.summary());
    }

    private CadEvent event(ResultSet rs) throws SQLException {
        long duration = rs.getLong("duration_ms");
        Long durationMs = rs.wasNull() ? null : duration;
        return new CadEvent(rs.getString("event_id"), rs.getString("user_id"), rs.getString("kind"),
                rs.getString("prompt"), durationMs, rs.getString("error"), rs.getString("model"),
                metadata(rs.getString("metadata")), rs.getTimestamp("occurred_at").toInstant());
    }

    private JsonNode metadata(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            // PostgreSQL printed this jsonb value itself, so it is valid JSON
            throw new UncheckedIOException(e);
        }
    }
}
