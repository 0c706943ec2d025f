package dev.analytics.query.cad;

import java.util.List;

/** The body of {@code GET /admin/cad-events}: one page of events, and the summary of every event the filter matches. */
record CadEventPage(List<CadEvent> items, int page, int size, long total, GenerationSummary summary) {
}
