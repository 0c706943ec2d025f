package dev.analytics.query.cad;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * How generations went, read from {@code cad_events}: the summary of {@code GET /admin/cad-events} and the
 * {@code cad} section of {@code /admin/stats}. Runs in the caller's transaction, if any, so it reads the caller's
 * snapshot.
 */
@Component
public class GenerationOutcomes {

    static final String STARTED = "generation_started";
    static final String SUCCEEDED = "generation_succeeded";
    static final String FAILED = "generation_failed";

    private final JdbcTemplate jdbc;

    GenerationOutcomes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** How generations went in [from, to). */
    public GenerationSummary between(Instant from, Instant to) {
        return summarize(CadEventFilter.between(from, to)).summary();
    }

    /** The most frequent error texts of failed generations in [from, to), most frequent first. */
    public List<ErrorCount> topErrors(Instant from, Instant to, int limit) {
        return jdbc.query("""
                SELECT error, count(*) AS failures
                  FROM cad_events
                 WHERE kind = ? AND error IS NOT NULL AND occurred_at >= ? AND occurred_at < ?
                 GROUP BY error
                 ORDER BY failures DESC, error
                 LIMIT ?""",
                (rs, n) -> new ErrorCount(rs.getString(1), rs.getLong(2)),
                FAILED, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), limit);
    }

    /** Every event the filter matches, counted, and the generations among them summarised. */
    record Counted(long total, GenerationSummary summary) {
    }

    /** One scan: the total, the count of each generation kind, and the percentiles of succeeded durations. */
    Counted summarize(CadEventFilter filter) {
        CadEventFilter.Condition condition = filter.condition();
        List<Object> args = new ArrayList<>(List.of(STARTED, SUCCEEDED, FAILED, SUCCEEDED, SUCCEEDED));
        args.addAll(condition.args());
        return jdbc.queryForObject("""
                SELECT count(*),
                       count(*) FILTER (WHERE kind = ?),
                       count(*) FILTER (WHERE kind = ?),
                       count(*) FILTER (WHERE kind = ?),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE kind = ?),
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE kind = ?)
                  FROM cad_events""" + condition.where(),
                (rs, n) -> {
                    long succeeded = rs.getLong(3);
                    long failed = rs.getLong(4);
                    Double successRate = succeeded + failed == 0 ? null : (double) succeeded / (succeeded + failed);
                    return new Counted(rs.getLong(1), new GenerationSummary(rs.getLong(2), succeeded, failed,
                            successRate, nullableDouble(rs, 5), nullableDouble(rs, 6)));
                },
                args.toArray());
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
