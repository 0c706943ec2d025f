package dev.analytics.query.rebuild;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import dev.analytics.query.deadletter.ProjectionDeadLetters;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.common.AxonThreadFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The new processor a rebuild runs: the live projections' own handler objects, fed every event from the start of the
 * store, under a processor name of the rebuild's own ({@code rebuild-<id>}), in transactions whose table names
 * resolve to the rebuild's shadow tables. One processor serves all the rebuild's read models, so the store is read
 * once however many are rebuilt.
 */
final class RebuildProcessor {

    private final String name;
    private final Map<ReadModel, EventHandlerInvoker> invokers;
    private final PooledStreamingEventProcessor processor;
    private final ScheduledExecutorService coordinator;
    private final ScheduledExecutorService workers;

    private RebuildProcessor(String name, Map<ReadModel, EventHandlerInvoker> invokers,
                             PooledStreamingEventProcessor processor, ScheduledExecutorService coordinator,
                             ScheduledExecutorService workers) {
        this.name = name;
        this.invokers = invokers;
        this.processor = processor;
        this.coordinator = coordinator;
        this.workers = workers;
    }

    static String name(long rebuildId) {
        return "rebuild-" + rebuildId;
    }

    /**
     * The processing group under which the rebuild parks the events of {@code model} its handlers fail on; the swap
     * hands them to the live processing group, whose earlier letters the rebuild has handled again.
     */
    static String deadLetterGroup(long rebuildId, ReadModel model) {
        return name(rebuildId) + ":" + model.processingGroup();
    }

    static RebuildProcessor create(long rebuildId, Collection<ReadModel> models, Configuration axon,
                                   ProjectionDeadLetters deadLetters,
                                   StreamableMessageSource<TrackedEventMessage<?>> events, TokenStore tokenStore,
                                   TransactionManager shadowTransactions, int batchSize) {
        String name = name(rebuildId);
        Map<ReadModel, EventHandlerInvoker> invokers = new LinkedHashMap<>();
        for (ReadModel model : models) {
            // as live: poison events are parked, each handler under a savepoint
            invokers.put(model, deadLetters.invoker(deadLetterGroup(rebuildId, model),
                    liveHandlers(axon.eventProcessingConfiguration(), model), axon));
        }
        ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(
                new AxonThreadFactory("Coordinator[" + name + "]"));
        ScheduledExecutorService workers = Executors.newSingleThreadScheduledExecutor(
                new AxonThreadFactory("WorkPackage[" + name + "]"));
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name(name)
                .eventHandlerInvoker(new MultiEventHandlerInvoker(List.copyOf(invokers.values())))
                .messageSource(events)
                .tokenStore(tokenStore)
                .transactionManager(shadowTransactions)
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(1)
                .initialToken(StreamableMessageSource::createTailToken)
                .batchSize(batchSize)
                .build();
        return new RebuildProcessor(name, invokers, processor, coordinator, workers);
    }

    /** The handler objects of the live processor: the projection beans themselves, wrapped for Axon. */
    private static List<?> liveHandlers(EventProcessingConfiguration processing, ReadModel model) {
        EventProcessor live = processing.eventProcessor(model.processingGroup())
                .orElseThrow(() -> new IllegalStateException("No processor " + model.processingGroup()));
        List<Object> handlers = new ArrayList<>();
        collectHandlers(((AbstractEventProcessor) live).eventHandlerInvoker(), handlers);
        return handlers;
    }

    private static void collectHandlers(EventHandlerInvoker invoker, List<Object> handlers) {
        if (invoker instanceof MultiEventHandlerInvoker multi) {
            multi.delegates().forEach(delegate -> collectHandlers(delegate, handlers));
        } else if (invoker instanceof SimpleEventHandlerInvoker simple) {
            handlers.addAll(simple.eventHandlers());
        } else {
            throw new IllegalStateException("Cannot take the handlers from a " + invoker.getClass().getSimpleName());
        }
    }

    String name() {
        return name;
    }

    Map<ReadModel, EventHandlerInvoker> invokers() {
        return invokers;
    }

    void start() {
        processor.start();
    }

    /** Stops after the batch in hand, whose token is stored with its rows. */
    void shutDown() {
        try {
            processor.shutDown();
        } finally {
            coordinator.shutdownNow();
            workers.shutdownNow();
        }
    }

    /** The position reached, once the processor has claimed its segment. */
    OptionalLong position() {
        return processor.processingStatus().values().stream().map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).min();
    }

    /** Why its current batch keeps failing, if it does. */
    String error() {
        return processor.processingStatus().values().stream().filter(EventTrackerStatus::isErrorState)
                .map(status -> String.valueOf(status.getError())).findFirst().orElse(null);
    }

    /**
     * Axon's transaction manager, with every transaction's table names resolving to the shadow schema first. A
     * {@code SET LOCAL} lasts until the transaction ends, so the pooled connection goes back unchanged.
     */
    static TransactionManager onShadowTables(TransactionManager transactions, Runnable useShadow) {
        return () -> {
            Transaction transaction = transactions.startTransaction();
            try {
                useShadow.run();
            } catch (RuntimeException e) {
                transaction.rollback();
                throw e;
            }
            return transaction;
        };
    }
}
