package dev.analytics.server.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The embedded PostgreSQL that the server starts when {@code DATABASE_URL} is unset.
 *
 * <p>Zonky's embedded Postgres is made for throw-away tests. This class makes it keep data:
 * <ul>
 *   <li>the data directory is {@code <dataDir>/postgres} and is never deleted;</li>
 *   <li>{@code fsync=on} and {@code synchronous_commit=on} (zonky passes {@code -F} and
 *       {@code synchronous_commit=off});</li>
 *   <li>it listens on 127.0.0.1 only, and every connection needs a password generated at first start and kept in
 *       {@code <dataDir>/postgres-password} (mode 600);</li>
 *   <li>a Postgres orphaned by a {@code kill -9} of an earlier server is stopped before this one starts.</li>
 * </ul>
 * A file lock on {@code <dataDir>/server.lock} makes sure that only one server uses a data directory at a time, so
 * that a running Postgres found at start-up can only be an orphan.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final String USER = "postgres";
    static final String DATABASE = "analytics";

    private final EmbeddedPostgres postgres;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, FileChannel lockChannel, FileLock lock, String password) {
        this.postgres = postgres;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.password = password;
    }

    public static EmbeddedDatabase start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(dataDir.resolve("server.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("Another server is using the data directory " + dataDir.toAbsolutePath()
                        + ". Stop it, or set ANALYTICS_DATA_DIR to another directory.");
            }
            Path pgData = dataDir.resolve("postgres");
            stopOrphanedPostmaster(pgData);
            String password = initialiseIfNeeded(pgData, dataDir.resolve("postgres-password"));
            EmbeddedPostgres postgres = durableBuilder(pgData)
                    .setConnectConfig("password", password)
                    .setDataDirectoryCustomizer(dir -> writeHbaConf(dir.toPath(), "scram-sha-256"))
                    .start();
            log.info("Embedded PostgreSQL ready on 127.0.0.1:{} with data in {}", postgres.getPort(), pgData.toAbsolutePath());
            return new EmbeddedDatabase(postgres, channel, lock, password);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDir.toAbsolutePath(), e);
        }
    }

    public DatabaseUrl url() {
        return new DatabaseUrl("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE, USER, password);
    }

    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }

    private static EmbeddedPostgres.Builder durableBuilder(Path pgData) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                // Spring stops the database after the connection pool and the processors; zonky's own shutdown hook
                // would stop it while they still use it.
                .setRegisterShutdownHook(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                .setPGStartupWait(Duration.ofSeconds(60));
    }

    /**
     * On the very first start, initialises the cluster, sets the generated password and creates the database. The
     * cluster is then stopped and restarted with password authentication only. Returns the password.
     */
    private static String initialiseIfNeeded(Path pgData, Path passwordFile) throws IOException {
        if (Files.exists(pgData.resolve("postgresql.conf")) && Files.exists(passwordFile)) {
            String stored = Files.readString(passwordFile).trim();
            if (!stored.isEmpty()) {
                return stored;
            }
        }
        log.info("Initialising a new embedded PostgreSQL cluster in {}", pgData.toAbsolutePath());
        String password = HexFormat.of().formatHex(randomBytes(24));
        // Until the password is set the cluster trusts loopback TCP connections (zonky's initdb knows no other way);
        // it runs like that only for the few seconds this bootstrap takes, on a random port, with no Unix socket.
        try (EmbeddedPostgres bootstrap = durableBuilder(pgData)
                .setServerConfig("unix_socket_directories", "")
                .setDataDirectoryCustomizer(dir -> writeHbaConf(dir.toPath(), "trust"))
                .start();
             Connection c = bootstrap.getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
            try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IOException("Could not initialise the embedded database: " + e.getMessage(), e);
        }
        writeSecretFile(passwordFile, password);
        return password;
    }

    private static void writeHbaConf(Path pgData, String method) {
        List<String> lines = List.of(
                "# Written by the analytics server at every start; edits are overwritten.",
                "local all all " + method,
                "host  all all 127.0.0.1/32 " + method,
                "host  all all ::1/128 " + method);
        try {
            Files.write(pgData.resolve("pg_hba.conf"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server killed with {@code kill -9} leaves its Postgres running, holding the data directory. We hold the data
     * directory's lock, so a live postmaster here belongs to a dead server: ask it for a fast shutdown and wait.
     */
    static void stopOrphanedPostmaster(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = Files.readAllLines(pidFile).stream().findFirst()
                .map(String::trim)
                .filter(line -> line.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(cmd -> cmd.endsWith("postgres")).orElse(false))
                .filter(p -> runsIn(p, pgData));
        if (postmaster.isEmpty()) {
            log.info("Found a stale postmaster.pid with no running postmaster; PostgreSQL will recover on start");
            return;
        }
        ProcessHandle process = postmaster.get();
        log.warn("Stopping the PostgreSQL (pid {}) left running by a server that did not shut down", process.pid());
        try {
            // SIGINT asks the postmaster for a fast shutdown: clients are disconnected and data is flushed.
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
            process.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("The orphaned PostgreSQL (pid " + process.pid() + ") did not stop; stop it by hand", e);
        }
    }

    /**
     * A postmaster works in its data directory. Checking that keeps a stale {@code postmaster.pid} (after a reboot the
     * pid may belong to someone else's PostgreSQL) from making us stop a server that is not ours.
     */
    private static boolean runsIn(ProcessHandle process, Path pgData) {
        try {
            return Files.isSameFile(Path.of("/proc", Long.toString(process.pid()), "cwd"), pgData);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Written to a temporary file that only the owner can read, flushed to disk, then moved into place. */
    private static void writeSecretFile(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(temporary);
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
