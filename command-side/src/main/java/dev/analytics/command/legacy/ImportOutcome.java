package dev.analytics.command.legacy;

/** What became of one {@link ImportLegacyUser}. */
public enum ImportOutcome {
    /** The user now exists. */
    IMPORTED,
    /** The user existed already (an earlier import, or a concurrent one); nothing was written. */
    ALREADY_IMPORTED,
    /** Another user has the email; nothing was written. */
    EMAIL_IN_USE
}
