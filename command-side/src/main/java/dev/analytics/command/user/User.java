package dev.analytics.command.user;

import dev.analytics.events.ClaimCodeIssued;
import dev.analytics.events.ClaimCodeRedeemed;
import dev.analytics.events.ModelCountIncremented;
import dev.analytics.events.ModelLimitChanged;
import dev.analytics.events.UserCountReset;
import dev.analytics.events.UserImported;
import dev.analytics.events.UserRegistered;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An end user of the CAD app: how many models they generated, and how many they may. Command handlers check the rule
 * and apply an event; event-sourcing handlers only change state.
 */
@Aggregate
public class User {

    public static final int MAX_MODEL_LIMIT = 1_000_000;

    @AggregateIdentifier
    private String userId;
    private String email;
    private String name;
    private int modelCount;
    private int modelLimit;
    private String claimCodeHash;
    private Instant claimCodeExpiresAt;

    protected User() {
        // for Axon
    }

    @CommandHandler
    User(RegisterUser command, Clock clock) {
        checkLimit(command.modelLimit());
        apply(new UserRegistered(command.userId(), command.email(), command.name(), command.modelLimit(),
                clock.instant()));
    }

    @CommandHandler
    User(ImportUser command, Clock clock) {
        checkLimit(command.modelLimit());
        apply(new UserImported(command.userId(), command.email(), command.modelCount(), command.modelLimit(),
                command.sourceKey(), command.createdAt(), clock.instant()));
    }

    @CommandHandler
    ModelCount handle(IncrementModelCount command, Clock clock) {
        if (modelCount >= modelLimit) {
            return new ModelCount(false, modelCount, modelLimit);
        }
        apply(new ModelCountIncremented(userId, modelCount + 1, modelLimit, clock.instant()));
        return new ModelCount(true, modelCount, modelLimit);
    }

    @CommandHandler
    void handle(ResetUserCount command, Clock clock) {
        apply(new UserCountReset(userId, modelCount, command.reason(), command.by(), clock.instant()));
    }

    @CommandHandler
    void handle(ChangeModelLimit command, Clock clock) {
        checkLimit(command.modelLimit());
        if (command.modelLimit() != modelLimit) {
            apply(new ModelLimitChanged(userId, modelLimit, command.modelLimit(), command.by(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(IssueClaimCode command, Clock clock) {
        apply(new ClaimCodeIssued(userId, command.codeHash(), command.expiresAt(), command.by(), clock.instant()));
    }

    @CommandHandler
    void handle(RedeemClaimCode command, Clock clock) {
        Instant now = clock.instant();
        boolean live = claimCodeHash != null && now.isBefore(claimCodeExpiresAt)
                && MessageDigest.isEqual(claimCodeHash.getBytes(StandardCharsets.UTF_8),
                command.codeHash().getBytes(StandardCharsets.UTF_8));
        if (!live) {
            throw new ClaimCodeRefused();
        }
        apply(new ClaimCodeRedeemed(userId, command.codeHash(), command.sessionId(), now));
    }

    UserView view() {
        return new UserView(userId, email, name, modelCount, modelLimit);
    }

    private static void checkLimit(int limit) {
        if (limit < 0 || limit > MAX_MODEL_LIMIT) {
            throw new InvalidModelLimit(limit);
        }
    }

    @EventSourcingHandler
    void on(UserRegistered event) {
        userId = event.userId();
        email = event.email();
        name = event.name();
        modelLimit = event.modelLimit();
    }

    @EventSourcingHandler
    void on(UserImported event) {
        userId = event.userId();
        email = event.email();
        modelCount = event.modelCount();
        modelLimit = event.modelLimit();
    }

    @EventSourcingHandler
    void on(ModelCountIncremented event) {
        modelCount = event.modelCount();
    }

    @EventSourcingHandler
    void on(UserCountReset event) {
        modelCount = 0;
    }

    @EventSourcingHandler
    void on(ModelLimitChanged event) {
        modelLimit = event.modelLimit();
    }

    @EventSourcingHandler
    void on(ClaimCodeIssued event) {
        claimCodeHash = event.codeHash();
        claimCodeExpiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(ClaimCodeRedeemed event) {
        claimCodeHash = null;
        claimCodeExpiresAt = null;
    }
}
