package dev.analytics.query.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One row of the audit trail in {@code GET /admin/logs}.
 *
 * @param target the user id the action was done to, or null for sign-in and sign-out
 * @param before the values the action changed, as they were; null when it changed none
 * @param after  the same values afterwards
 * @param reason the admin's reason, where the action takes one
 * @param ipHmac an HMAC of the actor's IP address, where the event carries one
 */
record AuditLogEntry(String id, Instant occurredAt, String actor, String action, String target, JsonNode before,
                     JsonNode after, String reason, String ipHmac) {
}
