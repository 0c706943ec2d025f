package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The admin signed out. */
@Revision("1")
public record AdminSignedOut(AdminActor by, Instant occurredAt) {
}
