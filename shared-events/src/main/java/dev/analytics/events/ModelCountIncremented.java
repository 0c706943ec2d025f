package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The user generated one more model; {@code modelCount} is the count after it. */
@Revision("1")
public record ModelCountIncremented(String userId, int modelCount, int modelLimit, Instant occurredAt) {
}
