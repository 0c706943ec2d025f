package dev.analytics.server.stats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.MutableClock;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Page views recorded at controlled instants (through the service's clock), read back in local time: buckets follow
 * the caller's time zone across DST and half-hour offsets, and every view lands in exactly one bucket.
 */
@ServerTest
class StatsTimeZoneTest {

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    Api api;

    @BeforeEach
    void setUp() {
        clock.set(Instant.now());
        api = new Api(port).login(ServerTest.ADMIN_PASSWORD);
    }

    void pageViewAt(String instant, String site, String path) {
        clock.set(Instant.parse(instant));
        Api.Response response = api.postJson("/track/pageview",
                "{\"site\":\"" + site + "\",\"url\":\"http://localhost" + path + "\"}");
        assertThat(response.status()).isEqualTo(202);
    }

    /** Once the page views are projected; signed in anew at the clock's current time, which the views moved. */
    JsonNode statsWhenProjected(String query, long expectedPageViews) {
        api.login(ServerTest.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.stats(query).get("pageViews").asLong() == expectedPageViews);
        return api.stats(query);
    }

    static List<JsonNode> nonEmpty(JsonNode timeseries) {
        List<JsonNode> buckets = new ArrayList<>();
        timeseries.forEach(b -> {
            if (b.get("pageViews").asLong() > 0) {
                buckets.add(b);
            }
        });
        return buckets;
    }

    static long sum(JsonNode timeseries) {
        long total = 0;
        for (JsonNode bucket : timeseries) {
            total += bucket.get("pageViews").asLong();
        }
        return total;
    }

    @Test
    void theHourRepeatedWhenBerlinLeavesSummerTimeIsTwoBuckets() {
        pageViewAt("2022-10-30T00:30:00Z", "portfolio", "/first-0230"); // 02:30 CEST
        pageViewAt("2022-10-30T01:30:00Z", "portfolio", "/second-0230"); // 02:30 CET

        JsonNode stats = statsWhenProjected(
                "site=portfolio&from=2022-10-30&to=2022-10-31&tz=Europe/Berlin&interval=hour", 2);

        JsonNode timeseries = stats.get("timeseries");
        assertThat(timeseries).hasSize(25);
        assertThat(timeseries.get(0).get("t").asText()).isEqualTo("2022-10-30T00:00:00+02:00");
        assertThat(nonEmpty(timeseries)).extracting(b -> b.get("t").asText())
                .containsExactly("2022-10-30T02:00:00+02:00", "2022-10-30T02:00:00+01:00");
        assertThat(sum(timeseries)).isEqualTo(stats.get("pageViews").asLong()).isEqualTo(2);
    }

    @Test
    void aHalfHourOffsetMovesAnEveningViewToTheNextLocalDayInKolkata() {
        pageViewAt("2025-11-15T19:00:00Z", "text-to-cad", "/evening"); // 00:30 on the 16th in Kolkata

        JsonNode stats = statsWhenProjected(
                "site=text-to-cad&from=2025-11-14&to=2025-11-18&tz=Asia/Kolkata&interval=day", 1);

        JsonNode timeseries = stats.get("timeseries");
        assertThat(timeseries).hasSize(4);
        assertThat(nonEmpty(timeseries)).extracting(b -> b.get("t").asText())
                .containsExactly("2025-11-16T00:00:00+05:30");
        assertThat(sum(timeseries)).isEqualTo(stats.get("pageViews").asLong()).isEqualTo(1);
        assertThat(stats.get("uniqueVisitors").asLong()).isEqualTo(1);
        assertThat(stats.get("topPages").get(0).get("path").asText()).isEqualTo("/evening");

        JsonNode utc = api.stats("site=text-to-cad&from=2025-11-14&to=2025-11-18&tz=UTC&interval=day");
        assertThat(nonEmpty(utc.get("timeseries"))).extracting(b -> b.get("t").asText())
                .containsExactly("2025-11-15T00:00:00Z");
    }

    @Test
    void theDayBerlinEntersSummerTimeHas23HourlyBuckets() {
        pageViewAt("2023-03-26T00:30:00Z", "portfolio", "/before-the-jump"); // 01:30 CET
        pageViewAt("2023-03-26T01:30:00Z", "portfolio", "/after-the-jump"); // 03:30 CEST

        JsonNode stats = statsWhenProjected(
                "site=portfolio&from=2023-03-26&to=2023-03-27&tz=Europe/Berlin&interval=hour", 2);

        assertThat(stats.get("timeseries")).hasSize(23);
        assertThat(nonEmpty(stats.get("timeseries"))).extracting(b -> b.get("t").asText())
                .containsExactly("2023-03-26T01:00:00+01:00", "2023-03-26T03:00:00+02:00");
    }

    @Test
    void aHalfHourFallBackOnLordHoweIslandStillEndsTheDay() {
        // Clocks go from 02:00 +11:00 back to 01:30 +10:30: a 24.5-hour day.
        JsonNode stats = api.stats("from=2025-04-06&to=2025-04-07&tz=Australia/Lord_Howe&interval=hour");

        JsonNode timeseries = stats.get("timeseries");
        assertThat(timeseries.size()).isBetween(24, 26);
        for (int i = 1; i < timeseries.size(); i++) {
            assertThat(java.time.OffsetDateTime.parse(timeseries.get(i).get("t").asText()))
                    .isAfter(java.time.OffsetDateTime.parse(timeseries.get(i - 1).get("t").asText()));
        }
    }

    @Test
    void badParametersAreRefusedWithTheFieldNamed() {
        assertThat(api.get("/admin/stats?tz=Mars/Olympus", api.admin()).json().get("field").asText()).isEqualTo("tz");
        assertThat(api.get("/admin/stats?from=yesterday", api.admin()).status()).isEqualTo(400);
        assertThat(api.get("/admin/stats?interval=week", api.admin()).json().get("field").asText())
                .isEqualTo("interval");
        assertThat(api.get("/admin/stats?from=2025-01-02&to=2025-01-01", api.admin()).status()).isEqualTo(400);
        assertThat(api.get("/admin/stats?from=2000-01-01&to=2025-01-01&interval=hour", api.admin()).status())
                .isEqualTo(400);
        assertThat(api.get("/admin/stats?from=2025-01-01&to=%2B294277-01-02", api.admin()).json()
                .get("field").asText()).isEqualTo("to");
        assertThat(api.get("/admin/stats?from=-4714-01-01&to=2025-01-02", api.admin()).json()
                .get("field").asText()).isEqualTo("from");
        assertThat(api.get("/admin/stats?site=a%00b", api.admin()).json().get("field").asText()).isEqualTo("site");
        assertThat(api.get("/admin/stats?site=portfolio&site=text-to-cad", api.admin()).status()).isEqualTo(400);
    }
}
