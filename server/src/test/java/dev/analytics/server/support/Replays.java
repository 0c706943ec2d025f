package dev.analytics.server.support;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Replays a projection over its live read tables: every event it has handled is handled again. */
public final class Replays {

    private Replays() {
    }

    /**
     * Stops the processor, resets its position to the start of the store, restarts it and waits until it has handled
     * every event that was stored when the replay began.
     */
    public static void replay(EventProcessingConfiguration processing, EventStore store, String processingGroup) {
        StreamingEventProcessor processor = processing
                .eventProcessor(processingGroup, StreamingEventProcessor.class)
                .orElseThrow(() -> new AssertionError("No streaming processor " + processingGroup));
        long head = store.createHeadToken().position().orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        // Axon reports "replaying" until an event newer than the reset point arrives, so progress is judged by position.
        await().atMost(Duration.ofSeconds(30)).until(() -> handledUpTo(processor.processingStatus(), head));
    }

    /** Waits until every processor has handled every event stored when this was called. */
    public static void awaitCaughtUp(EventProcessingConfiguration processing, EventStore store) {
        long head = store.createHeadToken().position().orElse(0);
        await().atMost(Duration.ofMinutes(2)).until(() -> processing.eventProcessors().values().stream()
                .map(StreamingEventProcessor.class::cast)
                .allMatch(processor -> handledUpTo(processor.processingStatus(), head)));
    }

    private static boolean handledUpTo(Map<Integer, EventTrackerStatus> status, long head) {
        return !status.isEmpty() && status.values().stream().allMatch(s -> !s.isErrorState() && s.isCaughtUp()
                && s.getCurrentPosition().orElse(-1) >= head);
    }
}
