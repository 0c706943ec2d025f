package dev.analytics.server.user;

import dev.analytics.server.AnalyticsServer;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.EndUser;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50 parallel increments for a user with limit 10 give exactly 10 successes and 40 refusals, in one instance and
 * split across two instances on one database. A clash on the aggregate is retried, never answered with a 5xx.
 */
@ServerTest
class GenerationLimitConcurrencyTest {

    static final int REQUESTS = 50;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Value("${analytics.database-url}")
    String databaseUrl;
    ConfigurableApplicationContext secondInstance;

    @BeforeEach
    void noSecondInstanceYet() {
        secondInstance = null;
    }

    @AfterEach
    void stopSecondInstance() {
        if (secondInstance != null) {
            secondInstance.close();
        }
    }

    @Test
    void fiftyParallelIncrementsOnOneInstanceCountExactlyTen() throws Exception {
        EndUser user = EndUser.signUp(new Api(port), "{}");

        List<Integer> statuses = incrementInParallel(user, List.of(new Api(port)));

        assertExactlyTenCounted(user, statuses);
    }

    @Test
    void fiftyParallelIncrementsSplitAcrossTwoInstancesCountExactlyTen() throws Exception {
        secondInstance = new SpringApplicationBuilder(AnalyticsServer.class).run(
                "--analytics.database-url=" + databaseUrl, "--server.port=0",
                "--analytics.admin.password=" + ServerTest.ADMIN_PASSWORD);
        int secondPort = ((WebServerApplicationContext) secondInstance).getWebServer().getPort();
        EndUser user = EndUser.signUp(new Api(port), "{}");

        List<Integer> statuses = incrementInParallel(user, List.of(new Api(port), new Api(secondPort)));

        assertExactlyTenCounted(user, statuses);
    }

    /** All requests start together, alternating between the given instances. */
    private static List<Integer> incrementInParallel(EndUser user, List<Api> instances) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                Api api = instances.get(i % instances.size());
                Callable<Integer> increment = () -> {
                    start.await();
                    return api.post("/users/increment-count", null, "", user.writes()).status();
                };
                results.add(pool.submit(increment));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get(60, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertExactlyTenCounted(EndUser user, List<Integer> statuses) {
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(10);
        assertThat(statuses).filteredOn(s -> s == 403).hasSize(REQUESTS - 10);
        assertThat(new Api(port).get("/auth/current-user", user.reads()).json().get("modelCount").asInt())
                .isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type LIKE '%ModelCountIncremented'", Integer.class, user.userId())).isEqualTo(10);
    }
}
