package dev.analytics.query.pageview;

import dev.analytics.events.PageViewRecorded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Builds {@code page_views}: one row per {@link PageViewRecorded}, keyed by the event's id, so that applying an event
 * twice changes nothing.
 *
 * <p>Each row's {@code visitor_id} is who the visitor is for the statistics. Usually that is the day's visitor hash.
 * When a page view just after midnight carries the previous day's hash too, and that hash was seen in the last 30
 * minutes, the visit is continuing: the new hash is linked to the earlier visitor in {@code visitor_links}, and every
 * page view under the new hash that day counts as that visitor.
 */
@Component
@ProcessingGroup(PageViewProjection.PROCESSING_GROUP)
class PageViewProjection {

    static final String PROCESSING_GROUP = "page-views";

    private final JdbcTemplate jdbc;

    PageViewProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PageViewRecorded event, @MessageIdentifier String eventId) {
        Timestamp at = Timestamp.from(event.occurredAt());
        if (event.previousDayVisitorHash() != null) {
            jdbc.update("""
                    INSERT INTO visitor_links (visitor_hash, visitor_id)
                    SELECT ?, visitor_id FROM page_views
                     WHERE visitor_hash = ? AND occurred_at >= CAST(? AS timestamptz) - INTERVAL '30 minutes'
                       AND occurred_at <= ?
                     ORDER BY occurred_at LIMIT 1
                    ON CONFLICT (visitor_hash) DO NOTHING""",
                    event.visitorHash(), event.previousDayVisitorHash(), at, at);
        }
        jdbc.update("""
                INSERT INTO page_views (event_id, site, host, path, utm_source, utm_medium, utm_campaign, utm_term,
                                        utm_content, referrer, referrer_host, title, screen_width, browser,
                                        visitor_hash, visitor_id, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                        COALESCE((SELECT visitor_id FROM visitor_links WHERE visitor_hash = ?), ?), ?)
                ON CONFLICT (event_id) DO NOTHING""",
                eventId, event.site(), event.host(), event.path(), event.utmSource(), event.utmMedium(),
                event.utmCampaign(), event.utmTerm(), event.utmContent(), event.referrer(), event.referrerHost(),
                event.title(), event.screenWidth(), event.browser(), event.visitorHash(),
                event.visitorHash(), event.visitorHash(), at);
    }
}
