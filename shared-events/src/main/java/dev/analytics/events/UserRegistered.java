package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A new end user was created by {@code POST /auth/create-session}. Email and name are optional. */
@Revision("1")
public record UserRegistered(String userId, String email, String name, int modelLimit, Instant occurredAt) {
}
