package dev.analytics.command.ingest;

import dev.analytics.command.web.ApiError;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Appends high-volume facts without an aggregate (page views, CAD events) to the event store in groups: a group
 * commit.
 *
 * <p>Request threads queue their event and wait. One writer thread takes whatever is queued, up to
 * {@code analytics.ingest.max-batch}, appends it in one transaction through {@link EventBus#publish(List)}, and completes
 * every waiting request once the transaction has committed. So a request is only answered {@code 202} when its event
 * is durably stored, and many requests share the cost of one commit.
 */
@Component
public class FactAppender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FactAppender.class);

    private record Pending(EventMessage<?> event, CompletableFuture<Void> stored) {
    }

    private final EventBus eventBus;
    private final MeterRegistry metrics;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue;
    private volatile Thread writer;
    private volatile boolean running;

    FactAppender(EventBus eventBus, MeterRegistry metrics,
                     @Value("${analytics.ingest.max-batch:500}") int maxBatch,
                     @Value("${analytics.ingest.queue-capacity:20000}") int queueCapacity) {
        this.eventBus = eventBus;
        this.metrics = metrics;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    /**
     * Queues an event. The future completes when it is stored, or fails when the store failed, or at once when the
     * queue is full or the appender has stopped.
     */
    public CompletableFuture<Void> append(String identifier, Object payload) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        // The message timestamp is Axon's own clock, which its gap handling relies on. Statistics use the payload's
        // occurredAt, which comes from the service's injected clock.
        EventMessage<?> message = new GenericEventMessage<>(
                new GenericMessage<>(identifier, payload, MetaData.emptyInstance()),
                GenericEventMessage.clock::instant);
        if (!running || !queue.offer(new Pending(message, stored))) {
            stored.completeExceptionally(new IllegalStateException("The ingest queue is full or stopped"));
        }
        return stored;
    }

    /**
     * Appends and waits until the event is stored; a failure or a wait over 10 seconds is a {@code 503}, since the
     * client may retry with the same event id.
     */
    public void appendAndWait(String identifier, Object payload) {
        try {
            append(identifier, payload).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                    "The event could not be stored; try again later", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "The server is shutting down", null);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.stored().completeExceptionally(new IllegalStateException("The server is shutting down"));
        }
    }

    private void write(List<Pending> batch) {
        try {
            eventBus.publish(batch.stream().<EventMessage<?>>map(Pending::event).toList());
            batch.forEach(p -> p.stored().complete(null));
            // Ingest rate by kind of fact: rate(analytics_events_appended_total{type="PageViewRecorded"}[1m])
            batch.stream().collect(Collectors.groupingBy(p -> p.event().getPayloadType().getSimpleName(),
                            Collectors.counting()))
                    .forEach((type, count) -> metrics.counter("analytics.events.appended", "type", type)
                            .increment(count));
            metrics.summary("analytics.ingest.batch.size").record(batch.size());
        } catch (RuntimeException e) {
            log.error("Could not append {} events: {}", batch.size(), e.toString());
            batch.forEach(p -> p.stored().completeExceptionally(e));
        }
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::writeLoop, "fact-appender");
        writer.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = writer;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Start after Axon and stop before it; stop after the web server, which lets running requests finish first. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2560;
    }
}
