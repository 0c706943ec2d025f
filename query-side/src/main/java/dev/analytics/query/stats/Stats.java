package dev.analytics.query.stats;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** The body of {@code GET /admin/stats}. */
record Stats(String site, Instant from, Instant to, String tz, String interval,
             long pageViews, long uniqueVisitors,
             List<Bucket> timeseries, List<TopPage> topPages, List<TopReferrer> topReferrers) {

    /** One bucket; {@code t} is its local start with the offset in force then. */
    record Bucket(OffsetDateTime t, long pageViews, long visitors) {
    }

    record TopPage(String path, long pageViews) {
    }

    record TopReferrer(String referrer, long pageViews) {
    }
}
