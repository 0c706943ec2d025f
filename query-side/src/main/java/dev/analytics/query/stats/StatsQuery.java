package dev.analytics.query.stats;

import dev.analytics.query.cad.GenerationOutcomes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Array;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads the statistics from the read tables, in one repeatable-read snapshot so that the parts agree. */
@Component
class StatsQuery {

    static final int TOP_LIMIT = 10;

    private final JdbcTemplate jdbc;
    private final GenerationOutcomes generations;

    StatsQuery(JdbcTemplate jdbc, GenerationOutcomes generations) {
        this.jdbc = jdbc;
        this.generations = generations;
    }

    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public Stats stats(String site, StatsRange range) {
        String where = " WHERE occurred_at >= ? AND occurred_at < ?" + (site == null ? "" : " AND site = ?");
        OffsetDateTime from = range.from().atOffset(ZoneOffset.UTC);
        OffsetDateTime to = range.to().atOffset(ZoneOffset.UTC);
        Object[] args = site == null ? new Object[]{from, to} : new Object[]{from, to, site};

        long[] totals = jdbc.queryForObject(
                "SELECT count(*), count(DISTINCT visitor_id) FROM page_views" + where,
                (rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)}, args);

        List<ZonedDateTime> starts = range.bucketStarts();
        long[] views = new long[starts.size()];
        long[] visitors = new long[starts.size()];
        // ISO-8601 text with its offset: java.sql.Timestamp in an array would be rendered in the JVM's time zone
        // without an offset, and the two 02:00s of a DST fall-back would become one.
        String[] thresholds = starts.stream().map(s -> s.toInstant().toString()).toArray(String[]::new);
        jdbc.execute((java.sql.Connection connection) -> {
            Array bounds = connection.createArrayOf("text", thresholds);
            try (var statement = connection.prepareStatement(
                    "SELECT width_bucket(occurred_at, CAST(? AS timestamptz[])) AS bucket, count(*), count(DISTINCT visitor_id)"
                            + " FROM page_views" + where + " GROUP BY bucket")) {
                statement.setArray(1, bounds);
                for (int i = 0; i < args.length; i++) {
                    statement.setObject(i + 2, args[i]);
                }
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        int bucket = rs.getInt(1) - 1; // width_bucket counts from 1 for the first threshold
                        if (bucket >= 0 && bucket < views.length) {
                            views[bucket] = rs.getLong(2);
                            visitors[bucket] = rs.getLong(3);
                        }
                    }
                }
            } finally {
                bounds.free();
            }
            return null;
        });
        List<Stats.Bucket> timeseries = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            timeseries.add(new Stats.Bucket(starts.get(i).toOffsetDateTime(), views[i], visitors[i]));
        }

        List<Stats.TopPage> topPages = jdbc.query(
                "SELECT path, (array_agg(title ORDER BY occurred_at DESC) FILTER (WHERE title IS NOT NULL))[1],"
                        + " count(*) AS views FROM page_views" + where
                        + " GROUP BY path ORDER BY views DESC, path LIMIT " + TOP_LIMIT,
                (rs, n) -> new Stats.TopPage(rs.getString(1), rs.getString(2), rs.getLong(3)), args);
        List<Stats.TopReferrer> topReferrers = jdbc.query(
                "SELECT referrer_host, count(*) AS views FROM page_views" + where
                        + " AND referrer_host IS NOT NULL GROUP BY referrer_host ORDER BY views DESC, referrer_host"
                        + " LIMIT " + TOP_LIMIT,
                (rs, n) -> new Stats.TopReferrer(rs.getString(1), rs.getLong(2)), args);

        Stats.Cad cad = Stats.Cad.of(generations.between(range.from(), range.to()),
                generations.topErrors(range.from(), range.to(), TOP_LIMIT));

        Stats.Users users = jdbc.queryForObject("""
                SELECT (SELECT count(*) FROM sessions WHERE created_at >= ? AND created_at < ?),
                       (SELECT count(*) FROM (SELECT user_id FROM sessions WHERE created_at >= ? AND created_at < ?
                                              UNION
                                              SELECT user_id FROM cad_events WHERE occurred_at >= ? AND occurred_at < ?)
                                        AS active)""",
                (rs, n) -> new Stats.Users(rs.getLong(1), rs.getLong(2)), from, to, from, to, from, to);

        return new Stats(site, range.from(), range.to(), range.zone().getId(), range.interval().label(),
                totals[0], totals[1], timeseries, topPages, topReferrers, users, cad);
    }
}
