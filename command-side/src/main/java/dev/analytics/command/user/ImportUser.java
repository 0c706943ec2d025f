package dev.analytics.command.user;

import java.time.Instant;

/** Bring a user over from the legacy export, with its count, limit and original creation time. */
public record ImportUser(String userId, String email, int modelCount, int modelLimit, String sourceKey,
                         Instant createdAt) {
}
