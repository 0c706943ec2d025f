package dev.analytics.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.OptionalLong;

/**
 * {@code analytics.processor.lag{processor=...}}: how many events each projection is behind the head of the store,
 * measured at scrape time (the head's global index less the lowest position of the processor's segments).
 */
@Component
class ProcessorLagMetrics {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final MeterRegistry metrics;

    ProcessorLagMetrics(EventProcessingConfiguration processing, EventStore eventStore, MeterRegistry metrics) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.metrics = metrics;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder("analytics.processor.lag", streaming, this::lag)
                        .description("Events the processor is behind the head of the event store")
                        .tag("processor", name)
                        .register(metrics);
            }
        });
    }

    private double lag(StreamingEventProcessor processor) {
        OptionalLong head = eventStore.createHeadToken().position();
        if (head.isEmpty()) {
            return 0;
        }
        long lowest = head.getAsLong();
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            OptionalLong position = status.getCurrentPosition();
            lowest = Math.min(lowest, position.orElse(-1));
        }
        return processor.processingStatus().isEmpty() ? Double.NaN : Math.max(0, head.getAsLong() - lowest);
    }
}
