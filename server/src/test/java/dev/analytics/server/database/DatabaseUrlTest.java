package dev.analytics.server.database;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {

    @Test
    void readsThePostgresqlUrlForm() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://analytics:s3cr%40t@db.internal:6543/stats?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/stats?sslmode=require");
        assertThat(url.username()).isEqualTo("analytics");
        assertThat(url.password()).isEqualTo("s3cr@t");
    }

    @Test
    void defaultsThePortAndAcceptsThePostgresScheme() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://u:p@localhost/db");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/db");
    }

    @Test
    void passesTheJdbcFormThrough() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        assertThat(url.username()).isNull();
    }

    @Test
    void neverShowsThePasswordWhenPrinted() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:hunter2-secret@h:5432/d?password=other-secret");

        assertThat(url.toString()).doesNotContain("hunter2-secret", "other-secret");
        assertThat(url.redacted()).doesNotContain("other-secret");
    }

    @Test
    void refusesOtherDatabases() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:p@h/d")).hasMessageContaining("postgresql://");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ")).hasMessageContaining("empty");
    }
}
