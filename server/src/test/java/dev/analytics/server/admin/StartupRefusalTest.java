package dev.analytics.server.admin;

import dev.analytics.server.AnalyticsServer;
import dev.analytics.server.support.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server refuses to start with an unsafe admin password or secret key, or an unknown role, and says why. */
class StartupRefusalTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing admin password | --analytics.admin.password=                        | ADMIN_PASSWORD is not set
            short admin password   | --analytics.admin.password=short-pw                | ADMIN_PASSWORD is too short
            placeholder password   | --analytics.admin.password=Your_Secure_Password    | well-known placeholder
            short secret key       | --analytics.secret-key=only-twenty-bytes-long      | SECRET_KEY must be at least 32 bytes
            wildcard app origin    | --analytics.app-origins=*                          | may not hold a wildcard
            unknown role           | --analytics.role=reader                            | command, query or both, not "reader"
            """)
    void refusesToStart(String why, String setting, String message) {
        String password = setting.contains("admin.password") ? setting
                : "--analytics.admin.password=a-perfectly-good-password";
        String secret = setting.contains("secret-key") ? setting : "--analytics.secret-key=";
        String origins = setting.contains("app-origins") ? setting : "--analytics.app-origins=";
        String role = setting.contains("analytics.role") ? setting : "--analytics.role=both";
        SpringApplicationBuilder app = new SpringApplicationBuilder(AnalyticsServer.class);

        assertThatThrownBy(() -> {
            try (ConfigurableApplicationContext ignored = app.run(
                    "--analytics.database-url=" + TestPostgres.createDatabase(), "--server.port=0", password, secret,
                    origins, role)) {
                // started: the assertion below fails
            }
        }).satisfies(e -> assertThat(rootCause(e).getMessage()).contains(message));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
