package dev.analytics.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A page view accepted from {@code tracking.js} or a direct {@code POST /track/pageview}.
 *
 * <p>Page views are high-volume facts without an aggregate. The message identifier is the page view's id: derived from
 * the client's event id when one was sent, so that a retried request is recognised as the same page view.
 *
 * <p>The event never holds a raw IP address. {@code visitorHash} is a keyed hash of the day's salt, the site, the
 * client's IP (IPv6 cut to its /64) and its user agent. {@code previousDayVisitorHash} is the same hash under the
 * previous day's salt; it is only set shortly after midnight (UTC), so that a visit that crosses midnight can be
 * recognised as one visitor without linking a visitor's separate days.
 *
 * @param site                   the configured site the page belongs to
 * @param host                   the page's host, lower case
 * @param path                   the decoded path, normalised to NFC
 * @param utmSource              {@code utm_source} of the page URL, if any
 * @param utmMedium              {@code utm_medium}, if any
 * @param utmCampaign            {@code utm_campaign}, if any
 * @param utmTerm                {@code utm_term}, if any
 * @param utmContent             {@code utm_content}, if any
 * @param referrer               the external referrer without its query string, if any
 * @param referrerHost           the referrer's host, if any
 * @param title                  the document title, if sent
 * @param screenWidth            the screen width in CSS pixels, if sent
 * @param browser                the browser family derived from the user agent
 * @param visitorHash            the visitor's hash under today's salt
 * @param previousDayVisitorHash the visitor's hash under yesterday's salt, or null
 * @param occurredAt             when the page view was received, from the service's clock
 */
@Revision("1")
public record PageViewRecorded(
        String site,
        String host,
        String path,
        String utmSource,
        String utmMedium,
        String utmCampaign,
        String utmTerm,
        String utmContent,
        String referrer,
        String referrerHost,
        String title,
        Integer screenWidth,
        String browser,
        String visitorHash,
        String previousDayVisitorHash,
        Instant occurredAt) {
}
