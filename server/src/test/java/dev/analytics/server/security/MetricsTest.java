package dev.analytics.server.security;

import dev.analytics.server.support.Api;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Prometheus endpoint on the management port: ingest, appended events, processor lag and Axon's own metrics. */
@ServerTest
@AutoConfigureObservability // Spring Boot turns metrics export off in tests unless asked
class MetricsTest {

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void prometheusShowsIngestLagAndAxonMetrics() {
        Api api = new Api(port);
        assertThat(api.postJson("/track/pageview", "{\"site\":\"portfolio\",\"url\":\"http://localhost/m\"}").status())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String scrape = new Api(managementPort).get("/actuator/prometheus").body();
            assertThat(scrape).contains("analytics_events_appended_total{type=\"PageViewRecorded\"}")
                    .contains("analytics_processor_lag{processor=\"page-views\"} 0.0")
                    .contains("analytics_ingest_batch_size_count");
            assertThat(scrape).contains("analytics_rebuild_running{projection=\"page-views\"} 0.0")
                    .contains("analytics_rebuild_events_done{projection=\"users\"}");
            // Axon's own processor metrics, from axon-micrometer
            assertThat(scrape).contains("page-views");
        });
        assertThat(api.get("/actuator/prometheus").status()).as("not on the public port").isEqualTo(404);
    }

    @Test
    void prometheusShowsTheProgressOfARunningRebuild() {
        // A rebuild another instance runs (its lease is far from running out, so this one leaves it alone).
        jdbc.update("""
                INSERT INTO projection_rebuilds (projections, state, requested_by, requested_at, owner, lease_until,
                                                 events_done, events_total, events_per_second)
                VALUES ('{users}', 'rebuilding', 'admin', now(), 'elsewhere', now() + interval '1 hour',
                        40000, 100000, 12500)""");
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String scrape = new Api(managementPort).get("/actuator/prometheus").body();
                assertThat(scrape).contains("analytics_rebuild_running{projection=\"users\"} 1.0")
                        .contains("analytics_rebuild_events_done{projection=\"users\"} 40000.0")
                        .contains("analytics_rebuild_events_head{projection=\"users\"} 100000.0")
                        .contains("analytics_rebuild_events_rate{projection=\"users\"} 12500.0")
                        .contains("analytics_rebuild_running{projection=\"page-views\"} 0.0");
            });
        } finally {
            jdbc.update("DELETE FROM projection_rebuilds WHERE owner = 'elsewhere'");
        }
    }
}
