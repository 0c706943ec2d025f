package dev.analytics.command.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Count one generation, unless the user is at the limit. Answers with a {@link ModelCount}. */
public record IncrementModelCount(@TargetAggregateIdentifier String userId) {
}
