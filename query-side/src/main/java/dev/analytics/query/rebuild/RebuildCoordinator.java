package dev.analytics.query.rebuild;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * On every query instance: looks each second for a rebuild that nobody runs (just requested, or its runner's lease ran
 * out), takes its lease, and runs it on a thread of its own. So exactly one instance fills a rebuild's shadow tables,
 * whichever instance the request reached, and a rebuild survives the instance running it.
 */
@Component
class RebuildCoordinator {

    private static final Logger log = LoggerFactory.getLogger(RebuildCoordinator.class);

    private final Rebuilds rebuilds;
    private final Rebuilder rebuilder;
    private final RebuildProperties properties;
    private final String instance;
    private final Map<Long, Thread> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private ScheduledExecutorService poller;

    RebuildCoordinator(Rebuilds rebuilds, Rebuilder rebuilder, RebuildProperties properties) {
        this.rebuilds = rebuilds;
        this.rebuilder = rebuilder;
        this.properties = properties;
        this.instance = properties.instanceName().isBlank() ? generatedName() : properties.instanceName();
    }

    /** Once the processors run: a rebuild takes its handlers from them. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rebuild-poller");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::takeOrphans, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** Before the processors and the database pool stop: hand running rebuilds over. */
    @EventListener(ContextClosedEvent.class)
    void stop() throws InterruptedException {
        stopping = true;
        if (poller != null) {
            poller.shutdownNow();
        }
        for (Thread thread : running.values()) {
            thread.join(properties.lease().toMillis());
        }
    }

    private void takeOrphans() {
        try {
            for (long id : rebuilds.orphaned()) {
                if (stopping || running.containsKey(id)) {
                    continue;
                }
                rebuilds.claim(id, instance, properties.lease()).ifPresent(this::runInBackground);
            }
        } catch (RuntimeException e) {
            log.warn("Could not look for rebuilds to run: {}", e.toString());
        }
    }

    private void runInBackground(Rebuild rebuild) {
        Thread thread = new Thread(() -> {
            try {
                rebuilder.run(rebuild, instance, () -> stopping);
            } catch (RuntimeException e) {
                log.error("Rebuild {} stopped unexpectedly", rebuild.id(), e);
            } finally {
                running.remove(rebuild.id());
            }
        }, "rebuild-" + rebuild.id());
        running.put(rebuild.id(), thread);
        thread.start();
    }

    private static String generatedName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
