package dev.analytics.server.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One throw-away PostgreSQL cluster per test JVM; every Spring context gets a fresh database in it. Starting a cluster
 * takes seconds, creating a database milliseconds. Zonky's test defaults (no fsync, data deleted on exit) are right
 * here: the durability of the server's own embedded mode is tested separately, in a real server process.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres cluster;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres cluster() {
        if (cluster == null) {
            try {
                cluster = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the test PostgreSQL", e);
            }
        }
        return cluster;
    }

    /** Creates an empty database and returns its JDBC URL, with credentials. */
    public static String createDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = cluster().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return cluster().getJdbcUrl("postgres", name);
    }
}
