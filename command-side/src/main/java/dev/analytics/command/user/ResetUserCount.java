package dev.analytics.command.user;

import dev.analytics.events.AdminActor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin sets the user's count back to 0. */
public record ResetUserCount(@TargetAggregateIdentifier String userId, String reason, AdminActor by) {
}
