package dev.analytics.events;

/**
 * Who did an admin action, carried by every event an admin causes so that the audit trail can be built from events.
 *
 * @param actor  the admin's name; the service has one admin, {@code "admin"}
 * @param ipHmac an HMAC (keyed with the service secret) of the admin's IP address: comparable, never reversible
 */
public record AdminActor(String actor, String ipHmac) {

    /**
     * The request attribute holding the {@code AdminActor} of a request the admin guard has let through, so that a
     * handler in either side can name who acted without knowing how sessions work.
     */
    public static final String REQUEST_ATTRIBUTE = "dev.analytics.adminActor";
}
