package dev.analytics.command.legacy;

/**
 * The legacy file as a whole cannot be read: missing, unreadable, not UTF-8, not the expected JSON shape, or CSV
 * damaged beyond one record. Unlike a bad row, this stops the import, and with it start-up.
 */
class LegacyFileUnreadable extends RuntimeException {

    LegacyFileUnreadable(String message) {
        super(message);
    }

    LegacyFileUnreadable(String message, Throwable cause) {
        super(message, cause);
    }
}
