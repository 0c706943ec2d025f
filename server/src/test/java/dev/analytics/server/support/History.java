package dev.analytics.server.support;

import dev.analytics.events.AdminActor;
import dev.analytics.events.AdminSignInFailed;
import dev.analytics.events.AdminSignedIn;
import dev.analytics.events.AdminSignedOut;
import dev.analytics.events.CadEventRecorded;
import dev.analytics.events.ClaimCodeIssued;
import dev.analytics.events.ClaimCodeRedeemed;
import dev.analytics.events.ModelCountIncremented;
import dev.analytics.events.ModelLimitChanged;
import dev.analytics.events.PageViewRecorded;
import dev.analytics.events.SessionCreated;
import dev.analytics.events.SessionRevoked;
import dev.analytics.events.UserCountReset;
import dev.analytics.events.UserImported;
import dev.analytics.events.UserRegistered;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A generated history of every event type the service records, appended straight to the event store in large
 * batches: users registered and imported, their sessions, generations, CAD events, resets, limit changes, claim
 * codes, admin sign-ins, and page views from returning visitors, some of them across midnight. The same seed gives
 * the same history.
 */
public final class History {

    private static final int BATCH = 2_000;
    private static final AdminActor ADMIN = new AdminActor("admin", "ip-hmac-of-the-admin");
    private static final String[] PATHS = {"/", "/about", "/projects/cad", "/blog/event-sourcing", "/contact"};
    private static final String[] KINDS = {"generation_started", "generation_succeeded", "generation_failed",
            "model_downloaded", "model_viewed"};

    private final EventStore store;
    private final long seed;
    private final Random random;
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final List<EventMessage<?>> pending = new ArrayList<>();
    private final List<String> userIds = new ArrayList<>();
    private Instant now;
    private long appended;

    public History(EventStore store, long seed, Instant start) {
        this.store = store;
        this.seed = seed;
        this.random = new Random(seed);
        this.now = start;
    }

    /** Appends about {@code events} events (a little more, to finish the last user's story) and returns how many. */
    public long append(long events) {
        while (appended + pending.size() < events) {
            int dice = random.nextInt(100);
            if (dice < 70) {
                pageView();
            } else if (dice < 78 || userIds.isEmpty()) {
                newUser();
            } else if (dice < 94) {
                activity();
            } else if (dice < 98) {
                adminAction();
            } else {
                admin();
            }
            now = now.plusMillis(200 + random.nextInt(2_000));
        }
        flush();
        return appended;
    }

    private void pageView() {
        int visitor = random.nextInt(3_000);
        String hash = "visitor-" + visitor + "-day-" + day();
        // Now and then a visit carries on across midnight, which links the new day's hash to the earlier visitor.
        String previous = random.nextInt(20) == 0 ? "visitor-" + visitor + "-day-" + (day() - 1) : null;
        String site = random.nextBoolean() ? "portfolio" : "text-to-cad";
        String path = PATHS[random.nextInt(PATHS.length)];
        boolean referred = random.nextInt(3) == 0;
        fact(new PageViewRecorded(site, "localhost", path, referred ? "newsletter" : null,
                referred ? "email" : null, null, null, null, referred ? "https://news.example/" + visitor : null,
                referred ? "news.example" : null, "Title of " + path, 360 + random.nextInt(1600),
                random.nextBoolean() ? "Firefox" : "Chrome", hash, previous, now));
    }

    private void newUser() {
        String userId = UUID.nameUUIDFromBytes((seed + "/user-" + userIds.size()).getBytes()).toString();
        userIds.add(userId);
        if (random.nextInt(5) == 0) {
            ofUser(userId, new UserImported(userId, userId.substring(0, 8) + "@legacy.example",
                    random.nextInt(5), 10, "legacy-" + userIds.size(), now.minus(Duration.ofDays(300)), now));
        } else {
            ofUser(userId, new UserRegistered(userId, random.nextBoolean() ? userId.substring(0, 8) + "@example.com"
                    : null, "User " + userIds.size(), 10, now));
        }
        String sessionId = "session-" + UUID.randomUUID();
        ofAggregate("Session", sessionId, new SessionCreated(sessionId, userId, now.plus(Duration.ofDays(7)), now));
    }

    private void activity() {
        String userId = userIds.get(random.nextInt(userIds.size()));
        int count = counts.merge(userId, 1, Integer::sum);
        ofUser(userId, new ModelCountIncremented(userId, count, 10 + count, now));
        String kind = KINDS[random.nextInt(KINDS.length)];
        boolean failed = kind.equals("generation_failed");
        fact(new CadEventRecorded(userId, kind, "a gear with " + random.nextInt(40) + " teeth <b>bold</b>",
                (long) random.nextInt(30_000), failed ? "timeout after " + random.nextInt(60) + " s" : null,
                "cad-model-" + random.nextInt(3), Map.of("source", "web", "attempt", random.nextInt(3)), now));
    }

    private void adminAction() {
        String userId = userIds.get(random.nextInt(userIds.size()));
        switch (random.nextInt(4)) {
            case 0 -> {
                Integer previous = counts.put(userId, 0);
                ofUser(userId, new UserCountReset(userId, previous == null ? 0 : previous,
                        "ticket " + random.nextInt(999), ADMIN, now));
            }
            case 1 -> ofUser(userId, new ModelLimitChanged(userId, 10, 5 + random.nextInt(20), ADMIN, now));
            case 2 -> {
                ofUser(userId, new ClaimCodeIssued(userId, "code-hash-" + random.nextInt(), now.plus(
                        Duration.ofHours(24)), ADMIN, now));
                String sessionId = "session-" + UUID.randomUUID();
                ofUser(userId, new ClaimCodeRedeemed(userId, "code-hash", sessionId, now));
                ofAggregate("Session", sessionId, new SessionCreated(sessionId, userId, now.plus(Duration.ofDays(7)),
                        now));
            }
            default -> {
                String sessionId = "session-" + UUID.randomUUID();
                ofAggregate("Session", sessionId, new SessionCreated(sessionId, userId,
                        now.plus(Duration.ofDays(7)), now));
                ofAggregate("Session", sessionId, new SessionRevoked(sessionId, userId, now.plusSeconds(60)));
            }
        }
    }

    private void admin() {
        switch (random.nextInt(3)) {
            case 0 -> fact(new AdminSignedIn(ADMIN, now));
            case 1 -> fact(new AdminSignInFailed("ip-hmac-" + random.nextInt(50), now));
            default -> fact(new AdminSignedOut(ADMIN, now));
        }
    }

    private long day() {
        return now.getEpochSecond() / 86_400;
    }

    private void ofUser(String userId, Object payload) {
        ofAggregate("User", userId, payload);
    }

    private void ofAggregate(String type, String id, Object payload) {
        long next = sequences.merge(id, 1L, Long::sum) - 1;
        add(new GenericDomainEventMessage<>(type, id, next, payload, MetaData.emptyInstance()));
    }

    private void fact(Object payload) {
        add(new GenericEventMessage<>(UUID.randomUUID().toString(), payload, MetaData.emptyInstance(), now));
    }

    private void add(EventMessage<?> event) {
        pending.add(event);
        if (pending.size() >= BATCH) {
            flush();
        }
    }

    private void flush() {
        if (!pending.isEmpty()) {
            store.publish(List.copyOf(pending));
            appended += pending.size();
            pending.clear();
        }
    }
}
