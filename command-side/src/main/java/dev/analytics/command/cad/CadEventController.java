package dev.analytics.command.cad;

import dev.analytics.command.ingest.FactAppender;
import dev.analytics.command.ratelimit.RateLimitedRoute;
import dev.analytics.command.ratelimit.RateLimiter;
import dev.analytics.command.session.ActiveSession;
import dev.analytics.command.session.EndUserSessions;
import dev.analytics.command.web.ApiError;
import dev.analytics.command.web.JsonBody;
import dev.analytics.command.web.UserText;
import dev.analytics.events.CadEventRecorded;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /track/cad-event}: records a step of the signed-in user's CAD generation. The prompt is stored exactly
 * as sent; {@code metadata} is a small flat map of scalars.
 */
@RestController
class CadEventController {

    static final int MAX_PROMPT = 4_000;
    static final int MAX_ERROR = 2_000;
    static final int MAX_MODEL = 100;
    static final long MAX_DURATION_MS = 24L * 60 * 60 * 1000;
    static final int MAX_METADATA_ENTRIES = 20;
    static final int MAX_METADATA_STRING = 500;
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final JsonBody jsonBody;
    private final EndUserSessions sessions;
    private final FactAppender appender;
    private final Clock clock;
    private final RateLimiter rateLimiter;

    CadEventController(JsonBody jsonBody, EndUserSessions sessions, FactAppender appender, Clock clock,
                       RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.jsonBody = jsonBody;
        this.sessions = sessions;
        this.appender = appender;
        this.clock = clock;
    }

    @ResponseStatus(HttpStatus.ACCEPTED) // the answer's status, for the API description
    @PostMapping(path = "/track/cad-event", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> record(@RequestBody byte[] body, HttpServletRequest request) {
        ActiveSession session = sessions.requireForWrite(request);
        rateLimiter.admitUser(RateLimitedRoute.CAD_EVENT, session.userId());
        CadEventRequest event = jsonBody.read(body, CadEventRequest.class);

        if (event.kind() == null || !CadEventRecorded.KINDS.contains(event.kind())) {
            throw ApiError.invalidField("kind", "kind must be one of " + new TreeSet<>(CadEventRecorded.KINDS));
        }
        String eventId = event.eventId();
        if (eventId != null && !EVENT_ID.matcher(eventId).matches()) {
            throw ApiError.invalidField("eventId", "eventId may only hold 1 to 128 letters, digits and . _ : -");
        }
        UserText.check(event.prompt(), "prompt", MAX_PROMPT);
        UserText.check(event.error(), "error", MAX_ERROR);
        UserText.check(event.model(), "model", MAX_MODEL);
        if (event.durationMs() != null && (event.durationMs() < 0 || event.durationMs() > MAX_DURATION_MS)) {
            throw ApiError.invalidField("durationMs", "durationMs must be between 0 and " + MAX_DURATION_MS);
        }
        Map<String, Object> metadata = metadata(event.metadata());

        CadEventRecorded recorded = new CadEventRecorded(session.userId(), event.kind(), event.prompt(),
                event.durationMs(), event.error(), event.model(), metadata, clock.instant());
        String id = eventId == null ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes(("cad\0" + session.userId() + "\0" + eventId)
                        .getBytes(StandardCharsets.UTF_8)).toString();
        appender.appendAndWait(id, recorded);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("status", "accepted"));
    }

    /** A flat map of at most 20 scalars: short keys, strings up to 500 characters, numbers, booleans or null. */
    private static Map<String, Object> metadata(Map<String, Object> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return Map.of();
        }
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw ApiError.invalidField("metadata", "metadata may hold at most " + MAX_METADATA_ENTRIES + " entries");
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (!METADATA_KEY.matcher(key).matches()) {
                throw ApiError.invalidField("metadata", "metadata keys are 1 to 64 of letters, digits and . _ -");
            }
            boolean scalar = value == null || value instanceof Number || value instanceof Boolean
                    || value instanceof String s && s.length() <= MAX_METADATA_STRING && s.indexOf('\0') < 0;
            if (!scalar) {
                throw ApiError.invalidField("metadata", "metadata values must be numbers, booleans, null, or strings"
                        + " of at most " + MAX_METADATA_STRING + " characters without NUL");
            }
            checked.put(key, value);
        });
        return checked;
    }
}
