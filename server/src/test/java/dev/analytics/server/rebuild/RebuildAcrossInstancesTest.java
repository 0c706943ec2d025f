package dev.analytics.server.rebuild;

import dev.analytics.server.AnalyticsServer;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.History;
import dev.analytics.server.support.Replays;
import dev.analytics.server.support.ServerTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two query instances on one database: a rebuild requested at either is run by exactly one of them, and when that
 * one stops half-way, the other carries it on from where it was and swaps it in.
 *
 * <p>The test's own server takes no part (its poll interval is an hour), so that the two instances started here can
 * be stopped at will.
 */
@ServerTest
@TestPropertySource(properties = {"analytics.rebuild.poll-interval=1h", "analytics.rebuild.lease=3h"})
class RebuildAcrossInstancesTest {

    @Value("${analytics.database-url}")
    String databaseUrl;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore store;
    @Autowired
    EventProcessingConfiguration processing;
    final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @AfterEach
    void stopInstances() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    ConfigurableApplicationContext startInstance(String name) {
        ConfigurableApplicationContext instance = new SpringApplicationBuilder(AnalyticsServer.class).run(
                "--analytics.database-url=" + databaseUrl, "--server.port=0", "--management.server.port=0",
                "--analytics.admin.password=" + ServerTest.ADMIN_PASSWORD, "--analytics.rebuild.batch-size=200",
                "--analytics.rebuild.instance-name=" + name);
        instances.add(instance);
        return instance;
    }

    static int port(ConfigurableApplicationContext instance) {
        return ((WebServerApplicationContext) instance).getWebServer().getPort();
    }

    @Test
    void oneInstanceRunsTheRebuildAndTheOtherTakesOverWhenItStops() {
        new History(store, 21, Instant.parse("2026-05-01T00:00:00Z")).append(30_000);
        Replays.awaitCaughtUp(processing, store);
        long pageViews = jdbc.queryForObject("SELECT count(*) FROM page_views", Long.class);
        ConfigurableApplicationContext first = startInstance("first");
        ConfigurableApplicationContext second = startInstance("second");
        Api admin = new Api(port(second)).login(ServerTest.ADMIN_PASSWORD);

        Api.Response started = admin.postJson("/admin/replay", "{\"projection\":\"page-views\"}", admin.admin());
        assertThat(started.status()).isEqualTo(202);
        long id = started.json().get("id").asLong();

        await().atMost(Duration.ofSeconds(60)).until(() -> eventsDone(id) > 0);
        Set<String> owners = new HashSet<>();
        owners.add(owner(id));
        // Both instances run in this JVM: between them, one runner and one processor fill the shadow tables.
        assertThat(threadsNamed("rebuild-" + id)).as("runners").isEqualTo(1);
        assertThat(threadsNamed("WorkPackage[rebuild-" + id + "]-0")).as("rebuild processor workers").isEqualTo(1);
        ConfigurableApplicationContext owner = owner(id).equals("first") ? first : second;
        long doneBeforeStop = eventsDone(id);
        owner.close();

        await().atMost(Duration.ofSeconds(120)).until(() -> {
            String current = owner(id);
            if (current != null) {
                owners.add(current);
            }
            return state(id).equals("done");
        });
        assertThat(owners).as("the stopped owner, then the other instance").hasSize(2);
        assertThat(jdbc.queryForObject("SELECT events_done FROM projection_rebuilds WHERE rebuild_id = ?", Long.class,
                id)).isGreaterThan(doneBeforeStop);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM page_views", Long.class)).isEqualTo(pageViews);
    }

    long eventsDone(long id) {
        return jdbc.queryForObject("SELECT events_done FROM projection_rebuilds WHERE rebuild_id = ?", Long.class, id);
    }

    String owner(long id) {
        return jdbc.queryForObject("SELECT owner FROM projection_rebuilds WHERE rebuild_id = ?", String.class, id);
    }

    String state(long id) {
        return jdbc.queryForObject("SELECT state FROM projection_rebuilds WHERE rebuild_id = ?", String.class, id);
    }

    static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name)).count();
    }
}
