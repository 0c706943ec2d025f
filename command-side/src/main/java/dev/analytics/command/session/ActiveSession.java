package dev.analytics.command.session;

import java.time.Instant;

/** A live end-user session: whose it is and until when. */
public record ActiveSession(String sessionId, String userId, Instant expiresAt) {
}
