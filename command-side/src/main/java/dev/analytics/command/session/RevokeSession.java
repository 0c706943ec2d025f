package dev.analytics.command.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** End a session before it expires (logout). */
record RevokeSession(@TargetAggregateIdentifier String sessionId) {
}
