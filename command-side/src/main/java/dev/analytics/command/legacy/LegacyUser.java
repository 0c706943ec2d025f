package dev.analytics.command.legacy;

import dev.analytics.command.user.EmailAddress;
import dev.analytics.command.user.User;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A legacy record that passed every check, ready to become a user.
 *
 * <p>{@code sourceKey} names the legacy user, and the user id is derived from it, so the same row maps to the same
 * user on every run: that is what makes the import idempotent. The key is the row's {@code id} when it has one (the
 * old system's own key, which survives an email change between two exports), else its email, else the row's content
 * (count, limit as written, creation time) with its occurrence among identical rows.
 */
record LegacyUser(String sourceKey, String userId, String email, int modelCount, int modelLimit, Instant createdAt) {

    static final int MAX_ID_LENGTH = 128;

    /** A row refused, with the reason. Reasons never hold the email: it is personal data and would land in logs. */
    static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d{1,18}");

    /**
     * Checks a record. {@code occurrences} numbers identical rows without id and email within one run; only those rows
     * use it, since their key is their content.
     */
    static LegacyUser from(LegacyRecord record, int defaultModelLimit, Instant now, ContentOccurrences occurrences)
            throws Rejected {
        if (record.problem() != null) {
            throw new Rejected(record.problem());
        }
        Map<String, String> fields = record.fields();
        String email = email(value(fields, LegacyRecord.EMAIL));
        String id = id(value(fields, LegacyRecord.ID));
        String countText = value(fields, LegacyRecord.MODEL_COUNT);
        if (countText == null) {
            throw new Rejected("model_count is missing");
        }
        int modelCount = number(LegacyRecord.MODEL_COUNT, countText, 0, Integer.MAX_VALUE);
        String limitText = value(fields, LegacyRecord.MODEL_LIMIT);
        int modelLimit = limitText == null ? defaultModelLimit
                : number(LegacyRecord.MODEL_LIMIT, limitText, 0, User.MAX_MODEL_LIMIT);
        Instant createdAt = createdAt(value(fields, LegacyRecord.CREATED_AT), now);

        String sourceKey;
        if (id != null) {
            sourceKey = "id:" + id;
        } else if (email != null) {
            sourceKey = "email:" + email;
        } else {
            String content = modelCount + "|" + (limitText == null ? "" : modelLimit) + "|" + createdAt;
            sourceKey = "content:" + sha256(content) + "#" + occurrences.next(content);
        }
        return new LegacyUser(sourceKey, userIdFor(sourceKey), email, modelCount, modelLimit, createdAt);
    }

    static String userIdFor(String sourceKey) {
        return UUID.nameUUIDFromBytes(("legacy-user:" + sourceKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Counts identical content among the rows of one run, so that two identical anonymous users stay two. */
    static final class ContentOccurrences {
        private final Map<String, Integer> seen = new HashMap<>();

        int next(String content) {
            return seen.merge(content, 1, Integer::sum);
        }
    }

    private static String value(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String email(String value) throws Rejected {
        if (value == null) {
            return null;
        }
        String email = EmailAddress.normalise(value);
        if (email.length() > EmailAddress.MAX_LENGTH) {
            throw new Rejected("email is longer than " + EmailAddress.MAX_LENGTH + " characters");
        }
        if (!EmailAddress.isValid(email)) {
            throw new Rejected("email is not a valid address");
        }
        return email;
    }

    private static String id(String value) throws Rejected {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new Rejected("id is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new Rejected("id may not contain control characters");
        }
        return value;
    }

    private static int number(String field, String value, int min, int max) throws Rejected {
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            throw new Rejected(field + " is not a whole number: " + LogText.quoted(value));
        }
        long number = Long.parseLong(value);
        if (number < min || number > max) {
            throw new Rejected(field + " must be between " + min + " and " + max + ", not " + number);
        }
        return (int) number;
    }

    /**
     * An instant ({@code 2023-04-01T12:00:00Z}), a date-time with an offset ({@code 2023-04-01T14:00:00+02:00}), or a
     * date alone, read as the start of that day in UTC. A space may stand for the {@code T}. A date-time without an
     * offset is refused: guessing its zone could move a user to another day.
     */
    private static Instant createdAt(String value, Instant now) throws Rejected {
        if (value == null) {
            throw new Rejected("created_at is missing");
        }
        String text = value.length() > 10 && value.charAt(10) == ' '
                ? value.substring(0, 10) + "T" + value.substring(11) : value;
        Instant instant;
        try {
            instant = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            if (isLocalDateTime(text)) {
                throw new Rejected("created_at has no time zone offset (add Z for UTC): " + LogText.quoted(value));
            }
            throw new Rejected("created_at is not an ISO-8601 date or date-time: " + LogText.quoted(value));
        }
        if (instant.isAfter(now)) {
            throw new Rejected("created_at is in the future: " + LogText.quoted(value));
        }
        return instant;
    }

    private static boolean isLocalDateTime(String text) {
        try {
            LocalDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
