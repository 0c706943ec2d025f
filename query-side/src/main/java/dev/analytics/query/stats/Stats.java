package dev.analytics.query.stats;

import dev.analytics.query.cad.ErrorCount;
import dev.analytics.query.cad.GenerationSummary;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The body of {@code GET /admin/stats}. The page-view figures are for {@code site} (or all sites); {@code cad} is for
 * the same range, from the CAD app's generations, whatever {@code site} is.
 */
record Stats(String site, Instant from, Instant to, String tz, String interval,
             long pageViews, long uniqueVisitors,
             List<Bucket> timeseries, List<TopPage> topPages, List<TopReferrer> topReferrers,
             Users users, Cad cad) {

    /** One bucket; {@code t} is its local start with the offset in force then. */
    record Bucket(OffsetDateTime t, long pageViews, long visitors) {
    }

    /** A page; {@code title} is the latest title it was viewed with in the range, if any. */
    record TopPage(String path, String title, long pageViews) {
    }

    /**
     * The CAD app's signed-in users in the range, whatever {@code site} is: sessions started, and users who started a
     * session or recorded a CAD event.
     */
    record Users(long sessions, long activeUsers) {
    }

    record TopReferrer(String referrer, long pageViews) {
    }

    /** How CAD generations went; see {@link GenerationSummary}. {@code topErrors} are of failed generations. */
    record Cad(long started, long succeeded, long failed, Double successRate, Double p50DurationMs,
               Double p95DurationMs, List<ErrorCount> topErrors) {

        static Cad of(GenerationSummary summary, List<ErrorCount> topErrors) {
            return new Cad(summary.started(), summary.succeeded(), summary.failed(), summary.successRate(),
                    summary.p50DurationMs(), summary.p95DurationMs(), topErrors);
        }
    }
}
