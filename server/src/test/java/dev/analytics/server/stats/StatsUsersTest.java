package dev.analytics.server.stats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.EndUser;
import dev.analytics.server.support.MutableClock;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stats' users section: sessions started and active users in the range, from the read tables. */
@ServerTest
class StatsUsersTest {

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;

    @Test
    void countsSessionsStartedAndUsersActiveInTheRange() {
        Api api = new Api(port);
        clock.set(Instant.parse("2024-02-01T10:00:00Z"));
        EndUser ada = EndUser.signUp(api, "{}");
        EndUser bob = EndUser.signUp(api, "{}");
        clock.set(Instant.parse("2024-02-02T10:00:00Z"));
        assertThat(api.postJson("/track/cad-event", "{\"kind\":\"generation_started\"}", ada.writes()).status())
                .isEqualTo(202);

        Api admin = new Api(port).login(ServerTest.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode firstDay = admin.stats("from=2024-02-01&to=2024-02-02").get("users");
            JsonNode secondDay = admin.stats("from=2024-02-02&to=2024-02-03").get("users");
            assertThat(firstDay.get("sessions").asLong()).isEqualTo(2);
            assertThat(firstDay.get("activeUsers").asLong()).isEqualTo(2);
            assertThat(secondDay.get("sessions").asLong()).isZero();
            assertThat(secondDay.get("activeUsers").asLong()).as("ada's generation").isEqualTo(1);
        });
        assertThat(bob.userId()).isNotEqualTo(ada.userId());
    }
}
