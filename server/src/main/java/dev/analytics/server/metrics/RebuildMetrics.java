package dev.analytics.server.metrics;

import dev.analytics.query.rebuild.ReadModel;
import dev.analytics.query.rebuild.Rebuild;
import dev.analytics.query.rebuild.RebuildStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Rebuild progress per read model, as every query instance sees it (from the shared {@code projection_rebuilds}):
 * {@code analytics.rebuild.running}, 1 while a rebuild of it runs, and that rebuild's
 * {@code analytics.rebuild.events.done}, {@code analytics.rebuild.events.head} and
 * {@code analytics.rebuild.events.rate} (events per second); 0 when none runs. One query answers a scrape.
 */
@Component
class RebuildMetrics {

    private static final long FRESH_NANOS = 1_000_000_000L;

    private final ObjectProvider<RebuildStatus> status;
    private final MeterRegistry metrics;
    private Map<String, Rebuild> running = Map.of();
    private long readAt = System.nanoTime() - FRESH_NANOS;

    RebuildMetrics(ObjectProvider<RebuildStatus> status, MeterRegistry metrics) {
        this.status = status;
        this.metrics = metrics;
    }

    /** Only where the query side runs. */
    @EventListener(ApplicationReadyEvent.class)
    void register() {
        RebuildStatus rebuilds = status.getIfAvailable();
        if (rebuilds == null) {
            return;
        }
        for (String name : ReadModel.names()) {
            gauge("analytics.rebuild.running", "1 while a rebuild of the read model runs", rebuilds, name,
                    rebuild -> 1);
            gauge("analytics.rebuild.events.done", "Events the running rebuild has applied", rebuilds, name,
                    Rebuild::eventsDone);
            gauge("analytics.rebuild.events.head", "The head of the store as the running rebuild last measured",
                    rebuilds, name, Rebuild::eventsTotal);
            gauge("analytics.rebuild.events.rate", "Events per second the running rebuild applies", rebuilds, name,
                    rebuild -> rebuild.eventsPerSecond() == null ? 0 : rebuild.eventsPerSecond());
        }
    }

    private void gauge(String metric, String description, RebuildStatus rebuilds, String readModel,
                       ToDoubleFunction<Rebuild> value) {
        Gauge.builder(metric, () -> {
                    Rebuild rebuild = running(rebuilds).get(readModel);
                    return rebuild == null ? 0 : value.applyAsDouble(rebuild);
                })
                .description(description)
                .tag("projection", readModel)
                .register(metrics);
    }

    private synchronized Map<String, Rebuild> running(RebuildStatus rebuilds) {
        if (System.nanoTime() - readAt >= FRESH_NANOS) {
            Map<String, Rebuild> byReadModel = new HashMap<>();
            for (Rebuild rebuild : rebuilds.unfinished()) {
                rebuild.projections().forEach(name -> byReadModel.put(name, rebuild));
            }
            running = byReadModel;
            readAt = System.nanoTime();
        }
        return running;
    }
}
