package dev.analytics.query.stats;

import dev.analytics.query.web.InvalidParameter;
import dev.analytics.query.web.QueryParameters;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The time window of a stats query and its buckets in the caller's time zone.
 *
 * <p>Buckets start at local hour or day boundaries and are stepped on the instant time line, so a day on which clocks
 * go back has 25 hourly buckets, one on which they go forward 23, and zones with half-hour offsets bucket at their own
 * local hours.
 */
record StatsRange(Instant from, Instant to, ZoneId zone, Interval interval) {

    enum Interval {
        HOUR, DAY;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final int MAX_BUCKETS = 5_000;
    static final Duration DEFAULT_RANGE = Duration.ofDays(7);

    static StatsRange parse(String from, String to, String tz, String interval, Instant now) {
        ZoneId zone = zone(tz);
        Instant parsedTo = QueryParameters.optionalInstant(to, zone, "to");
        Instant parsedFrom = QueryParameters.optionalInstant(from, zone, "from");
        Instant end = parsedTo == null ? now : parsedTo;
        Instant start = parsedFrom == null ? end.minus(DEFAULT_RANGE) : parsedFrom;
        if (!start.isBefore(end)) {
            throw new InvalidParameter("from", "from must be before to");
        }
        Interval step;
        if (interval == null || interval.isBlank()) {
            step = Duration.between(start, end).compareTo(Duration.ofDays(2)) <= 0 ? Interval.HOUR : Interval.DAY;
        } else {
            try {
                step = Interval.valueOf(interval.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidParameter("interval", "interval must be hour or day");
            }
        }
        StatsRange range = new StatsRange(start, end, zone, step);
        long approximateBuckets = Duration.between(start, end).dividedBy(step == Interval.HOUR
                ? Duration.ofHours(1) : Duration.ofDays(1));
        if (approximateBuckets > MAX_BUCKETS) {
            throw new InvalidParameter("interval", "The range has too many " + step.label()
                    + "s; use a larger interval or a shorter range");
        }
        return range;
    }

    /** The local start of every bucket that overlaps [from, to). */
    List<ZonedDateTime> bucketStarts() {
        List<ZonedDateTime> starts = new ArrayList<>();
        ZonedDateTime local = from.atZone(zone);
        ZonedDateTime bucket = interval == Interval.HOUR
                ? local.truncatedTo(ChronoUnit.HOURS)
                : local.toLocalDate().atStartOfDay(zone);
        while (bucket.toInstant().isBefore(to) && starts.size() <= MAX_BUCKETS) {
            starts.add(bucket);
            ZonedDateTime next = interval == Interval.HOUR
                    ? bucket.plusHours(1).truncatedTo(ChronoUnit.HOURS)
                    : bucket.toLocalDate().plusDays(1).atStartOfDay(zone);
            // Where clocks go back by less than an hour (Lord Howe Island: 30 minutes), truncating can land on the
            // bucket just left; the next bucket then starts an hour later on the instant time line.
            bucket = next.toInstant().isAfter(bucket.toInstant()) ? next : bucket.plusHours(1);
        }
        return starts;
    }

    private static ZoneId zone(String tz) {
        if (tz == null || tz.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(tz.trim());
        } catch (DateTimeException e) {
            throw new InvalidParameter("tz", "tz must be an IANA time zone such as Europe/Berlin");
        }
    }
}
