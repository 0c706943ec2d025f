package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The admin signed in. */
@Revision("1")
public record AdminSignedIn(AdminActor by, Instant occurredAt) {
}
