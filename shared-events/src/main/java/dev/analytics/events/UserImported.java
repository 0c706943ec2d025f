package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A user moved over from the legacy export. {@code occurredAt} is the user's original {@code created_at}, and
 * {@code sourceKey} identifies the legacy row, so that a second import skips it.
 */
@Revision("1")
public record UserImported(String userId, String email, int modelCount, int modelLimit, String sourceKey,
                           Instant occurredAt) {
}
