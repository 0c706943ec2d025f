package dev.analytics.server.eventstore;

import dev.analytics.events.PageViewRecorded;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The race DESIGN.md §4 guards against. One writer inserts an event and keeps its transaction open; meanwhile other
 * writers commit theirs. The projection reads the store only after the gap timeout (1 s here) has passed, as a
 * projection that restarts or falls behind does. Then the held writer commits.
 *
 * <p>With appends serialised, the other writers cannot commit before the held one, so there is never a hole to skip.
 * Without, the projection sees committed neighbours older than the gap timeout, gives up on the hole, and the held
 * event is never projected.
 */
abstract class HeldWriterScenario {

    /** Each waiting writer holds a pooled connection; leave room in the pool for the projection. */
    static final int OTHER_WRITERS = 6;
    static final String PROPERTIES = "analytics.event-store.gap-timeout=1s";
    static final String ONE_SEGMENT = "axon.eventhandling.processors.page-views.initial-segment-count=1";

    @Autowired
    EventBus eventBus;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    JdbcTemplate jdbc;

    /** Runs the scenario and returns the paths in page_views, once the projection has read past every event. */
    List<String> runScenario() throws Exception {
        EventProcessor projection = processing.eventProcessor("page-views").orElseThrow();
        projection.shutDown();

        ExecutorService writers = Executors.newFixedThreadPool(OTHER_WRITERS + 1);
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Future<?> held = writers.submit(() -> transactions.executeWithoutResult(status -> {
                eventBus.publish(pageView("/held"));
                inserted.countDown();
                awaitQuietly(release);
            }));
            assertThat(inserted.await(10, TimeUnit.SECONDS)).as("the held writer inserted its event").isTrue();

            List<Future<?>> others = new ArrayList<>();
            for (int i = 0; i < OTHER_WRITERS; i++) {
                String path = "/other-" + i;
                others.add(writers.submit(() -> eventBus.publish(pageView(path))));
            }
            Thread.sleep(1_500); // past the gap timeout: committed neighbours of the hole now look old
            projection.start();
            Thread.sleep(1_000); // the projection reads whatever is committed by now
            release.countDown();
            held.get(30, TimeUnit.SECONDS);
            for (Future<?> other : others) {
                other.get(30, TimeUnit.SECONDS);
            }
        } finally {
            release.countDown();
            writers.shutdownNow();
        }

        // An event appended after all the others; with one segment, once it is projected so is all before it.
        eventBus.publish(pageView("/marker"));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM page_views WHERE path = '/marker'", Integer.class) == 1);
        return jdbc.queryForList("SELECT path FROM page_views WHERE path <> '/marker'", String.class);
    }

    private static GenericEventMessage<PageViewRecorded> pageView(String path) {
        return new GenericEventMessage<>(new PageViewRecorded("portfolio", "localhost", path, null, null, null, null,
                null, null, null, null, null, "Other", "visitor" + path, null, Instant.now()));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
