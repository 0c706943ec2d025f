package dev.analytics.query.user;

import java.time.Instant;

/** One user in {@code GET /admin/users}; {@code remaining} is how many more models the user may generate. */
record UserSummary(String id, String email, String name, int modelCount, int modelLimit, int remaining,
                   Instant createdAt, Instant lastActivityAt, boolean imported) {
}
