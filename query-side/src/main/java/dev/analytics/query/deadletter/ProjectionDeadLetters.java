package dev.analytics.query.deadletter;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dead letters for projections: Axon's JDBC dead-letter queue in {@code dead_letter_entry}, one per processing group,
 * and the settings every dead-lettering invoker gets. The server gives every processing group a queue through
 * {@link #queue} and {@link #configure}; a processor built in code (such as a rebuild's, under a processing group name
 * of its own) gets the same setup from {@link #invoker}.
 *
 * <p>What the settings mean: failures are parked or retried as {@link ParkingPolicy} says; handlers run under
 * {@link HandlerSavepoints}, which Axon applies to every handler it wraps; the invoker remembers the sequences it has
 * parked, so that as long as the queue was empty when it claimed its segment, an event costs no look-up in the queue
 * (otherwise each costs one); and a reset of the processor (a replay from the start) clears its queue, since the
 * replay handles those events again.
 *
 * <p>A queue holds at most 1,024 sequences (an aggregate, or one event without an aggregate, such as a page view) of at
 * most 1,024 events each, Axon's defaults. When it is full, the next failure fails its batch, and the processor stops
 * there and retries with back-off until letters are retried or the cause is fixed: past that many failures, something
 * is wrong with the projection as a whole.
 */
@Component
public class ProjectionDeadLetters {

    private final ConnectionProvider connectionProvider;
    private final TransactionManager transactionManager;
    private final DeadLetterSchema schema;
    private final Serializer eventSerializer;
    private final Serializer genericSerializer;
    private final ParkingPolicy policy = new ParkingPolicy();
    private final Map<String, SequencedDeadLetterQueue<EventMessage<?>>> queues = new ConcurrentHashMap<>();
    private final Map<String, SequencedDeadLetterProcessor<EventMessage<?>>> invokersBuiltHere =
            new ConcurrentHashMap<>();

    ProjectionDeadLetters(ConnectionProvider connectionProvider, TransactionManager transactionManager,
                          DeadLetterSchema schema, @Qualifier("eventSerializer") Serializer eventSerializer,
                          Serializer genericSerializer) {
        this.connectionProvider = connectionProvider;
        this.transactionManager = transactionManager;
        this.schema = schema;
        this.eventSerializer = eventSerializer;
        this.genericSerializer = genericSerializer;
    }

    /** The dead-letter queue of {@code processingGroup}; one instance per group. */
    public SequencedDeadLetterQueue<EventMessage<?>> queue(String processingGroup) {
        return queues.computeIfAbsent(processingGroup, group -> JdbcSequencedDeadLetterQueue.builder()
                .processingGroup(group)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(schema)
                .eventSerializer(eventSerializer)
                .genericSerializer(genericSerializer)
                .build());
    }

    /** Applies the settings every dead-lettering invoker gets (see the class comment) to {@code builder}. */
    public DeadLetteringEventHandlerInvoker.Builder configure(DeadLetteringEventHandlerInvoker.Builder builder) {
        return builder.enqueuePolicy(policy)
                .enableSequenceIdentifierCache()
                .allowReset(true);
    }

    /**
     * A dead-lettering invoker of {@code eventHandlers} for a processor built in code, with its own queue under
     * {@code processingGroup}, set up like every other: handlers wrapped by Axon's configured handler definition (so
     * they run under {@link HandlerSavepoints}), the group's sequencing policy, and {@link #configure}. Its letters are
     * listed and retried with the others.
     */
    public DeadLetteringEventHandlerInvoker invoker(String processingGroup, List<?> eventHandlers,
                                                    Configuration axon) {
        DeadLetteringEventHandlerInvoker invoker = configure(DeadLetteringEventHandlerInvoker.builder()
                .eventHandlers(eventHandlers)
                .handlerDefinition(axon.handlerDefinition(eventHandlers.get(0).getClass()))
                .parameterResolverFactory(axon.parameterResolverFactory())
                .sequencingPolicy(axon.eventProcessingConfiguration().sequencingPolicy(processingGroup))
                .queue(queue(processingGroup))
                .transactionManager(transactionManager))
                .build();
        invokersBuiltHere.put(processingGroup, invoker);
        return invoker;
    }

    /** Drops a processing group built in code (a finished rebuild's) from the listed ones. */
    public void forget(String processingGroup) {
        queues.remove(processingGroup);
        invokersBuiltHere.remove(processingGroup);
    }

    /** The processing groups that have a queue, by name. */
    public SortedSet<String> processingGroups() {
        return new TreeSet<>(queues.keySet());
    }

    /** The processor of {@code processingGroup}'s letters when its invoker was built by {@link #invoker}. */
    Optional<SequencedDeadLetterProcessor<EventMessage<?>>> invokerBuiltHere(String processingGroup) {
        return Optional.ofNullable(invokersBuiltHere.get(processingGroup));
    }
}
