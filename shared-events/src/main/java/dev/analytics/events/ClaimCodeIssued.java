package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * An admin issued a one-time code that binds a new session to this (for example imported) user. Only a hash of the
 * code is recorded; the code itself is shown to the admin once.
 */
@Revision("1")
public record ClaimCodeIssued(String userId, String codeHash, Instant expiresAt, AdminActor by, Instant occurredAt) {
}
