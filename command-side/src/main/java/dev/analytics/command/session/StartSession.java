package dev.analytics.command.session;

/**
 * Sign a browser in: a new user (with an optional email and name) and a session for it, or, with a claim code, a
 * session for the existing user the code was issued for.
 */
record StartSession(String sessionId, String email, String name, String claimCode, int modelLimit) {
}
