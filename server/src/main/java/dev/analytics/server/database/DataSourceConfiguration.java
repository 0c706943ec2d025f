package dev.analytics.server.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.nio.file.Path;

/**
 * Builds the one {@link javax.sql.DataSource}: from {@code DATABASE_URL} when it is set, otherwise from an embedded
 * PostgreSQL kept under {@code ANALYTICS_DATA_DIR}.
 */
@Configuration(proxyBeanMethods = false)
public class DataSourceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DataSourceConfiguration.class);

    /** Holds the embedded database, if one was started, so that it is stopped after the pool is closed. */
    public record Database(DatabaseUrl url, EmbeddedDatabase embedded) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    Database database(@Value("${analytics.database-url:}") String databaseUrl,
                      @Value("${analytics.data-dir:./data}") Path dataDir) {
        if (!databaseUrl.isBlank()) {
            DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
            log.info("Using the database at {}", url.redacted());
            return new Database(url, null);
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir);
        return new Database(embedded.url(), embedded);
    }

    @Bean(destroyMethod = "close")
    @Primary
    HikariDataSource dataSource(Database database,
                                @Value("${analytics.database-pool-size:10}") int poolSize) {
        return pool("analytics", database, poolSize, false);
    }

    /**
     * Rate-limit state: its own small pool, so a flood cannot take the connections events need, and commits that do
     * not wait for the disk. Losing the last moment of counters in a crash costs nothing; waiting for an fsync per
     * settled bucket would make the limiter the slowest part of the page-view path.
     */
    @Bean(destroyMethod = "close")
    HikariDataSource rateLimitDataSource(Database database) {
        return pool("rate-limits", database, 4, true);
    }

    private static HikariDataSource pool(String name, Database database, int poolSize, boolean asynchronousCommit) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(database.url().jdbcUrl());
        if (database.url().username() != null) {
            config.setUsername(database.url().username());
        }
        if (database.url().password() != null) {
            config.setPassword(database.url().password());
        }
        config.setMaximumPoolSize(poolSize);
        // Fail fast rather than hold request threads when the database is unreachable.
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(1_000);
        config.addDataSourceProperty("connectTimeout", "5");
        // A half-open connection (a network partition, a failover) must fail in seconds, not in TCP's 15 minutes:
        // the page-view writer and the health check each wait on one.
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // No statement may run for more than a minute: a runaway query must not hold a connection for ever.
        config.addDataSourceProperty("options", "-c statement_timeout=60000"
                + (asynchronousCommit ? " -c synchronous_commit=off" : ""));
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }
}
