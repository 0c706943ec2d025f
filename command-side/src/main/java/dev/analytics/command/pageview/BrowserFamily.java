package dev.analytics.command.pageview;

import java.util.Locale;

/** The browser family named by a user agent: coarse on purpose, so that it identifies no one. */
enum BrowserFamily {
    BOT("Bot"), EDGE("Edge"), OPERA("Opera"), SAMSUNG("Samsung Internet"), FIREFOX("Firefox"), CHROME("Chrome"),
    SAFARI("Safari"), OTHER("Other");

    private final String label;

    BrowserFamily(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** Order matters: most browsers claim to be several others (Edge says Chrome and Safari, Chrome says Safari). */
    static BrowserFamily of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return OTHER;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (ua.contains("bot") || ua.contains("crawler") || ua.contains("spider") || ua.contains("curl/")
                || ua.contains("wget/") || ua.contains("python-requests")) {
            return BOT;
        }
        if (ua.contains("edg/") || ua.contains("edga/") || ua.contains("edgios/")) {
            return EDGE;
        }
        if (ua.contains("opr/") || ua.contains("opera")) {
            return OPERA;
        }
        if (ua.contains("samsungbrowser/")) {
            return SAMSUNG;
        }
        if (ua.contains("firefox/") || ua.contains("fxios/")) {
            return FIREFOX;
        }
        if (ua.contains("chrome/") || ua.contains("crios/") || ua.contains("chromium/")) {
            return CHROME;
        }
        if (ua.contains("safari/") && ua.contains("version/")) {
            return SAFARI;
        }
        return OTHER;
    }
}
