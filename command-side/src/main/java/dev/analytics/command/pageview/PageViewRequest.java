package dev.analytics.command.pageview;

/**
 * The body of {@code POST /track/pageview}, as sent by {@code tracking.js}.
 *
 * @param site        a configured site name
 * @param url         the page's absolute http(s) URL
 * @param referrer    {@code document.referrer}, if any
 * @param title       the document title, if any
 * @param screenWidth the screen width in CSS pixels, if any
 * @param eventId     the client's id for this page view: a retry with the same id is a no-op
 */
record PageViewRequest(String site, String url, String referrer, String title, Integer screenWidth, String eventId) {
}
