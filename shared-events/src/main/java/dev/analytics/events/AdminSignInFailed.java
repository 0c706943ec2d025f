package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Someone tried to sign in as admin with a wrong password. */
@Revision("1")
public record AdminSignInFailed(String ipHmac, Instant occurredAt) {
}
