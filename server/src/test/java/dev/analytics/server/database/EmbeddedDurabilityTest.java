package dev.analytics.server.database;

import dev.analytics.server.AnalyticsServer;
import dev.analytics.server.support.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL mode in a real server process: it must be durable (fsync, synchronous commit), demand a
 * password, and keep every page view answered {@code 202} through a {@code kill -9} of the server, which also leaves
 * its Postgres orphaned for the next start to deal with, and then through a {@code kill -9} of the server, the
 * postmaster and its backends together, which leaves a stale {@code postmaster.pid} and a cluster to recover. (Killing
 * processes leaves the kernel's page cache intact, so this shows recovery, not fsync; the settings that make commits
 * reach the disk are checked directly.)
 *
 * <p>An in-JVM Spring context cannot be killed with SIGKILL, so the server runs as a child JVM on the test classpath.
 */
class EmbeddedDurabilityTest {

    private static final String ADMIN_PASSWORD = "durability-admin-password-42";
    private static final int PAGE_VIEWS = 50;
    private static final Path LOG_DIR = Path.of(System.getProperty("basedir", "."), "target", "embedded-durability");

    @TempDir
    Path dataDir;

    private final List<Process> servers = new ArrayList<>();
    private Path currentLog;

    @Test
    void pageViewsAnswered202SurviveAKill9OfTheServerAndThenOfPostgresToo() throws Exception {
        Api first = startServer("first");

        assertDatabaseIsDurableAndNeedsAPassword();

        sendPageViews(first, 0, PAGE_VIEWS);

        // SIGKILL at once: no shutdown hook runs, the projection may lag behind, and Postgres stays up, orphaned.
        Process killed = servers.get(0);
        killed.destroyForcibly();
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).as("the killed server exits").isTrue();
        assertThat(runningPostmaster()).as("the killed server's Postgres is left running").isPresent();

        Api second = startServer("second");
        assertThat(countedPageViews(second, PAGE_VIEWS)).as("page views after the restart%n%s", logTail())
                .isEqualTo(PAGE_VIEWS);

        // Now as in a crash of the whole machine's processes: the server, the postmaster and every backend die at
        // once, leaving a stale postmaster.pid. The next start must recover the cluster and lose nothing answered.
        sendPageViews(second, PAGE_VIEWS, 2 * PAGE_VIEWS);
        ProcessHandle postmaster = runningPostmaster().orElseThrow();
        List<ProcessHandle> backends = postmaster.descendants().toList();
        servers.get(1).destroyForcibly();
        postmaster.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        assertThat(postmaster.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(Files.exists(postmasterPid())).as("a stale postmaster.pid is left behind").isTrue();

        Api third = startServer("third");
        assertThat(countedPageViews(third, 2 * PAGE_VIEWS)).as("page views after the crash%n%s", logTail())
                .isEqualTo(2 * PAGE_VIEWS);
    }

    private void sendPageViews(Api server, int from, int to) {
        for (int i = from; i < to; i++) {
            Api.Response response = server.postJson("/track/pageview",
                    "{\"site\":\"portfolio\",\"url\":\"http://localhost/durable/" + i + "\",\"eventId\":\"durable-" + i
                            + "\"}");
            assertThat(response.status()).as("page view %d: %s%n%s", i, response.body(), logTail()).isEqualTo(202);
        }
    }

    /** The page views the stats count once the projection has caught up (or after 20 s). */
    private long countedPageViews(Api server, long expected) throws InterruptedException {
        server.login(ADMIN_PASSWORD);
        long pageViews = -1;
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            pageViews = server.stats("site=portfolio").get("pageViews").asLong();
            if (pageViews >= expected) {
                break;
            }
            Thread.sleep(250);
        }
        return pageViews;
    }

    /** Checks the running cluster directly, as any local client would reach it. */
    private void assertDatabaseIsDurableAndNeedsAPassword() throws IOException, SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + postgresPort() + "/" + EmbeddedDatabase.DATABASE;
        String password = Files.readString(dataDir.resolve("postgres-password")).trim();

        try (Connection connection = DriverManager.getConnection(url, EmbeddedDatabase.USER, password)) {
            assertThat(show(connection, "fsync")).isEqualTo("on");
            assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
        }

        // Without a password the driver cannot answer the server's SCRAM challenge: only a trusting cluster lets it in.
        Properties noPassword = new Properties();
        noPassword.setProperty("user", EmbeddedDatabase.USER);
        assertThatThrownBy(() -> DriverManager.getConnection(url, noPassword).close())
                .isInstanceOf(SQLException.class);
        // A wrong password must be refused by the server itself (28P01: invalid_password).
        assertThatThrownBy(() -> DriverManager.getConnection(url, EmbeddedDatabase.USER, "not-the-password").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    // ---- the server process ----

    /** Starts a server on the data directory, waits until it is healthy and returns a client for it. */
    private Api startServer(String name) throws IOException, InterruptedException {
        int port = freePort();
        Files.createDirectories(LOG_DIR);
        currentLog = LOG_DIR.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", serverClasspath(), AnalyticsServer.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(currentLog.toFile());
        builder.environment().remove("DATABASE_URL");
        builder.environment().put("ANALYTICS_DATA_DIR", dataDir.toString());
        builder.environment().put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("ANALYTICS_MANAGEMENT_PORT", "0");
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        Process process = builder.start();
        servers.add(process);

        Api api = new Api(port);
        awaitHealthy(api, process, Duration.ofSeconds(90));
        return api;
    }

    /**
     * Surefire sets {@code java.class.path} to the real test classpath even when it boots from a manifest-only jar.
     * The test classes themselves are left out: component scanning of {@code dev.analytics} would otherwise pick up
     * test configurations such as {@code ServerTest.TestClock} and run the server with a frozen clock.
     */
    private static String serverClasspath() {
        Path testClasses = codeSource(EmbeddedDurabilityTest.class);
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank() && !Path.of(entry).toAbsolutePath().normalize().equals(testClasses))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitHealthy(Api api, Process process, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("The server exited with " + process.exitValue() + " before it was healthy\n"
                        + logTail());
            }
            try {
                if (api.get("/health").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // Tomcat is not up yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The server was not healthy within " + timeout + "\n" + logTail());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String logTail() {
        if (currentLog == null || !Files.exists(currentLog)) {
            return "(no server log)";
        }
        try {
            List<String> lines = Files.readAllLines(currentLog);
            return "---- last lines of " + currentLog.toAbsolutePath() + " ----\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(could not read " + currentLog + ": " + e + ")";
        }
    }

    // ---- the embedded Postgres, as seen from its data directory ----

    private Path postmasterPid() {
        return dataDir.resolve("postgres").resolve("postmaster.pid");
    }

    /** Line 4 of postmaster.pid is the port the postmaster listens on. */
    private int postgresPort() throws IOException {
        return Integer.parseInt(Files.readAllLines(postmasterPid()).get(3).trim());
    }

    /** The postmaster still running from this data directory, if any (line 1 of postmaster.pid is its PID). */
    private Optional<ProcessHandle> runningPostmaster() throws IOException {
        if (!Files.exists(postmasterPid())) {
            return Optional.empty();
        }
        return Files.readAllLines(postmasterPid()).stream().findFirst()
                .map(String::trim)
                .filter(line -> line.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(cmd -> cmd.endsWith("postgres")).orElse(false));
    }

    /** Leaves no server and no Postgres behind, whatever the test did; the @TempDir is deleted after this. */
    @AfterEach
    void stopEverything() throws Exception {
        for (Process server : servers) {
            // SIGTERM: a live server shuts down gracefully and stops its own Postgres.
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        Optional<ProcessHandle> postmaster = runningPostmaster();
        if (postmaster.isPresent()) {
            // SIGINT is Postgres' fast shutdown; its backends follow the postmaster out.
            new ProcessBuilder("kill", "-INT", Long.toString(postmaster.get().pid())).inheritIO().start().waitFor();
            try {
                postmaster.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                postmaster.get().destroyForcibly();
                throw new AssertionError("The Postgres " + postmaster.get().pid() + " ignored SIGINT", e);
            }
        }
    }
}
