package dev.analytics.server.ratelimit;

import dev.analytics.server.support.Api;
import dev.analytics.server.support.EndUser;
import dev.analytics.server.support.ServerTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.util.ReflectionTestUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The limits themselves, with small capacities, from one client that is not behind a trusted proxy. */
@ServerTest
@TestPropertySource(properties = {
        "analytics.rate-limits.page-view.capacity=5", "analytics.rate-limits.page-view.period=2s",
        "analytics.rate-limits.admin-login.capacity=10", "analytics.rate-limits.admin-login.period=15m",
        "analytics.rate-limits.create-session.capacity=3", "analytics.rate-limits.create-session.period=1h",
        "analytics.rate-limits.increment-count.capacity=4", "analytics.rate-limits.increment-count.period=1h",
        "analytics.rate-limits.keep-after-refill=0s"})
class RateLimitTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry metrics;
    @Autowired
    ApplicationContext context;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    long storedEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    Api.Response pageView(String path, String... headers) {
        return api.postJson("/track/pageview", "{\"site\":\"portfolio\",\"url\":\"http://localhost" + path + "\"}",
                headers);
    }

    void assertRateLimited(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.json().get("error").asText()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
        assertThat(response.header("RateLimit-Limit")).isNotBlank();
        assertThat(response.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(response.header("RateLimit-Reset"))).isPositive();
    }

    @Test
    void pageViewsOverTheLimitGet429AndAreNotStoredThenTheBucketRefills() {
        while (pageView("/drain").status() == 202) {
            // take every token left
        }
        long before = storedEvents();
        double refusedBefore = refusals("page_view");

        Api.Response refused = pageView("/refused");

        assertRateLimited(refused);
        assertThat(refused.header("RateLimit-Limit")).isEqualTo("5");
        assertThat(storedEvents()).as("a refused page view is not recorded").isEqualTo(before);
        assertThat(refusals("page_view")).as("but it is counted in the metrics").isEqualTo(refusedBefore + 1);

        // 5 per 2 s refills one token every 400 ms
        await().atMost(Duration.ofSeconds(3)).until(() -> pageView("/recovered").status() == 202);
    }

    @Test
    void aSpoofedForwardedForFromAnUntrustedPeerIsIgnored() {
        int accepted = 0;
        for (int i = 0; i < 20; i++) {
            // A different "client" each time: a limiter that believed the header would admit all 20.
            if (pageView("/spoof", "X-Forwarded-For", "198.51.100." + i).status() == 202) {
                accepted++;
            }
        }
        assertThat(accepted).isLessThanOrEqualTo(6);
    }

    @Test
    void parallelLoginGuessesAreStoppedAfterTenAttemptsAndTheRightPasswordToo() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(30);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String guess = "guess-number-" + i;
            attempts.add(pool.submit(() -> {
                start.await();
                return new Api(port).postJson("/admin/login", "{\"password\":\"" + guess + "\"}",
                        "X-Forwarded-For", "203.0.113." + guess.length()).status();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> attempt : attempts) {
            statuses.add(attempt.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(statuses).filteredOn(s -> s == 401).hasSize(10);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(20);
        Api.Response right = api.postJson("/admin/login", "{\"password\":\"" + ServerTest.ADMIN_PASSWORD + "\"}");
        assertRateLimited(right);
        assertThat(right.header("Set-Cookie")).isNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE "
                + "'%AdminSignInFailed'", Integer.class)).as("refused attempts are not audited").isEqualTo(10);
    }

    @Test
    void newSessionsAreLimitedPerIpButAnExistingSessionIsNot() {
        // The only test in this class that creates sessions, so the bucket starts full: 3 per hour.
        List<EndUser> created = new ArrayList<>();
        Api.Response refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            Api.Response response = api.postJson("/auth/create-session", "{}");
            if (response.status() == 200) {
                String cookie = response.header("Set-Cookie");
                created.add(new EndUser(response.json().get("user").get("id").asText(),
                        cookie.substring(0, cookie.indexOf(';')), response.json().get("csrfToken").asText(),
                        response.json()));
            } else {
                refused = response;
            }
        }

        assertThat(created).hasSize(3);
        assertRateLimited(refused);
        assertThat(refused.header("Set-Cookie")).isNull();
        Api.Response existing = api.postJson("/auth/create-session", "{}", created.get(0).reads());
        assertThat(existing.status()).isEqualTo(200);
        assertThat(existing.json().get("user").get("id").asText()).isEqualTo(created.get(0).userId());
    }

    @Test
    void expiredRowsAreRemoved() {
        pageView("/row");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rate_limits", Integer.class)).isPositive();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
            ReflectionTestUtils.invokeMethod(context.getBean("rateLimiter"), "removeExpired");
            return jdbc.queryForObject("SELECT count(*) FROM rate_limits WHERE bucket_key LIKE 'pv:%'", Integer.class) == 0;
        });
    }

    private double refusals(String route) {
        var counter = metrics.find("analytics.rate_limit.refusals").tag("route", route).counter();
        return counter == null ? 0 : counter.count();
    }
}
