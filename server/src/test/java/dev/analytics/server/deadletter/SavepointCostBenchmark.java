package dev.analytics.server.deadletter;

import dev.analytics.events.PageViewRecorded;
import dev.analytics.server.AnalyticsServer;
import dev.analytics.server.support.CpuTime;
import dev.analytics.server.support.Events;
import dev.analytics.server.support.ServerTest;
import dev.analytics.server.support.TestPostgres;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a savepoint around every projection handler costs a replay: the page-views processor rebuilds
 * {@code page_views} from {@value #PAGE_VIEWS} page views, with {@code analytics.dead-letters.savepoints} at
 * {@code after-failure} (no savepoints unless a batch failed, so none here) and at {@code always}, alternately, in
 * {@value #ROUNDS} rounds, each on a fresh server context over the same database. Each run empties the read tables
 * (like a rebuild's fresh shadow tables), resets the processor's token and times it from start until it has passed
 * the head of the store.
 *
 * <p>A benchmark, not a test: surefire's default includes leave it out of {@code ./mvnw verify}. Run it with
 * {@code ./mvnw -o test -pl server -Dtest=SavepointCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false}; it prints
 * each run, the medians and their ratio. Settings: system properties {@code bench.page-views} and
 * {@code bench.rounds}.
 */
class SavepointCostBenchmark {

    static final int PAGE_VIEWS = Integer.getInteger("bench.page-views", 100_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final List<String> MODES = List.of("after-failure", "always");

    @Test
    void replayWithAndWithoutSavepoints() {
        String database = TestPostgres.createDatabase();
        try (ConfigurableApplicationContext server = start(database, "after-failure")) {
            load(server);
        }
        Map<String, List<Double>> rates = new TreeMap<>();
        Map<String, List<Double>> cpu = new TreeMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (String mode : MODES) {
                try (ConfigurableApplicationContext server = start(database, mode)) {
                    List<Double> cpuMicrosPerEvent = cpu.computeIfAbsent(mode, m -> new ArrayList<>());
                    double rate = replay(server, cpuMicrosPerEvent);
                    rates.computeIfAbsent(mode, m -> new ArrayList<>()).add(rate);
                    System.out.printf("round %d, savepoints %-13s %8.0f events/s%n", round, mode, rate);
                }
            }
        }
        double withoutSavepoints = median(rates.get("after-failure"));
        double withSavepoints = median(rates.get("always"));
        System.out.printf("median of %d rounds, %d page views: after-failure %.0f events/s, always %.0f events/s, "
                + "always/after-failure %.2f%n", ROUNDS, PAGE_VIEWS, withoutSavepoints, withSavepoints,
                withSavepoints / withoutSavepoints);
        System.out.printf("median CPU per event: after-failure %.0f us, always %.0f us, always/after-failure %.2f%n",
                median(cpu.get("after-failure")), median(cpu.get("always")),
                median(cpu.get("always")) / median(cpu.get("after-failure")));
    }

    static ConfigurableApplicationContext start(String database, String savepoints) {
        AnalyticsServer.disableAxonUpdateChecker();
        // As arguments, which (unlike default properties) take precedence over application.yml.
        return new SpringApplicationBuilder(AnalyticsServer.class)
                .run("--analytics.database-url=" + database,
                        "--analytics.admin.password=" + ServerTest.ADMIN_PASSWORD,
                        "--analytics.dead-letters.savepoints=" + savepoints,
                        "--server.port=0",
                        "--management.server.port=0");
    }

    static void load(ConfigurableApplicationContext server) {
        Events events = new Events(server.getBean(EventStore.class));
        Instant at = Instant.parse("2031-06-01T00:00:00Z");
        for (int appended = 0; appended < PAGE_VIEWS; appended += 1_000) {
            List<PageViewRecorded> chunk = new ArrayList<>();
            for (int i = appended; i < Math.min(appended + 1_000, PAGE_VIEWS); i++) {
                chunk.add(new PageViewRecorded("portfolio", "localhost", "/page/" + (i % 700), null, null, null,
                        null, null, "https://search.example/", "search.example", "Page " + (i % 700), 1280,
                        "Firefox", "visitor-" + (i % 20_000), null, at.plusSeconds(i)));
            }
            events.factsInOneAppend(chunk);
        }
        // Every processor catches up now, so that none competes with the timed runs.
        long head = server.getBean(EventStore.class).createHeadToken().position().orElseThrow();
        server.getBean(EventProcessingConfiguration.class).eventProcessors().values().forEach(processor -> {
            while (processor instanceof StreamingEventProcessor streaming
                    && !passed(streaming.processingStatus(), head)) {
                sleep(Duration.ofMillis(100));
            }
        });
    }

    /** Rebuilds page_views from the whole store; returns events per second and adds the CPU time per event. */
    static double replay(ConfigurableApplicationContext server, List<Double> cpuMicrosPerEvent) {
        StreamingEventProcessor processor = server.getBean(EventProcessingConfiguration.class)
                .eventProcessor("page-views", StreamingEventProcessor.class).orElseThrow();
        JdbcTemplate jdbc = server.getBean(JdbcTemplate.class);
        long head = server.getBean(EventStore.class).createHeadToken().position().orElseThrow();
        processor.shutDown();
        jdbc.execute("TRUNCATE page_views, visitor_links");
        jdbc.execute("VACUUM ANALYZE page_views");
        processor.resetTokens();
        long firstXid = jdbc.queryForObject("SELECT txid_current()", Long.class);
        long postmaster = CpuTime.postmasterPid(jdbc);
        long cpuBefore = CpuTime.jvmNanos() + CpuTime.postgresNanos(postmaster);
        long started = System.nanoTime();
        processor.start();
        while (!passed(processor.processingStatus(), head)) {
            sleep(Duration.ofMillis(20));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (CpuTime.jvmNanos() + CpuTime.postgresNanos(postmaster) - cpuBefore) / 1e9;
        // Each subtransaction that writes takes a transaction id of its own: the proof that savepoints were used.
        long xids = jdbc.queryForObject("SELECT txid_current()", Long.class) - firstXid;
        assertThat(jdbc.queryForObject("SELECT count(*) FROM page_views", Long.class)).isEqualTo(PAGE_VIEWS);
        System.out.printf("%d events in %.1f s, CPU (JVM + PostgreSQL) %.1f s = %.0f us per event, "
                + "%d transaction ids taken%n", head, seconds, cpuSeconds, cpuSeconds * 1e6 / head, xids);
        cpuMicrosPerEvent.add(cpuSeconds * 1e6 / head);
        return head / seconds;
    }

    static boolean passed(Map<Integer, EventTrackerStatus> status, long head) {
        return !status.isEmpty() && status.values().stream()
                .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
