package dev.analytics.server.support;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends events to the real event store as the command side would, so that query-side tests can drive the
 * projections without the commands: aggregate events with the aggregate's type, id and next sequence numbers, and
 * events without an aggregate under a message identifier of the test's choosing.
 */
public final class Events {

    private final EventStore store;

    public Events(EventStore store) {
        this.store = store;
    }

    /** Appends events of the User aggregate {@code userId}, continuing its sequence; returns their identifiers. */
    public List<String> ofUser(String userId, Object... payloads) {
        return ofAggregate("User", userId, payloads);
    }

    /** Appends events of the Session aggregate {@code sessionId}, continuing its sequence; returns their identifiers. */
    public List<String> ofSession(String sessionId, Object... payloads) {
        return ofAggregate("Session", sessionId, payloads);
    }

    /** Appends an event without an aggregate and returns its message identifier. */
    public String fact(Object payload) {
        String id = UUID.randomUUID().toString();
        fact(id, payload);
        return id;
    }

    /** Appends an event without an aggregate under the message identifier {@code id}. */
    public void fact(String id, Object payload) {
        store.publish(new GenericEventMessage<>(id, payload, MetaData.emptyInstance(), Instant.now()));
    }

    /**
     * Appends events without an aggregate in one append, so that they become visible together; returns their message
     * identifiers.
     */
    public List<String> factsInOneAppend(List<?> payloads) {
        List<EventMessage<?>> messages = payloads.stream()
                .<EventMessage<?>>map(payload -> new GenericEventMessage<>(UUID.randomUUID().toString(), payload,
                        MetaData.emptyInstance(), Instant.now()))
                .toList();
        store.publish(messages);
        return messages.stream().map(EventMessage::getIdentifier).toList();
    }

    private List<String> ofAggregate(String type, String id, Object... payloads) {
        long next = store.lastSequenceNumberFor(id).map(last -> last + 1).orElse(0L);
        List<String> identifiers = new ArrayList<>();
        for (Object payload : payloads) {
            var event = new GenericDomainEventMessage<>(type, id, next++, payload, MetaData.emptyInstance());
            store.publish(event);
            identifiers.add(event.getIdentifier());
        }
        return identifiers;
    }
}
