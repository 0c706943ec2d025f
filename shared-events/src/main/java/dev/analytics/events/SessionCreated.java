package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * An end-user session began. {@code sessionId} is the SHA-256 of the cookie's token, never the token itself.
 */
@Revision("1")
public record SessionCreated(String sessionId, String userId, Instant expiresAt, Instant occurredAt) {
}
