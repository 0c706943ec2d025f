package dev.analytics.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.analytics.query.web.Page;
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

/** Reads the audit trail from {@code admin_logs}, newest first; the page and its total from one snapshot. */
@Component
class AuditLogQuery {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    AuditLogQuery(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Every entry, or only those of {@code action} when it is not null. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Page<AuditLogEntry> find(AuditAction action, Paging paging) {
        String where = action == null ? "" : " WHERE action = ?";
        List<Object> args = new ArrayList<>();
        if (action != null) {
            args.add(action.code);
        }
        long total = jdbc.queryForObject("SELECT count(*) FROM admin_logs" + where, Long.class, args.toArray());
        args.add(paging.size());
        args.add(paging.offset());
        List<AuditLogEntry> items = jdbc.query("""
                SELECT event_id, occurred_at, actor, action, target, before::text AS before, after::text AS after,
                       reason, ip_hmac
                  FROM admin_logs%s
                 ORDER BY occurred_at DESC, event_id DESC
                 LIMIT ? OFFSET ?""".formatted(where),
                (rs, n) -> entry(rs), args.toArray());
        return Page.of(items, paging, total);
    }

    private AuditLogEntry entry(ResultSet rs) throws SQLException {
        return new AuditLogEntry(rs.getString("event_id"), rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("actor"), rs.getString("action"), rs.getString("target"), json(rs.getString("before")),
                json(rs.getString("after")), rs.getString("reason"), rs.getString("ip_hmac"));
    }

    private JsonNode json(String text) {
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
