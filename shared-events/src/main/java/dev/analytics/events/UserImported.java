package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A user moved over from the legacy export. {@code sourceKey} identifies the legacy row, so that a second import skips
 * it.
 *
 * <p>Revision 2 split the two times that revision 1 kept in one field: revision 1's {@code occurredAt} held the
 * user's legacy {@code created_at}, not the time of the import, so it broke the rule that every event's
 * {@code occurredAt} comes from the service's clock, and the import's own time was lost. Stored revision-1 events are
 * read through {@link dev.analytics.events.upcasting.UserImportedRevision1To2}.
 *
 * @param createdAt  when the user was created in the legacy system, their {@code created_at}
 * @param occurredAt when the user was imported, from the service's clock
 */
@Revision("2")
public record UserImported(String userId, String email, int modelCount, int modelLimit, String sourceKey,
                           Instant createdAt, Instant occurredAt) {
}
