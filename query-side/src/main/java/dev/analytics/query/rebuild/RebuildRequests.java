package dev.analytics.query.rebuild;

import dev.analytics.events.ProjectionRebuildRequested;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Handles {@link RequestRebuild}. A rebuild is the query side's own business (whether one is running is the query
 * side's state), so its command handler lives here rather than with the command side; it is the one place the query
 * side records an event, so that the request is in the audit trail like every other operator action.
 *
 * <p>The check for a running rebuild, the new rebuild's row and its event commit together, under a lock that
 * serialises requests: two requests racing for one read model give one rebuild and one refusal.
 */
@Component
class RebuildRequests {

    private final Rebuilds rebuilds;
    private final EventBus events;
    private final Clock clock;

    RebuildRequests(Rebuilds rebuilds, EventBus events, Clock clock) {
        this.rebuilds = rebuilds;
        this.events = events;
        this.clock = clock;
    }

    @CommandHandler
    long handle(RequestRebuild command) {
        List<String> projections = command.projections().isEmpty() ? ReadModel.names()
                : List.copyOf(new LinkedHashSet<>(command.projections()));
        for (String name : projections) {
            ReadModel.named(name).orElseThrow(() -> new UnknownReadModel(name));
        }
        rebuilds.lockRequests();
        rebuilds.unfinishedOverlapping(projections).ifPresent(running -> {
            throw new RebuildInProgress(running);
        });
        Instant now = clock.instant();
        long id = rebuilds.insert(projections, command.by().actor(), now);
        events.publish(GenericEventMessage.asEventMessage(
                new ProjectionRebuildRequested(id, projections, command.by(), now)));
        return id;
    }
}
