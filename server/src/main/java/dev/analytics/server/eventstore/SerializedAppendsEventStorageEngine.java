package dev.analytics.server.eventstore;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Wraps Axon's JDBC storage engine so that appends are serialised and events without an aggregate are idempotent.
 *
 * <h2>Why appends are serialised</h2>
 * PostgreSQL hands out {@code global_index} values from a sequence when a row is inserted, but rows become visible
 * when their transaction commits. With concurrent writers a higher index can become visible before a lower one.
 * Axon's tracking tokens remember such holes as gaps, but forget a gap once its neighbours look older than the gap
 * timeout, and then the late event is never delivered (Axon #4829). Taking one transaction-scoped advisory lock before
 * the insert makes commit order equal index order, so a projection never sees a hole that will later be filled.
 *
 * <h2>Why events without an aggregate are idempotent</h2>
 * A page view's message identifier is derived from the client's event id. Under the same lock, identifiers that are
 * already stored are dropped from the batch, so a retried request is a no-op instead of a unique-key violation that
 * would fail everyone else's events in the same group commit.
 */
public class SerializedAppendsEventStorageEngine implements EventStorageEngine {

    /** The advisory lock key: an arbitrary constant that no other part of the service uses. */
    static final long APPEND_LOCK_KEY = 0x616e616c79746963L; // "analytic"

    private final EventStorageEngine delegate;
    private final ConnectionProvider connectionProvider;
    private final TransactionManager transactionManager;
    private final boolean serializeAppends;

    public SerializedAppendsEventStorageEngine(EventStorageEngine delegate,
                                               ConnectionProvider connectionProvider,
                                               TransactionManager transactionManager,
                                               boolean serializeAppends) {
        this.delegate = delegate;
        this.connectionProvider = connectionProvider;
        this.transactionManager = transactionManager;
        this.serializeAppends = serializeAppends;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        transactionManager.executeInTransaction(() -> {
            List<? extends EventMessage<?>> toAppend;
            try (Connection connection = connectionProvider.getConnection()) {
                if (serializeAppends) {
                    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                        lock.setLong(1, APPEND_LOCK_KEY);
                        lock.execute();
                    }
                }
                toAppend = withoutStoredEvents(connection, events);
            } catch (SQLException e) {
                throw new EventStoreException("Could not prepare the append of " + events.size() + " events", e);
            }
            delegate.appendEvents(toAppend);
        });
    }

    /** Drops events without an aggregate whose identifier is already stored, or repeated within the batch. */
    private static List<? extends EventMessage<?>> withoutStoredEvents(Connection connection,
                                                                       List<? extends EventMessage<?>> events)
            throws SQLException {
        List<String> candidates = events.stream()
                .filter(e -> !(e instanceof DomainEventMessage))
                .map(EventMessage::getIdentifier)
                .toList();
        if (candidates.isEmpty()) {
            return events;
        }
        Set<String> seen = new HashSet<>();
        Array ids = connection.createArrayOf("varchar", candidates.toArray());
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT event_identifier FROM domain_event_entry WHERE event_identifier = ANY (?)")) {
            select.setArray(1, ids);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    seen.add(rs.getString(1));
                }
            }
        } finally {
            ids.free();
        }
        if (seen.isEmpty() && new HashSet<>(candidates).size() == candidates.size()) {
            return events;
        }
        List<EventMessage<?>> fresh = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            if (event instanceof DomainEventMessage || seen.add(event.getIdentifier())) {
                fresh.add(event);
            }
        }
        return fresh;
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        delegate.storeSnapshot(snapshot);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return delegate.readEvents(trackingToken, mayBlock);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return delegate.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return delegate.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }
}
