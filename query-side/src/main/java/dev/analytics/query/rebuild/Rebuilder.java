package dev.analytics.query.rebuild;

import org.axonframework.common.transaction.TransactionManager;
import dev.analytics.query.deadletter.FailureWithoutSavepoint;
import dev.analytics.query.deadletter.ProjectionDeadLetters;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import dev.analytics.query.processing.ProcessorTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Runs one rebuild on the instance holding its lease, from empty shadow tables to the swap.
 *
 * <ol>
 *   <li>Creates the shadow schema with empty copies of the read models' tables.</li>
 *   <li>Runs a new processor over every event in the store into the shadow tables, reporting progress and renewing
 *       the lease each second, until it is within a batch of the head.</li>
 *   <li>Stops it, and swaps in one transaction: it locks the live tables (waiting for live batches in flight) and
 *       the live processors' tokens, applies to the shadow tables the few events the live processors have handled
 *       since the rebuild stopped, drops the live tables, moves the shadow ones into their place, and removes the
 *       rebuild's token. The live processors carry on from their own tokens, now on the rebuilt tables.</li>
 * </ol>
 *
 * <p>Should this instance stop or die, its lease runs out and another one carries on from the rebuild's stored token,
 * since the shadow tables and that token commit together. Should a step fail, the rebuild is marked failed and its
 * shadow tables dropped; the live tables never changed.
 */
@Component
class Rebuilder {

    private static final Logger log = LoggerFactory.getLogger(Rebuilder.class);
    private static final int SWAP_ATTEMPTS = 5;

    /** The rebuild's lease went to another instance (or the rebuild was finished by one); this runner stops. */
    static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super(null, null, false, false);
        }
    }

    private final Rebuilds rebuilds;
    private final ShadowTables shadow;
    private final ProcessorTokens tokens;
    private final Configuration axon;
    private final ProjectionDeadLetters deadLetters;
    private final JdbcTemplate jdbc;
    private final EventStore eventStore;
    private final EventStorageEngine storage;
    private final TokenStore tokenStore;
    private final TransactionManager axonTransactions;
    private final TransactionTemplate transactions;
    private final RebuildProperties properties;

    Rebuilder(Rebuilds rebuilds, ShadowTables shadow, ProcessorTokens tokens, Configuration axon,
              ProjectionDeadLetters deadLetters, JdbcTemplate jdbc,
              EventStore eventStore, EventStorageEngine storage, TokenStore tokenStore,
              TransactionManager axonTransactions, TransactionTemplate transactions,
              RebuildProperties properties) {
        this.rebuilds = rebuilds;
        this.shadow = shadow;
        this.tokens = tokens;
        this.axon = axon;
        this.deadLetters = deadLetters;
        this.jdbc = jdbc;
        this.eventStore = eventStore;
        this.storage = storage;
        this.tokenStore = tokenStore;
        this.axonTransactions = axonTransactions;
        this.transactions = transactions;
        this.properties = properties;
    }

    /**
     * Runs the rebuild to its end, or until {@code stopping} says this instance is shutting down, in which case the
     * lease is given up for another instance to carry on.
     */
    void run(Rebuild rebuild, String owner, BooleanSupplier stopping) {
        long id = rebuild.id();
        List<ReadModel> models = rebuild.projections().stream()
                .map(name -> ReadModel.named(name).orElseThrow(() -> new UnknownReadModel(name))).toList();
        String liveSchema = shadow.liveSchema();
        Progress progress = new Progress(rebuild);
        try {
            if (!rebuilds.isShadowReady(id)) {
                transactions.executeWithoutResult(status -> {
                    shadow.create(id, models, liveSchema);
                    tokens.delete(RebuildProcessor.name(id));
                    rebuilds.markShadowReady(id);
                });
            }
            RebuildProcessor processor = RebuildProcessor.create(id, models, axon, deadLetters, eventStore, tokenStore,
                    RebuildProcessor.onShadowTables(axonTransactions, () -> shadow.useShadow(id, liveSchema)),
                    properties.batchSize());
            log.info("Rebuild {} of {} started on this instance ({})", id, rebuild.projections(), owner);
            if (rebuild.state() == RebuildState.REBUILDING) {
                processor.start();
                try {
                    fillShadowTables(processor, progress, owner, stopping);
                } finally {
                    processor.shutDown();
                }
                if (!rebuilds.markSwapping(id, owner)) {
                    throw new LeaseLost();
                }
            }
            shadow.analyze(id, models);
            int attempts = 0;
            while (true) {
                try {
                    if (swap(id, models, processor, liveSchema, owner)) {
                        break;
                    }
                    // A live processor is behind the rebuild: wait for it to pass the rebuild's position.
                } catch (TransientDataAccessException | FailureWithoutSavepoint e) {
                    // A deadlock with a live batch, or an event to park at the catch-up (which runs its handlers
                    // under savepoints from the next attempt on): the swap changed nothing, so it is tried again.
                    if (++attempts > SWAP_ATTEMPTS) {
                        throw e;
                    }
                    log.info("Rebuild {}: swap attempt {} rolled back ({}); trying again", id, attempts, e.toString());
                }
                heartbeat(progress, owner, stopping);
                sleep();
            }
            log.info("Rebuild {} of {} swapped in: {}", id, rebuild.projections(),
                    rebuilds.find(id).map(Rebuild::progressLine).orElse(""));
        } catch (LeaseLost e) {
            log.info("Rebuild {} continues on another instance", id);
        } catch (Stopping e) {
            rebuilds.release(id, owner);
            log.info("Rebuild {} paused: this instance is stopping; another one will carry on", id);
        } catch (RuntimeException e) {
            log.error("Rebuild {} of {} failed; the live tables are unchanged", id, rebuild.projections(), e);
            rebuilds.markFailed(id, describe(e));
            shadow.drop(id);
            tokens.delete(RebuildProcessor.name(id));
            models.forEach(model -> jdbc.update("DELETE FROM dead_letter_entry WHERE processing_group = ?",
                    RebuildProcessor.deadLetterGroup(id, model)));
        } finally {
            models.forEach(model -> deadLetters.forget(RebuildProcessor.deadLetterGroup(id, model)));
        }
    }

    private void fillShadowTables(RebuildProcessor processor, Progress progress, String owner,
                                  BooleanSupplier stopping) {
        long lastLog = 0;
        while (true) {
            sleep();
            long head = tokens.head();
            long position = processor.position().orElse(0);
            progress.sample(position, head);
            heartbeat(progress, owner, stopping);
            if (System.nanoTime() - lastLog >= properties.progressInterval().toNanos()) {
                lastLog = System.nanoTime();
                String error = processor.error();
                log.info("{}{}", progress.line(RebuildState.REBUILDING),
                        error == null ? "" : "; retrying a failed batch: " + error);
            }
            // Within a batch of the head: under a steady flow of events the processor may never find the store
            // drained, and the swap applies the rest itself.
            if (head - position <= properties.batchSize()) {
                return;
            }
        }
    }

    /**
     * The swap, in one transaction; false (and nothing changed) when a live processor still has to reach the
     * rebuild's position.
     */
    private boolean swap(long id, List<ReadModel> models, RebuildProcessor processor, String liveSchema,
                         String owner) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            if (!rebuilds.lockOwned(id, owner)) {
                throw new LeaseLost();
            }
            shadow.lockLive(models, liveSchema);
            TrackingToken rebuilt = tokens.read(processor.name()).orElse(null);
            long rebuiltTo = ProcessorTokens.position(rebuilt);
            Map<ReadModel, TrackingToken> live = new LinkedHashMap<>();
            for (ReadModel model : models) {
                Optional<ProcessorTokens.Position> current = tokens.lock(model.processingGroup());
                TrackingToken token = current.map(ProcessorTokens.Position::token).orElse(null);
                if (token != null && ProcessorTokens.position(token) >= rebuiltTo) {
                    live.put(model, token);
                } else if (current.isEmpty() || current.get().owner() == null) {
                    // Nobody runs this processor now: it simply starts where the rebuild ends.
                    if (rebuilt != null) {
                        tokens.put(model.processingGroup(), rebuilt);
                    }
                } else {
                    status.setRollbackOnly();
                    return false;
                }
            }
            long applied = catchUp(id, processor, rebuilt, live, liveSchema);
            shadow.swapIn(id, models, liveSchema);
            tokens.delete(processor.name());
            for (ReadModel model : models) {
                handOverDeadLetters(id, model);
            }
            long total = Math.max(rebuiltTo, live.values().stream().mapToLong(ProcessorTokens::position).max()
                    .orElse(rebuiltTo));
            rebuilds.markDone(id, total, total);
            log.debug("Rebuild {} applied {} events at the swap", id, applied);
            return true;
        }));
    }

    /**
     * Applies to the shadow tables the events each live processor has handled and the rebuild has not: those
     * appended between the rebuild's stop and the swap's locks.
     */
    private long catchUp(long id, RebuildProcessor processor, TrackingToken rebuilt,
                         Map<ReadModel, TrackingToken> live, String liveSchema) {
        long target = live.values().stream().mapToLong(ProcessorTokens::position).max().orElse(0);
        if (target <= ProcessorTokens.position(rebuilt)) {
            return 0;
        }
        long applied = 0;
        shadow.useShadow(id, liveSchema);
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(rebuilt, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                long index = ProcessorTokens.position(event.trackingToken());
                if (index > target) {
                    break;
                }
                if (ProcessorTokens.passed(rebuilt, index)) {
                    continue;
                }
                for (Map.Entry<ReadModel, TrackingToken> model : live.entrySet()) {
                    if (ProcessorTokens.passed(model.getValue(), index)) {
                        apply(processor.invokers().get(model.getKey()), event);
                    }
                }
                applied++;
            }
        }
        shadow.useLive(liveSchema);
        return applied;
    }

    /**
     * The live group's letters are events the rebuild has handled again; what the rebuild parked takes their place.
     * (A live invoker that cached its queue as empty notices letters handed to it when it next claims its segment.)
     */
    private void handOverDeadLetters(long id, ReadModel model) {
        jdbc.update("DELETE FROM dead_letter_entry WHERE processing_group = ?", model.processingGroup());
        jdbc.update("UPDATE dead_letter_entry SET processing_group = ? WHERE processing_group = ?",
                model.processingGroup(), RebuildProcessor.deadLetterGroup(id, model));
    }

    private static void apply(EventHandlerInvoker invoker, EventMessage<?> event) {
        if (!invoker.canHandle(event, Segment.ROOT_SEGMENT)) {
            return;
        }
        ResultMessage<?> result = DefaultUnitOfWork.startAndGet(event).executeWithResult(() -> {
            invoker.handle(event, Segment.ROOT_SEGMENT);
            return null;
        });
        if (result.isExceptional()) {
            Throwable cause = result.exceptionResult();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
    }

    private void heartbeat(Progress progress, String owner, BooleanSupplier stopping) {
        if (stopping.getAsBoolean()) {
            throw new Stopping();
        }
        if (!rebuilds.heartbeat(progress.id, owner, properties.lease(), progress.done, progress.total,
                progress.rate())) {
            throw new LeaseLost();
        }
    }

    private void sleep() {
        try {
            Thread.sleep(properties.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping();
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    /** This instance is shutting down. */
    private static final class Stopping extends RuntimeException {
        Stopping() {
            super(null, null, false, false);
        }
    }

    /** Position, head and the rate over the last ten seconds. */
    private static final class Progress {
        private static final long WINDOW_NANOS = 10_000_000_000L;

        private final long id;
        private final List<String> projections;
        private final Instant startedAt;
        private final Deque<long[]> samples = new ArrayDeque<>();
        private long done;
        private long total;

        Progress(Rebuild rebuild) {
            this.id = rebuild.id();
            this.projections = rebuild.projections();
            this.startedAt = rebuild.startedAt();
            this.done = rebuild.eventsDone();
            this.total = rebuild.eventsTotal();
        }

        void sample(long position, long head) {
            done = position;
            total = head;
            long now = System.nanoTime();
            samples.addLast(new long[] {now, position});
            while (samples.size() > 2 && now - samples.peekFirst()[0] > WINDOW_NANOS) {
                samples.removeFirst();
            }
        }

        Double rate() {
            if (samples.size() < 2) {
                return null;
            }
            long[] first = samples.peekFirst();
            long[] last = samples.peekLast();
            return (last[1] - first[1]) * 1e9 / (last[0] - first[0]);
        }

        String line(RebuildState state) {
            Double rate = rate();
            Long left = rate == null || rate <= 0 ? null : (long) Math.ceil(Math.max(0, total - done) / rate);
            return new Rebuild(id, projections, state, null, null, startedAt, null, done, total, rate, left, null)
                    .progressLine();
        }
    }
}
