package dev.analytics.server.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.events.ModelCountIncremented;
import dev.analytics.events.PageViewRecorded;
import dev.analytics.events.UserRegistered;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.Events;
import dev.analytics.server.support.ServerTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poison events: an event a projection fails on is parked in Axon's dead-letter queue with its cause, the rest of its
 * batch is projected, later events of its aggregate wait behind it, and {@code POST /admin/dead-letters/retry} hands
 * them to the projection again once the cause is fixed. The failures are real: a constraint on a read table that one
 * event breaks, so PostgreSQL aborts the transaction as it would in production.
 */
@ServerTest
@Import(DeadLetterTest.GateConfiguration.class)
class DeadLetterTest {

    static final String PAGE_VIEW_POISON = "page_views_no_poison";
    static final String USER_POISON = "users_no_poison";

    @LocalServerPort
    int port;
    @Autowired
    EventStore store;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    BatchGate gate;
    Api api;
    Events events;

    @BeforeEach
    void setUp() {
        api = new Api(port).login(ServerTest.ADMIN_PASSWORD);
        events = new Events(store);
    }

    /**
     * A second handler in the page-views processing group, beside the projection: it holds the processor's batch that
     * holds a page view of {@code /gate} until the test opens the gate, so that the events appended meanwhile are all
     * waiting when the next batch is taken; and it records which events each batch held.
     */
    @ProcessingGroup("page-views")
    static class BatchGate {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
        /** The event ids of each batch in which a page view of {@code /batch/0} was handled, in order. */
        final List<List<String>> batchesWithFirstEvent = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(PageViewRecorded event) throws InterruptedException {
            if (event.path().equals("/gate")) {
                reached.countDown();
                open.await(60, TimeUnit.SECONDS);
            } else if (event.path().equals("/batch/0")) {
                UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
                if (unitOfWork instanceof BatchingUnitOfWork<?> batch) {
                    batchesWithFirstEvent.add(batch.getMessages().stream().map(Message::getIdentifier).toList());
                }
            }
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class GateConfiguration {
        @Bean
        BatchGate batchGate() {
            return new BatchGate();
        }
    }

    static PageViewRecorded pageView(String path) {
        return new PageViewRecorded("portfolio", "localhost", path, null, null, null, null, null, null, null, null,
                null, "Firefox", "visitor-" + UUID.randomUUID().toString().substring(0, 8), null, Instant.now());
    }

    JsonNode deadLetters(String processingGroup) {
        Api.Response response = api.get("/admin/dead-letters?processingGroup=" + processingGroup, api.admin());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode groups = response.json().get("processingGroups");
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).get("processingGroup").asText()).isEqualTo(processingGroup);
        return groups.get(0);
    }

    JsonNode retry(String processingGroup) {
        Api.Response response = api.postJson("/admin/dead-letters/retry",
                "{\"processingGroup\":\"" + processingGroup + "\"}", api.admin());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    long pageViews(String pathPattern) {
        return jdbc.queryForObject("SELECT count(*) FROM page_views WHERE path LIKE ?", Long.class, pathPattern);
    }

    /** Waits until a processor that handles no page views has read up to the head: the store has handed them out. */
    void awaitStreamedTo(long position) {
        StreamingEventProcessor other = processing.eventProcessor("admin-logs", StreamingEventProcessor.class)
                .orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> other.processingStatus().values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .allMatch(p -> p.isPresent() && p.getAsLong() >= position));
    }

    @Test
    void onePoisonEventInABatchOf500IsParkedAndTheOther499AreProjected() throws InterruptedException {
        jdbc.execute("ALTER TABLE page_views ADD CONSTRAINT " + PAGE_VIEW_POISON + " CHECK (path <> '/poison')");
        List<String> ids;
        try {
            events.fact(pageView("/gate"));
            assertThat(gate.reached.await(30, TimeUnit.SECONDS)).as("the page-views processor reached the gate")
                    .isTrue();
            List<PageViewRecorded> batch = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                batch.add(pageView(i == 250 ? "/poison" : "/batch/" + i));
            }
            ids = events.factsInOneAppend(batch);
            awaitStreamedTo(store.createHeadToken().position().orElseThrow());
            // The page-views processor's coordinator queues what the store handed out in one go; give it a moment.
            Thread.sleep(1_000);
        } finally {
            gate.open.countDown();
        }
        String poisonId = ids.get(250);

        await().atMost(Duration.ofSeconds(30)).until(() -> pageViews("/batch/%") == 499);
        assertThat(gate.batchesWithFirstEvent.get(0)).as("the batch in which the poison was first met")
                .hasSize(500).containsExactlyElementsOf(ids);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM page_views WHERE event_id = ?", Long.class, poisonId))
                .isZero();

        JsonNode parked = deadLetters("page-views");
        assertThat(parked.get("parked").asLong()).isEqualTo(1);
        assertThat(parked.get("sequences").asLong()).isEqualTo(1);
        JsonNode letter = parked.get("items").get(0);
        assertThat(letter.get("eventId").asText()).isEqualTo(poisonId);
        assertThat(letter.get("sequenceIdentifier").asText()).isEqualTo(poisonId);
        assertThat(letter.get("eventType").asText()).isEqualTo("PageViewRecorded");
        assertThat(letter.get("globalIndex").asLong()).isPositive();
        assertThat(letter.get("causeType").asText()).endsWith("DataIntegrityViolationException");
        assertThat(letter.get("causeMessage").asText()).contains(PAGE_VIEW_POISON);
        assertThat(letter.get("retries").asInt()).isZero();
        assertThat(Instant.parse(letter.get("enqueuedAt").asText())).isBefore(Instant.now());

        // The processor goes on.
        events.fact(pageView("/after"));
        await().atMost(Duration.ofSeconds(10)).until(() -> pageViews("/after") == 1);

        // A retry while the cause is still there fails again and keeps it parked, with the count.
        JsonNode failedRetry = retry("page-views");
        assertThat(failedRetry.get("sequencesRetried").asInt()).isEqualTo(1);
        assertThat(failedRetry.get("sequencesProcessed").asInt()).isZero();
        assertThat(failedRetry.get("eventsStillParked").asLong()).isEqualTo(1);
        JsonNode stillParked = deadLetters("page-views").get("items").get(0);
        assertThat(stillParked.get("retries").asInt()).isEqualTo(1);
        assertThat(stillParked.get("causeMessage").asText()).contains(PAGE_VIEW_POISON);

        jdbc.execute("ALTER TABLE page_views DROP CONSTRAINT " + PAGE_VIEW_POISON);
        JsonNode retried = retry("page-views");
        assertThat(retried.get("sequencesRetried").asInt()).isEqualTo(1);
        assertThat(retried.get("sequencesProcessed").asInt()).isEqualTo(1);
        assertThat(retried.get("eventsStillParked").asLong()).isZero();
        assertThat(jdbc.queryForObject("SELECT path FROM page_views WHERE event_id = ?", String.class, poisonId))
                .isEqualTo("/poison");
        JsonNode empty = deadLetters("page-views");
        assertThat(empty.get("parked").asLong()).isZero();
        assertThat(empty.get("items")).isEmpty();
    }

    @Test
    void aLaterEventOfAParkedUserWaitsBehindItAndIsAppliedAfterTheRetry() {
        jdbc.execute("ALTER TABLE users ADD CONSTRAINT " + USER_POISON + " CHECK (name IS DISTINCT FROM 'Poison')");
        String poisoned = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        Instant at = Instant.parse("2031-05-01T10:00:00Z");
        events.ofUser(poisoned, new UserRegistered(poisoned, null, "Poison", 10, at));
        events.ofUser(poisoned, new ModelCountIncremented(poisoned, 1, 10, at.plusSeconds(60)));
        events.ofUser(other, new UserRegistered(other, null, "Ada", 10, at.plusSeconds(120)));

        // Another user's events, later in the store, are not held up.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM users WHERE user_id = ?", Long.class, other) == 1);
        JsonNode parked = deadLetters("users");
        assertThat(parked.get("parked").asLong()).isEqualTo(2);
        assertThat(parked.get("sequences").asLong()).isEqualTo(1);
        JsonNode first = parked.get("items").get(0);
        JsonNode second = parked.get("items").get(1);
        assertThat(first.get("sequenceIdentifier").asText()).isEqualTo(poisoned);
        assertThat(first.get("eventType").asText()).isEqualTo("UserRegistered");
        assertThat(first.get("aggregateType").asText()).isEqualTo("User");
        assertThat(first.get("aggregateSequence").asLong()).isZero();
        assertThat(first.get("causeMessage").asText()).contains(USER_POISON);
        assertThat(second.get("sequenceIdentifier").asText()).isEqualTo(poisoned);
        assertThat(second.get("eventType").asText()).isEqualTo("ModelCountIncremented");
        assertThat(second.get("aggregateSequence").asLong()).isEqualTo(1);
        assertThat(second.get("causeType").isNull()).as("it waits, untried").isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE user_id = ?", Long.class, poisoned))
                .isZero();

        jdbc.execute("ALTER TABLE users DROP CONSTRAINT " + USER_POISON);
        JsonNode retried = retry("users");
        assertThat(retried.get("sequencesProcessed").asInt()).isEqualTo(1);
        assertThat(retried.get("eventsStillParked").asLong()).isZero();
        assertThat(jdbc.queryForObject("SELECT model_count FROM users WHERE user_id = ?", Integer.class, poisoned))
                .as("the increment was applied after the registration").isEqualTo(1);
    }

    @Test
    void refusesUnknownGroupsOutsidersAndRetriesWithoutTheCsrfToken() {
        Api.Response unknownList = api.get("/admin/dead-letters?processingGroup=nope", api.admin());
        assertThat(unknownList.status()).isEqualTo(400);
        assertThat(unknownList.json().get("error").asText()).isEqualTo("invalid_field");
        assertThat(unknownList.json().get("field").asText()).isEqualTo("processingGroup");
        assertThat(unknownList.json().get("message").asText()).contains("page-views", "users");

        Api.Response unknownRetry = api.postJson("/admin/dead-letters/retry", "{\"processingGroup\":\"nope\"}",
                api.admin());
        assertThat(unknownRetry.status()).isEqualTo(400);
        assertThat(unknownRetry.json().get("field").asText()).isEqualTo("processingGroup");

        assertThat(api.postJson("/admin/dead-letters/retry", "{\"processingGroup\":", api.admin()).json()
                .get("error").asText()).isEqualTo("malformed_json");

        Api.Response outsider = new Api(port).get("/admin/dead-letters");
        assertThat(outsider.status()).isEqualTo(401);
        Api.Response noCsrf = api.postJson("/admin/dead-letters/retry", "{}", "Cookie", api.admin()[1]);
        assertThat(noCsrf.status()).isEqualTo(403);
        assertThat(noCsrf.json().get("error").asText()).isEqualTo("csrf_invalid");

        Api.Response everything = api.get("/admin/dead-letters", api.admin());
        assertThat(everything.status()).isEqualTo(200);
        List<String> groups = new ArrayList<>();
        everything.json().get("processingGroups").forEach(g -> groups.add(g.get("processingGroup").asText()));
        assertThat(groups).contains("page-views", "users", "sessions", "cad-events", "admin-logs");
    }
}
