package dev.analytics.query.cad;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One CAD event in {@code GET /admin/cad-events}; {@code prompt} is exactly as the CAD app sent it. */
record CadEvent(String id, String userId, String kind, String prompt, Long durationMs, String error, String model,
                JsonNode metadata, Instant occurredAt) {
}
