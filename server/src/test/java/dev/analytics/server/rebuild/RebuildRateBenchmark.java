package dev.analytics.server.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.server.support.CpuTime;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.History;
import dev.analytics.server.support.MutableClock;
import dev.analytics.server.support.ServerTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * How fast a rebuild goes (issue 6, point 3; DESIGN.md §7 asks for 50,000 events per second for every projection).
 * One server context, one database: {@value #DEFAULT_EVENTS} events of every type from {@link History} (seed 42;
 * {@code -Dbench.events=}), then {@code bench.rounds} (5) full rebuilds ({@code POST /admin/replay} with {@code {}})
 * one after another, then as many of {@code page-views} alone, each over HTTP as an operator would, waiting for
 * {@code done}.
 *
 * <p>For each rebuild it reports the rate over the rebuild's own span, events rebuilt ({@code eventsDone} when done)
 * / ({@code finishedAt} - {@code startedAt}), both set by the server; the time from the request to {@code done} as
 * seen by the client (which includes the wait for a query instance to claim it, up to the poll interval of 1 s, and
 * the swap); and the CPU time of the JVM and of the PostgreSQL cluster per event over that time. As a reference it also
 * reports how fast the live processors caught up with the initial history.
 *
 * <p>A benchmark, not a test: surefire's default includes leave it out of {@code ./mvnw verify}. Run it with
 * {@code ./mvnw -B -o test -pl server -am -Dtest=RebuildRateBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ServerTest
class RebuildRateBenchmark {

    static final int DEFAULT_EVENTS = 200_000;
    static final long EVENTS = Long.getLong("bench.events", DEFAULT_EVENTS);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    record Run(String what, int round, long events, double serverSeconds, double clientSeconds, double cpuSeconds) {
        double rate() {
            return events / serverSeconds;
        }

        double clientRate() {
            return events / clientSeconds;
        }

        double cpuMicrosPerEvent() {
            return cpuSeconds * 1e6 / events;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore store;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    MutableClock clock;

    @Test
    void rebuildRate() throws Exception {
        clock.set(Instant.parse("2026-06-10T12:00:00Z"));
        long appendStarted = System.nanoTime();
        long appended = new History(store, 42, Instant.parse("2026-01-01T00:00:00Z")).append(EVENTS);
        long appendEnded = System.nanoTime();
        long head = store.createHeadToken().position().orElseThrow();
        awaitLiveCaughtUp(head);
        long caughtUp = System.nanoTime();
        System.out.printf("appended %,d events (head %,d) in %.1f s; live processors caught up %.1f s after the "
                        + "append ended, %.1f s after it began: %,.0f events/s from the start of the append%n",
                appended, head, (appendEnded - appendStarted) / 1e9, (caughtUp - appendEnded) / 1e9,
                (caughtUp - appendStarted) / 1e9, head / ((caughtUp - appendStarted) / 1e9));

        Api admin = new Api(port).login(ServerTest.ADMIN_PASSWORD);
        long postmaster = CpuTime.postmasterPid(jdbc);
        List<Run> runs = new ArrayList<>();
        for (String what : List.of("all", "page-views")) {
            String body = what.equals("all") ? "{}" : "{\"projection\":\"" + what + "\"}";
            for (int round = 1; round <= ROUNDS; round++) {
                Run run = rebuild(admin, what, body, round, postmaster);
                runs.add(run);
                System.out.printf("rebuild %-10s round %d: %,d events in %.2f s (server) = %,.0f events/s; "
                                + "request to done %.2f s = %,.0f events/s; CPU (JVM + PostgreSQL) %.0f us/event%n",
                        what, round, run.events(), run.serverSeconds(), run.rate(), run.clientSeconds(),
                        run.clientRate(), run.cpuMicrosPerEvent());
            }
        }

        System.out.println();
        System.out.println("| rebuild | round | events | startedAt to finishedAt, s | events/s | request to done, s "
                + "| events/s | CPU us/event |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Run run : runs) {
            System.out.printf("| %s | %d | %,d | %.2f | %,.0f | %.2f | %,.0f | %.0f |%n", run.what(), run.round(),
                    run.events(), run.serverSeconds(), run.rate(), run.clientSeconds(), run.clientRate(),
                    run.cpuMicrosPerEvent());
        }
        for (String what : List.of("all", "page-views")) {
            List<Run> of = runs.stream().filter(run -> run.what().equals(what)).toList();
            System.out.printf("median of %d rebuilds of %s: %,.0f events/s (startedAt to finishedAt), %,.0f events/s "
                            + "(request to done), %.0f us CPU per event%n", of.size(), what,
                    median(of.stream().map(Run::rate).toList()), median(of.stream().map(Run::clientRate).toList()),
                    median(of.stream().map(Run::cpuMicrosPerEvent).toList()));
        }
    }

    Run rebuild(Api admin, String what, String body, int round, long postmaster) throws InterruptedException {
        long cpuBefore = CpuTime.jvmNanos() + CpuTime.postgresNanos(postmaster);
        long requested = System.nanoTime();
        Api.Response started = admin.postJson("/admin/replay", body, admin.admin());
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long id = started.json().get("id").asLong();
        long deadline = requested + Duration.ofMinutes(10).toNanos();
        while (true) {
            JsonNode rebuild = admin.get("/admin/replay", admin.admin()).json().get("rebuilds").get(0);
            assertThat(rebuild.get("id").asLong()).isEqualTo(id);
            String state = rebuild.get("state").asText();
            if (state.equals("done")) {
                long done = System.nanoTime();
                double cpuSeconds = (CpuTime.jvmNanos() + CpuTime.postgresNanos(postmaster) - cpuBefore) / 1e9;
                Instant from = Instant.parse(rebuild.get("startedAt").asText());
                Instant to = Instant.parse(rebuild.get("finishedAt").asText());
                long events = rebuild.get("eventsDone").asLong();
                assertThat(events).isGreaterThanOrEqualTo(EVENTS);
                return new Run(what, round, events, Duration.between(from, to).toNanos() / 1e9,
                        (done - requested) / 1e9, cpuSeconds);
            }
            if (state.equals("failed")) {
                fail("The rebuild failed: " + rebuild);
            }
            if (System.nanoTime() > deadline) {
                fail("The rebuild did not finish in 10 minutes: " + rebuild);
            }
            Thread.sleep(50);
        }
    }

    void awaitLiveCaughtUp(long head) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (!processing.eventProcessors().values().stream().map(StreamingEventProcessor.class::cast)
                .allMatch(processor -> handledUpTo(processor.processingStatus(), head))) {
            if (System.nanoTime() > deadline) {
                fail("The live processors did not catch up in 15 minutes");
            }
            Thread.sleep(50);
        }
    }

    static boolean handledUpTo(Map<Integer, EventTrackerStatus> status, long head) {
        return !status.isEmpty() && status.values().stream()
                .allMatch(s -> !s.isErrorState() && s.getCurrentPosition().orElse(-1) >= head);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
