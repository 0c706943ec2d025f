package dev.analytics.query.cad;

import dev.analytics.events.CadEventRecorded;
import dev.analytics.query.web.InvalidParameter;
import dev.analytics.query.web.Paging;
import dev.analytics.query.web.QueryParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.TreeSet;

/**
 * {@code GET /admin/cad-events}: the generation history, newest first, filtered by user, kind, time range and text
 * in the prompt, with a summary of everything the filter matches. The admin session is checked before this runs.
 */
@RestController
class CadEventHistoryController {

    static final int MAX_SEARCH_LENGTH = 200;
    static final int MAX_USER_ID_LENGTH = 255;

    private final CadEventQuery query;

    CadEventHistoryController(CadEventQuery query) {
        this.query = query;
    }

    /** {@code from} and {@code to} are ISO-8601; a date without an offset is read in UTC. */
    @GetMapping("/admin/cad-events")
    CadEventPage cadEvents(@RequestParam(required = false) String userId,
                           @RequestParam(required = false) String kind,
                           @RequestParam(required = false) String from,
                           @RequestParam(required = false) String to,
                           @RequestParam(required = false) String q,
                           @RequestParam(required = false) Integer page,
                           @RequestParam(required = false) Integer size) {
        String user = QueryParameters.optionalText(userId, "userId", MAX_USER_ID_LENGTH);
        String kindName = QueryParameters.optionalText(kind, "kind", 64);
        if (kindName != null && !CadEventRecorded.KINDS.contains(kindName)) {
            throw new InvalidParameter("kind", "kind must be one of " + new TreeSet<>(CadEventRecorded.KINDS));
        }
        Instant start = QueryParameters.optionalInstant(from, ZoneOffset.UTC, "from");
        Instant end = QueryParameters.optionalInstant(to, ZoneOffset.UTC, "to");
        if (start != null && end != null && !start.isBefore(end)) {
            throw new InvalidParameter("from", "from must be before to");
        }
        String promptText = QueryParameters.optionalText(q, "q", MAX_SEARCH_LENGTH);
        return query.find(new CadEventFilter(user, kindName, start, end, promptText), Paging.of(page, size));
    }
}
