package dev.analytics.command.session;

/** Start a session for an existing user. {@code sessionId} is the hash of the cookie's token. */
record CreateSession(String sessionId, String userId) {
}
