package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

/**
 * Something happened in a user's CAD generation: {@code kind} is one of {@link #KINDS}. The prompt is stored exactly as
 * sent. Like page views these are high-volume facts without an aggregate; the message identifier derives from the
 * client's event id, so a retry is a no-op.
 */
@Revision("1")
public record CadEventRecorded(String userId, String kind, String prompt, Long durationMs, String error, String model,
                               Map<String, Object> metadata, Instant occurredAt) {

    public static final java.util.Set<String> KINDS = java.util.Set.of(
            "generation_started", "generation_succeeded", "generation_failed", "model_downloaded", "model_viewed");
}
