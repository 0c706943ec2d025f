package dev.analytics.command.user;

import dev.analytics.events.AdminActor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin changes the user's generation limit. */
public record ChangeModelLimit(@TargetAggregateIdentifier String userId, int modelLimit, AdminActor by) {
}
