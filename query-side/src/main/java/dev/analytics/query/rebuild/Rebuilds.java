package dev.analytics.query.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The {@code projection_rebuilds} table: the record of every rebuild, and the lease that makes exactly one query
 * instance run each one. Lease times come from the database's clock, so instances need not agree on theirs.
 */
@Repository
public class Rebuilds {

    private static final String COLUMNS = """
            rebuild_id, projections, state, requested_by, requested_at, started_at, finished_at, events_done,
            events_total, events_per_second, error""";

    private static final RowMapper<Rebuild> ROW = (rs, i) -> {
        RebuildState state = RebuildState.of(rs.getString("state"));
        long done = rs.getLong("events_done");
        long total = rs.getLong("events_total");
        Double rate = rs.getObject("events_per_second") == null ? null : rs.getDouble("events_per_second");
        Long secondsLeft = state.unfinished() && rate != null && rate > 0
                ? (long) Math.ceil(Math.max(0, total - done) / rate) : null;
        Array projections = rs.getArray("projections");
        return new Rebuild(rs.getLong("rebuild_id"), Arrays.asList((String[]) projections.getArray()), state,
                rs.getString("requested_by"), instant(rs.getTimestamp("requested_at")),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")), done, total, rate,
                secondsLeft, rs.getString("error"));
    };

    private final JdbcTemplate jdbc;

    Rebuilds(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises rebuild requests until the end of the transaction, so that two cannot both see "none running". */
    void lockRequests() {
        jdbc.query("SELECT pg_advisory_xact_lock(hashtext('projection_rebuilds'))", rs -> null);
    }

    Optional<Rebuild> unfinishedOverlapping(Collection<String> projections) {
        return jdbc.query("SELECT " + COLUMNS + """
                         FROM projection_rebuilds
                        WHERE state IN ('rebuilding', 'swapping') AND projections && CAST(? AS text[])
                        ORDER BY rebuild_id LIMIT 1""", ROW, textArray(projections)).stream().findFirst();
    }

    long insert(List<String> projections, String requestedBy, Instant requestedAt) {
        return jdbc.queryForObject("""
                INSERT INTO projection_rebuilds (projections, state, requested_by, requested_at)
                VALUES (CAST(? AS text[]), 'rebuilding', ?, ?)
                RETURNING rebuild_id""", Long.class, textArray(projections), requestedBy,
                Timestamp.from(requestedAt));
    }

    public Optional<Rebuild> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM projection_rebuilds WHERE rebuild_id = ?", ROW, id)
                .stream().findFirst();
    }

    /** The latest rebuilds, newest first. */
    public List<Rebuild> recent(int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM projection_rebuilds ORDER BY rebuild_id DESC LIMIT ?", ROW,
                limit);
    }

    public List<Rebuild> unfinished() {
        // A one-line text block loses its leading space, which would glue FROM to the last column.
        return jdbc.query("SELECT " + COLUMNS
                + " FROM projection_rebuilds WHERE state IN ('rebuilding', 'swapping') ORDER BY rebuild_id", ROW);
    }

    /** Unfinished rebuilds nobody runs: never started, or their runner's lease ran out. */
    List<Long> orphaned() {
        return jdbc.queryForList("""
                SELECT rebuild_id FROM projection_rebuilds
                 WHERE state IN ('rebuilding', 'swapping') AND (owner IS NULL OR lease_until < clock_timestamp())
                 ORDER BY rebuild_id""", Long.class);
    }

    /** Takes the lease of an orphaned rebuild; empty when another instance was quicker. */
    Optional<Rebuild> claim(long id, String owner, Duration lease) {
        return jdbc.query("""
                UPDATE projection_rebuilds
                   SET owner = ?, lease_until = clock_timestamp() + CAST(? AS interval),
                       started_at = COALESCE(started_at, clock_timestamp())
                 WHERE rebuild_id = ? AND state IN ('rebuilding', 'swapping')
                   AND (owner IS NULL OR lease_until < clock_timestamp())
                RETURNING""" + " " + COLUMNS, ROW, owner, interval(lease), id).stream().findFirst();
    }

    /** Extends the lease and records progress; false when the lease is no longer this instance's. */
    boolean heartbeat(long id, String owner, Duration lease, long done, long total, Double rate) {
        return jdbc.update("""
                UPDATE projection_rebuilds
                   SET lease_until = clock_timestamp() + CAST(? AS interval), events_done = ?, events_total = ?,
                       events_per_second = ?
                 WHERE rebuild_id = ? AND owner = ? AND state IN ('rebuilding', 'swapping')""",
                interval(lease), done, total, rate, id, owner) == 1;
    }

    /**
     * Locks this instance's rebuild row for the rest of the transaction, so that nobody takes it over meanwhile;
     * false when the lease is no longer ours.
     */
    boolean lockOwned(long id, String owner) {
        return !jdbc.queryForList("""
                SELECT rebuild_id FROM projection_rebuilds
                 WHERE rebuild_id = ? AND owner = ? AND state IN ('rebuilding', 'swapping') FOR UPDATE""",
                Long.class, id, owner).isEmpty();
    }

    boolean isShadowReady(long id) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT shadow_ready FROM projection_rebuilds WHERE rebuild_id = ?", Boolean.class, id));
    }

    void markShadowReady(long id) {
        jdbc.update("UPDATE projection_rebuilds SET shadow_ready = true WHERE rebuild_id = ?", id);
    }

    boolean markSwapping(long id, String owner) {
        return jdbc.update("""
                UPDATE projection_rebuilds SET state = 'swapping'
                 WHERE rebuild_id = ? AND owner = ? AND state IN ('rebuilding', 'swapping')""", id, owner) == 1;
    }

    void markDone(long id, long done, long total) {
        jdbc.update("""
                UPDATE projection_rebuilds
                   SET state = 'done', finished_at = clock_timestamp(), owner = NULL, lease_until = NULL,
                       events_done = ?, events_total = ?
                 WHERE rebuild_id = ?""", done, total, id);
    }

    void markFailed(long id, String error) {
        jdbc.update("""
                UPDATE projection_rebuilds
                   SET state = 'failed', finished_at = clock_timestamp(), owner = NULL, lease_until = NULL,
                       shadow_ready = false, error = ?
                 WHERE rebuild_id = ? AND state IN ('rebuilding', 'swapping')""", error, id);
    }

    /** Gives the lease up at shut-down, so that another instance carries on at once instead of after it runs out. */
    void release(long id, String owner) {
        jdbc.update("""
                UPDATE projection_rebuilds SET owner = NULL, lease_until = NULL
                 WHERE rebuild_id = ? AND owner = ?""", id, owner);
    }

    private static String textArray(Collection<String> values) {
        // Names are checked against ReadModel before they get here, so they need no quoting inside the literal.
        return "{" + String.join(",", values) + "}";
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
