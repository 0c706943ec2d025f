package dev.analytics.query.cad;

/**
 * How generations went in a set of CAD events.
 *
 * @param successRate   succeeded / (succeeded + failed); null when neither happened
 * @param p50DurationMs the median duration of succeeded generations (interpolated); null when none has a duration
 * @param p95DurationMs the 95th percentile of the same
 */
public record GenerationSummary(long started, long succeeded, long failed, Double successRate,
                                Double p50DurationMs, Double p95DurationMs) {
}
