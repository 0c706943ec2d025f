package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The session ended before its expiry, by logout. */
@Revision("1")
public record SessionRevoked(String sessionId, String userId, Instant occurredAt) {
}
