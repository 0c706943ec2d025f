package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An admin changed how many models the user may generate. */
@Revision("1")
public record ModelLimitChanged(String userId, int previousLimit, int modelLimit, AdminActor by, Instant occurredAt) {
}
