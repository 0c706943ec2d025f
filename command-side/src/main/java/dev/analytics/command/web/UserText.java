package dev.analytics.command.web;

/**
 * The rules every user-supplied string meets before it goes into an event: a length limit, and no NUL character,
 * which PostgreSQL cannot store in text and which would make every projection of the event fail.
 */
public final class UserText {

    private UserText() {
    }

    /** The value (null stays null), or a {@code 400 invalid_field} naming the field. */
    public static String check(String value, String field, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw ApiError.invalidField(field, field + " is longer than " + maxLength + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw ApiError.invalidField(field, field + " may not contain NUL characters");
        }
        return value;
    }
}
