package dev.analytics.server.security;

import dev.analytics.server.support.Api;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

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
            // Axon's own processor metrics, from axon-micrometer
            assertThat(scrape).contains("page-views");
        });
        assertThat(api.get("/actuator/prometheus").status()).as("not on the public port").isEqualTo(404);
    }
}
