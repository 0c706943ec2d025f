package dev.analytics.command.session;

import dev.analytics.events.SessionCreated;
import dev.analytics.events.SessionRevoked;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final String SESSION_ID = "c3".repeat(32);
    private static final String USER_ID = "3f1c2a9e-7b4d-4e2a-9c1f-0a5b6c7d8e9f";

    private FixtureConfiguration<Session> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Session.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static SessionCreated createdAt(Instant createdAt) {
        return new SessionCreated(SESSION_ID, USER_ID, createdAt.plus(Duration.ofDays(7)), createdAt);
    }

    @Test
    void aNewSessionExpiresSevenDaysAfterItWasCreated() {
        fixture.givenNoPriorActivity()
                .when(new CreateSession(SESSION_ID, USER_ID))
                .expectEvents(new SessionCreated(SESSION_ID, USER_ID, Instant.parse("2025-03-08T10:00:00Z"), NOW));
    }

    @Test
    void logoutRevokesTheSession() {
        fixture.given(createdAt(NOW.minus(Duration.ofHours(1))))
                .when(new RevokeSession(SESSION_ID))
                .expectEvents(new SessionRevoked(SESSION_ID, USER_ID, NOW));
    }

    @Test
    void revokingASecondTimeRecordsNothing() {
        fixture.given(createdAt(NOW.minus(Duration.ofHours(1))),
                        new SessionRevoked(SESSION_ID, USER_ID, NOW.minus(Duration.ofMinutes(5))))
                .when(new RevokeSession(SESSION_ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aNewSessionIsActiveForItsUser() {
        fixture.givenNoPriorActivity()
                .when(new CreateSession(SESSION_ID, USER_ID))
                .expectState(session -> assertThat(session.activeAt(NOW))
                        .isEqualTo(new ActiveSession(SESSION_ID, USER_ID, NOW.plus(Duration.ofDays(7)))));
    }

    @Test
    void aSessionIsStillActiveJustBeforeItExpires() {
        fixture.givenNoPriorActivity()
                .when(new CreateSession(SESSION_ID, USER_ID))
                .expectState(session -> assertThat(session.activeAt(NOW.plus(Duration.ofDays(7)).minusNanos(1)))
                        .isNotNull());
    }

    @Test
    void aSessionIsNoLongerActiveOnceItExpires() {
        fixture.givenNoPriorActivity()
                .when(new CreateSession(SESSION_ID, USER_ID))
                .expectState(session -> assertThat(session.activeAt(NOW.plus(Duration.ofDays(7)))).isNull());
    }

    @Test
    void aRevokedSessionIsNoLongerActive() {
        fixture.given(createdAt(NOW.minus(Duration.ofHours(1))))
                .when(new RevokeSession(SESSION_ID))
                .expectState(session -> assertThat(session.activeAt(NOW)).isNull());
    }
}
