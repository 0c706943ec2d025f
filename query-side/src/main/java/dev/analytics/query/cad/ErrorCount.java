package dev.analytics.query.cad;

/** How often failed generations reported one error text. */
public record ErrorCount(String error, long count) {
}
