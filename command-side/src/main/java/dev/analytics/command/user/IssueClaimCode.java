package dev.analytics.command.user;

import dev.analytics.events.AdminActor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** An admin issues a one-time claim code; only its hash travels in the command. */
public record IssueClaimCode(@TargetAggregateIdentifier String userId, String codeHash, Instant expiresAt,
                             AdminActor by) {
}
