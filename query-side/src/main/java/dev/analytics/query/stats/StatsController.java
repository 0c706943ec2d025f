package dev.analytics.query.stats;

import dev.analytics.query.web.InvalidParameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.regex.Pattern;

/**
 * {@code GET /admin/stats}: page views, unique visitors, a time series bucketed in the caller's time zone, top pages
 * and top referrers, and how CAD generations went in the same range. The admin session is checked before this runs.
 */
@RestController
class StatsController {

    private static final Pattern SITE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final StatsQuery query;
    private final Clock clock;

    StatsController(StatsQuery query, Clock clock) {
        this.query = query;
        this.clock = clock;
    }

    @GetMapping("/admin/stats")
    Stats stats(@RequestParam(required = false) String site,
                @RequestParam(required = false) String from,
                @RequestParam(required = false) String to,
                @RequestParam(required = false) String tz,
                @RequestParam(required = false) String interval) {
        if (site != null && !SITE.matcher(site).matches()) {
            throw new InvalidParameter("site", "site must be one site name: letters, digits, - and _");
        }
        StatsRange range = StatsRange.parse(from, to, tz, interval, clock.instant());
        return query.stats(site, range);
    }
}
