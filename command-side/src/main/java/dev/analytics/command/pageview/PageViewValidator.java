package dev.analytics.command.pageview;

import dev.analytics.command.web.ApiError;
import dev.analytics.command.web.UserText;
import dev.analytics.events.PageViewRecorded;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks a page-view request and turns it into a {@link PageViewRecorded} event, or refuses it with a {@code 4xx}.
 */
@Component
class PageViewValidator {

    static final int MAX_URL = 2_000;
    static final int MAX_TITLE = 500;
    static final int MAX_UTM = 200;
    static final int MAX_SCREEN_WIDTH = 100_000;
    /** The longest DNS name. */
    static final int MAX_HOST = 253;
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** An accepted page view: its message identifier and its event. */
    record AcceptedPageView(String id, PageViewRecorded event) {
    }

    private final TrackedSites sites;
    private final VisitorHasher visitors;

    PageViewValidator(TrackedSites sites, VisitorHasher visitors) {
        this.sites = sites;
        this.visitors = visitors;
    }

    AcceptedPageView accept(PageViewRequest request, InetAddress clientIp, String userAgent, Instant now) {
        String site = required(request.site(), "site", 64);
        TrackedSites.Site config = sites.site(site)
                .orElseThrow(() -> ApiError.invalidField("site", "Unknown site: configure it under analytics.sites"));
        URI url = httpUrl(required(request.url(), "url", MAX_URL), "url");
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (!config.hosts().contains(host)) {
            throw new ApiError(HttpStatus.FORBIDDEN, "host_not_allowed",
                    "This site may not be tracked on the URL's host", "url");
        }
        String eventId = optional(request.eventId(), "eventId", 128);
        if (eventId != null && !EVENT_ID.matcher(eventId).matches()) {
            throw ApiError.invalidField("eventId", "eventId may only hold letters, digits and . _ : -");
        }
        String title = optional(request.title(), "title", MAX_TITLE);
        Integer screenWidth = request.screenWidth();
        if (screenWidth != null && (screenWidth < 0 || screenWidth > MAX_SCREEN_WIDTH)) {
            throw ApiError.invalidField("screenWidth", "screenWidth must be between 0 and " + MAX_SCREEN_WIDTH);
        }
        URI referrer = externalReferrer(optional(request.referrer(), "referrer", MAX_URL), host);
        Map<String, String> utm = utmParameters(url);
        VisitorHasher.VisitorHashes visitor = visitors.hash(now, site, clientIp, userAgent);

        PageViewRecorded event = new PageViewRecorded(
                site,
                host,
                path(url),
                utm.get("utm_source"), utm.get("utm_medium"), utm.get("utm_campaign"), utm.get("utm_term"),
                utm.get("utm_content"),
                referrer == null ? null : withoutQuery(referrer),
                referrer == null ? null : referrer.getHost().toLowerCase(Locale.ROOT),
                title,
                screenWidth,
                BrowserFamily.of(userAgent).label(),
                visitor.today(),
                visitor.previousDay(),
                now);
        String id = eventId == null
                ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes(("pageview\0" + site + "\0" + eventId).getBytes(StandardCharsets.UTF_8)).toString();
        return new AcceptedPageView(id, event);
    }

    private static String required(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw ApiError.invalidField(field, field + " is required");
        }
        return optional(value, field, maxLength);
    }

    private static String optional(String value, String field, int maxLength) {
        return value == null || value.isEmpty() ? null : UserText.check(value, field, maxLength);
    }

    private static URI httpUrl(String value, String field) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw ApiError.invalidField(field, field + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getHost().length() > MAX_HOST || uri.getPort() > 65_535) {
            throw ApiError.invalidField(field, field + " must be an absolute http or https URL");
        }
        return uri;
    }

    /** The referrer, unless it is missing, not an http(s) URL (such as an app link), or the page's own host. */
    private static URI externalReferrer(String value, String pageHost) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = httpUrl(value, "referrer");
            return uri.getHost().equalsIgnoreCase(pageHost) ? null : uri;
        } catch (ApiError notHttp) {
            return null;
        }
    }

    /** The decoded path in NFC, so that one page has one path however the browser encoded it. */
    private static String path(URI url) {
        String path = url.getPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        return UserText.check(Normalizer.normalize(path, Normalizer.Form.NFC), "url", MAX_URL);
    }

    /** Scheme, host, port and path: never the query, nor credentials a referrer may carry before its host. */
    private static String withoutQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port + path;
    }

    private static Map<String, String> utmParameters(URI url) {
        Map<String, String> utm = new HashMap<>();
        if (url.getRawQuery() == null) {
            return utm;
        }
        for (String pair : url.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq);
            if (name.startsWith("utm_")) {
                String value;
                try {
                    value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    continue;
                }
                value = Normalizer.normalize(value, Normalizer.Form.NFC).replace("\0", "");
                utm.putIfAbsent(name, value.length() > MAX_UTM ? value.substring(0, MAX_UTM) : value);
            }
        }
        return utm;
    }
}
