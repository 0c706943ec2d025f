package dev.analytics.command.legacy;

import java.time.Instant;

/**
 * Bring one user over from the legacy file: claim the email, if any, and create the user with its original creation
 * time, in one transaction. Answers with an {@link ImportOutcome}.
 */
public record ImportLegacyUser(String userId, String email, int modelCount, int modelLimit, String sourceKey,
                               Instant createdAt) {
}
