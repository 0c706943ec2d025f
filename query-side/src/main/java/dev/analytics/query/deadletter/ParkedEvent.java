package dev.analytics.query.deadletter;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;

import java.time.Instant;

/**
 * One parked event in {@code GET /admin/dead-letters}.
 *
 * @param sequenceIdentifier  the sequence it waits in: the aggregate's id, or the event's own id when it has no
 *                            aggregate (a page view, a CAD event)
 * @param eventId             the event's id
 * @param eventType           the event's type, such as {@code PageViewRecorded}
 * @param aggregateType       the aggregate's type, such as {@code User}; null for events without an aggregate
 * @param aggregateIdentifier the aggregate's id (for events without an aggregate, the store keeps the event id here)
 * @param aggregateSequence   the event's number in its aggregate
 * @param globalIndex         its position in the event store
 * @param enqueuedAt          when it was parked
 * @param lastTouched         when it was parked or last retried
 * @param causeType           the failure's type. Null for an event parked only because an earlier event of its
 *                            sequence is: it waits, untried.
 * @param causeMessage        the failure's message: the database's own for a database error. It may quote the row's
 *                            values, which come from the event.
 * @param retries             how many retries have failed since it was parked
 */
record ParkedEvent(String sequenceIdentifier, String eventId, String eventType, String aggregateType,
                   String aggregateIdentifier, Long aggregateSequence, Long globalIndex, Instant enqueuedAt,
                   Instant lastTouched, String causeType, String causeMessage, int retries) {

    static ParkedEvent of(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        DomainEventMessage<?> domainEvent = event instanceof DomainEventMessage<?> d ? d : null;
        TrackingToken token = event instanceof TrackedEventMessage<?> tracked ? tracked.trackingToken() : null;
        return new ParkedEvent(
                letter instanceof JdbcDeadLetter<?> stored ? stored.getSequenceIdentifier() : null,
                event.getIdentifier(),
                event.getPayloadType().getSimpleName(),
                domainEvent == null ? null : domainEvent.getType(),
                domainEvent == null ? null : domainEvent.getAggregateIdentifier(),
                domainEvent == null ? null : domainEvent.getSequenceNumber(),
                token == null || token.position().isEmpty() ? null : token.position().getAsLong(),
                letter.enqueuedAt(),
                letter.lastTouched(),
                letter.cause().map(Cause::type).orElse(null),
                letter.cause().map(Cause::message).orElse(null),
                ParkingPolicy.retries(letter));
    }
}
