package dev.analytics.command.cad;

import java.util.Map;

/** The body of {@code POST /track/cad-event}. */
record CadEventRequest(String eventId, String kind, String prompt, Long durationMs, String error, String model,
                       Map<String, Object> metadata) {
}
