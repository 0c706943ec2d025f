package dev.analytics.server.legacy;

import dev.analytics.server.AnalyticsServer;
import dev.analytics.server.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An import the operator asked for but that cannot be done stops start-up with a message saying why, rather than
 * leaving a server that looks fine but lacks the users. A damaged file imports nothing, not even its first rows.
 */
class LegacyImportStartupTest {

    @TempDir
    Path dir;

    static void start(String database, Path legacyUsers) {
        try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(AnalyticsServer.class).run(
                "--analytics.database-url=" + database, "--server.port=0",
                "--analytics.admin.password=a-perfectly-good-password",
                "--analytics.legacy-users=" + legacyUsers)) {
            // started: the assertions fail
        }
    }

    @Test
    void aMissingFileStopsStartUpAndSaysWhy() {
        Path missing = dir.resolve("no-such-export.json");

        assertThatThrownBy(() -> start(TestPostgres.createDatabase(), missing))
                .hasMessageContaining("ANALYTICS_LEGACY_USERS")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("there is no such file")
                .hasMessageContaining("the server does not start");
    }

    @Test
    void aDamagedFileStopsStartUpBeforeImportingAnyRow() throws IOException {
        Path damaged = Files.writeString(dir.resolve("users.json"), """
                [{"email": "first@example.com", "model_count": 1, "created_at": "2020-01-01"},
                 {"email": "second@example.com", "model_count": 2, "created_at": "2020-01-02"
                """);
        String database = TestPostgres.createDatabase();

        assertThatThrownBy(() -> start(database, damaged))
                .hasMessageContaining("not valid JSON at line 3")
                .hasMessageContaining("the server does not start");
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry"
                + " WHERE payload_type = 'dev.analytics.events.UserImported'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM user_emails", Long.class)).isZero();
    }
}
