package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * An operator asked for read models to be rebuilt from the events. The query side builds them afresh in shadow tables
 * while the old ones keep serving, and swaps them in when they have caught up.
 *
 * @param rebuildId   the rebuild's number, which {@code GET /admin/replay} reports its progress under
 * @param projections the read models to rebuild, by name ({@code page-views}, {@code users}, ...)
 * @param by          who asked: the admin, or the command line ({@code "cli"}, without an IP)
 */
@Revision("1")
public record ProjectionRebuildRequested(long rebuildId, List<String> projections, AdminActor by,
                                         Instant occurredAt) {
}
