package dev.analytics.server.rebuild;

import dev.analytics.server.cli.ReplayCommandLine;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.History;
import dev.analytics.server.support.Replays;
import dev.analytics.server.support.ServerTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar analytics-server.jar replay [projection]}, run in-process against the database a running server
 * uses: it rebuilds while the server serves, prints progress lines, and exits 0 once the tables are swapped in.
 */
@ServerTest
class ReplayCommandLineTest {

    @LocalServerPort
    int port;
    @Value("${analytics.database-url}")
    String databaseUrl;
    @Autowired
    EventStore store;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void theCommandLineRebuildsAReadModelAndReportsProgressUntilTheSwap() {
        new History(store, 11, Instant.parse("2026-04-01T00:00:00Z")).append(3_000);
        Replays.awaitCaughtUp(processing, store);
        long before = jdbc.queryForObject("SELECT count(*) FROM cad_events", Long.class);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int status = ReplayCommandLine.run(new String[] {"replay", "cad-events",
                "--analytics.database-url=" + databaseUrl,
                "--analytics.admin.password=" + ServerTest.ADMIN_PASSWORD},
                new PrintStream(output, true, StandardCharsets.UTF_8));

        String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isZero();
        assertThat(printed).contains("Rebuild 1 requested").containsPattern("Rebuild 1 \\[cad-events]: done [0-9,]+/");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cad_events", Long.class)).isEqualTo(before);
        Api admin = new Api(port).login(ServerTest.ADMIN_PASSWORD);
        assertThat(admin.get("/admin/logs?action=projections.rebuild_requested", admin.admin()).body())
                .contains("\"actor\":\"cli:");
    }

    @Test
    void unknownProjectionsAndExtraArgumentsGetTheUsage() {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

        assertThat(ReplayCommandLine.run(new String[] {"replay", "nope"}, out)).isEqualTo(2);
        assertThat(ReplayCommandLine.run(new String[] {"replay", "users", "sessions"}, out)).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("Usage:", "page-views, users, sessions");
    }
}
