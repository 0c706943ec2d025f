package dev.analytics.query.rebuild;

import dev.analytics.events.AdminActor;

import java.util.List;

/** Rebuild these read models from the events (all of them when the list is empty). */
public record RequestRebuild(List<String> projections, AdminActor by) {
}
