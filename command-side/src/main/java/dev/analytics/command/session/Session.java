package dev.analytics.command.session;

import dev.analytics.events.SessionCreated;
import dev.analytics.events.SessionRevoked;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An end user's sign-in: valid for 7 days from creation unless revoked by logout. */
@Aggregate
class Session {

    static final Duration LIFETIME = Duration.ofDays(7);

    @AggregateIdentifier
    private String sessionId;
    private String userId;
    private Instant expiresAt;
    private boolean revoked;

    protected Session() {
        // for Axon
    }

    @CommandHandler
    Session(CreateSession command, Clock clock) {
        Instant now = clock.instant();
        apply(new SessionCreated(command.sessionId(), command.userId(), now.plus(LIFETIME), now));
    }

    @CommandHandler
    void handle(RevokeSession command, Clock clock) {
        if (!revoked) {
            apply(new SessionRevoked(sessionId, userId, clock.instant()));
        }
    }

    /** The session's user, while the session is live at {@code now}. */
    ActiveSession activeAt(Instant now) {
        return revoked || !now.isBefore(expiresAt) ? null : new ActiveSession(sessionId, userId, expiresAt);
    }

    @EventSourcingHandler
    void on(SessionCreated event) {
        sessionId = event.sessionId();
        userId = event.userId();
        expiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(SessionRevoked event) {
        revoked = true;
    }
}
