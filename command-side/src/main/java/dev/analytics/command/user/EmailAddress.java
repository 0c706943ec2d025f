package dev.analytics.command.user;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The service's one rule for an end user's email: trimmed, lowercased, at most 254 characters, and loosely shaped
 * like an address. Deliberately loose (a full RFC 5322 check refuses real addresses); delivery is the real test.
 */
public final class EmailAddress {

    public static final int MAX_LENGTH = 254;

    private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    private EmailAddress() {
    }

    /** The form an email is stored and compared in: trimmed and lowercased. */
    public static String normalise(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** Whether a normalised email is acceptable: not too long, no control characters, shaped like an address. */
    public static boolean isValid(String normalised) {
        return normalised.length() <= MAX_LENGTH && normalised.chars().noneMatch(Character::isISOControl)
                && SHAPE.matcher(normalised).matches();
    }
}
