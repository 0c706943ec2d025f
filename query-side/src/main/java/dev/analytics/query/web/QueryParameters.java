package dev.analytics.query.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** Reads the query parameters the read endpoints share, refusing bad ones with {@link InvalidParameter}. */
public final class QueryParameters {

    /** Times PostgreSQL and every client can handle; anything outside is a mistake. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private QueryParameters() {
    }

    /** The trimmed text, or null when absent or blank; longer than {@code maxLength} is refused. */
    public static String optionalText(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (text.length() > maxLength) {
            throw new InvalidParameter(field, field + " must be at most " + maxLength + " characters");
        }
        return text;
    }

    /**
     * An ISO-8601 instant or offset date-time; a local date or date-time is read in {@code zone}. Null when absent or
     * blank; refused outside {@link #EARLIEST} to {@link #LATEST}.
     */
    public static Instant optionalInstant(String value, ZoneId zone, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant = parseInstant(value.trim(), zone, field);
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidParameter(field, field + " must be between 1970 and 9999");
        }
        return instant;
    }

    private static Instant parseInstant(String text, ZoneId zone, String field) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException ignored) {
            // not an offset date-time; try the local forms
        }
        try {
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        } catch (DateTimeException ignored) {
            // not a local date-time either
        }
        try {
            return LocalDate.parse(text).atStartOfDay(zone).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidParameter(field,
                    field + " must be an ISO-8601 date or date-time, such as 2025-01-31T00:00:00Z");
        }
    }

    /**
     * A pattern for {@code ILIKE ? ESCAPE '\'} that matches any text containing {@code text} literally: the caller's
     * {@code %} and {@code _} are plain characters, not wildcards.
     */
    public static String containing(String text) {
        String escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
