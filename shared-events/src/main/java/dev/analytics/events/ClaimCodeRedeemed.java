package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A claim code was used: the session {@code sessionId} now belongs to the user. A code works once. */
@Revision("1")
public record ClaimCodeRedeemed(String userId, String codeHash, String sessionId, Instant occurredAt) {
}
