package dev.analytics.server.ratelimit;

import dev.analytics.server.AnalyticsServer;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server instances on one database enforce one limit: exactly for sign-in attempts, and within 10 % for page
 * views, whose buckets sync with the database in small batches.
 */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = {SharedLimitAcrossInstancesTest.PAGE_VIEWS, SharedLimitAcrossInstancesTest.PERIODS,
        SharedLimitAcrossInstancesTest.LOGINS, "analytics.rate-limits.admin-login.period=1h"})
class SharedLimitAcrossInstancesTest {

    static final String PAGE_VIEWS = "analytics.rate-limits.page-view.capacity=100";
    static final String PERIODS = "analytics.rate-limits.page-view.period=1h";
    static final String LOGINS = "analytics.rate-limits.admin-login.capacity=10";

    @LocalServerPort
    int port;
    @Value("${analytics.database-url}")
    String databaseUrl;
    ConfigurableApplicationContext second;
    int secondPort;

    @BeforeAll
    void startSecondInstance() {
        second = new SpringApplicationBuilder(AnalyticsServer.class).run(
                "--analytics.database-url=" + databaseUrl, "--server.port=0",
                "--analytics.admin.password=" + ServerTest.ADMIN_PASSWORD,
                "--analytics.rate-limits.page-view.period=1h", "--" + PAGE_VIEWS,
                "--analytics.rate-limits.admin-login.period=1h", "--" + LOGINS);
        secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
    }

    @AfterAll
    void stopSecondInstance() {
        second.close();
    }

    /** 300 requests from 16 threads, alternating between the instances; returns the statuses. */
    List<Integer> sendAlternately(String path, String body) throws Exception {
        List<Api> instances = List.of(new Api(port), new Api(secondPort));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Api api = instances.get(i % 2);
                sent.add(pool.submit(() -> api.postJson(path, body).status()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : sent) {
                statuses.add(status.get(60, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pageViewsAreAdmittedAtMostTenPercentOverTheSharedLimit() throws Exception {
        List<Integer> statuses = sendAlternately("/track/pageview",
                "{\"site\":\"portfolio\",\"url\":\"http://localhost/shared\"}");

        long accepted = statuses.stream().filter(s -> s == 202).count();
        assertThat(accepted).as("page views admitted of a shared limit of 100").isBetween(100L, 110L);
        assertThat(statuses).allMatch(s -> s == 202 || s == 429);
    }

    @Test
    void signInAttemptsAreCountedExactlyAcrossInstances() throws Exception {
        List<Integer> statuses = sendAlternately("/admin/login", "{\"password\":\"wrong-password-guess\"}");

        assertThat(statuses).filteredOn(s -> s == 401).hasSize(10);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(290);
    }
}
