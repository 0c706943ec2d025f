package dev.analytics.query.cad;

import dev.analytics.query.web.QueryParameters;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Which CAD events a query is about; every part is optional. The range is [from, to); {@code promptText} matches
 * prompts that contain it, ignoring case, with {@code %} and {@code _} taken literally.
 */
record CadEventFilter(String userId, String kind, Instant from, Instant to, String promptText) {

    static CadEventFilter between(Instant from, Instant to) {
        return new CadEventFilter(null, null, from, to, null);
    }

    /** A {@code WHERE} clause, empty when nothing is filtered: fixed SQL, with every value a bound argument. */
    Condition condition() {
        List<String> parts = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (userId != null) {
            parts.add("user_id = ?");
            args.add(userId);
        }
        if (kind != null) {
            parts.add("kind = ?");
            args.add(kind);
        }
        if (from != null) {
            parts.add("occurred_at >= ?");
            args.add(from.atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            parts.add("occurred_at < ?");
            args.add(to.atOffset(ZoneOffset.UTC));
        }
        if (promptText != null) {
            parts.add("prompt ILIKE ? ESCAPE '\\'");
            args.add(QueryParameters.containing(promptText));
        }
        return new Condition(parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts), args);
    }

    record Condition(String where, List<Object> args) {
    }
}
