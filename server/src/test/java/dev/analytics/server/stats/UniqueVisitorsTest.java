package dev.analytics.server.stats;

import dev.analytics.server.support.Api;
import dev.analytics.server.support.MutableClock;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.ReflectionTestUtils;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Unique visitors without cookies: one browser is one visitor for a day, a visit across midnight stays one visitor,
 * separate days are not linked, and salts older than 48 hours are gone.
 */
@ServerTest
class UniqueVisitorsTest {

    static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
    static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0.0.0 Safari/537.36";

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApplicationContext context;
    Api api;
    /** Page views sent by all tests of this class, which share one database. */
    static int sent;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    void visit(String at, String site, String userAgent) {
        clock.set(Instant.parse(at));
        assertThat(api.postJson("/track/pageview",
                "{\"site\":\"" + site + "\",\"url\":\"http://localhost/p" + (++sent) + "\"}",
                "User-Agent", userAgent).status()).isEqualTo(202);
    }

    long uniqueVisitors(String site, String from, String to) {
        String query = "site=" + site + "&from=" + from + "&to=" + to;
        // signed in at the clock's current time, which the visits moved
        return api.login(ServerTest.ADMIN_PASSWORD).stats(query).get("uniqueVisitors").asLong();
    }

    void awaitProjected() {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                jdbc.queryForObject("SELECT count(*) FROM page_views", Integer.class) == sent);
    }

    @Test
    void oneBrowserIsOneVisitorAndAnotherIsAnother() {
        visit("2024-03-05T10:00:00Z", "portfolio", FIREFOX);
        visit("2024-03-05T15:00:00Z", "portfolio", FIREFOX);
        visit("2024-03-05T16:00:00Z", "portfolio", CHROME);
        awaitProjected();

        assertThat(uniqueVisitors("portfolio", "2024-03-05T00:00:00Z", "2024-03-06T00:00:00Z")).isEqualTo(2);
    }

    @Test
    void aVisitAcrossMidnightStaysOneVisitor() {
        visit("2024-04-01T23:50:00Z", "text-to-cad", FIREFOX);
        visit("2024-04-02T00:10:00Z", "text-to-cad", FIREFOX); // within the grace: linked to the visit before
        visit("2024-04-02T09:00:00Z", "text-to-cad", FIREFOX); // same day's hash: still that visitor
        awaitProjected();

        assertThat(uniqueVisitors("text-to-cad", "2024-04-01T00:00:00Z", "2024-04-03T00:00:00Z")).isEqualTo(1);
    }

    @Test
    void separateDaysAreNotLinked() {
        visit("2024-05-01T12:00:00Z", "portfolio", CHROME);
        visit("2024-05-02T12:00:00Z", "portfolio", CHROME);
        awaitProjected();

        assertThat(uniqueVisitors("portfolio", "2024-05-01T00:00:00Z", "2024-05-03T00:00:00Z")).isEqualTo(2);
    }

    @Test
    void saltsOlderThan48HoursAreDeleted() {
        visit("2024-06-01T12:00:00Z", "portfolio", CHROME);
        visit("2024-06-02T12:00:00Z", "portfolio", CHROME);
        visit("2024-06-03T12:00:00Z", "portfolio", CHROME);

        // the clean-up runs every ten minutes; run it now rather than wait
        ReflectionTestUtils.invokeMethod(context.getBean("visitorHasher"), "deleteExpiredSalts");

        assertThat(jdbc.queryForList("SELECT day::text FROM visitor_salts ORDER BY day", String.class))
                .containsExactly("2024-06-02", "2024-06-03");
    }
}
