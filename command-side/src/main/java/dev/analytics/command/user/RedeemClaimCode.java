package dev.analytics.command.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Bind the session {@code sessionId} to the user, if the code is the user's live, unused claim code. */
public record RedeemClaimCode(@TargetAggregateIdentifier String userId, String codeHash, String sessionId) {
}
