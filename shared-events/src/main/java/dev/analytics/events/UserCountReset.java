package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An admin set the user's generation count back to 0. */
@Revision("1")
public record UserCountReset(String userId, int previousCount, String reason, AdminActor by, Instant occurredAt) {
}
