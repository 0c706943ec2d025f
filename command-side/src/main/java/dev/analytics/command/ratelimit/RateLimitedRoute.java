package dev.analytics.command.ratelimit;

import java.util.function.Function;

/** What is limited, and by which key: the client's IP for anonymous routes, the user for signed-in ones. */
public enum RateLimitedRoute {
    PAGE_VIEW("pv", RateLimitProperties::pageView, true),
    CREATE_SESSION("session", RateLimitProperties::createSession, false),
    ADMIN_LOGIN("login", RateLimitProperties::adminLogin, false),
    CAD_EVENT("cad", RateLimitProperties::cadEvent, true),
    INCREMENT_COUNT("count", RateLimitProperties::incrementCount, false);

    final String prefix;
    final Function<RateLimitProperties, RateLimitProperties.Limit> limit;
    /** High-volume routes admit from local allowances synced behind; the others count every request there. */
    final boolean batched;

    RateLimitedRoute(String prefix, Function<RateLimitProperties, RateLimitProperties.Limit> limit, boolean batched) {
        this.prefix = prefix;
        this.limit = limit;
        this.batched = batched;
    }

    static RateLimitedRoute ofKey(String key) {
        String prefix = key.substring(0, key.indexOf(':'));
        for (RateLimitedRoute route : values()) {
            if (route.prefix.equals(prefix)) {
                return route;
            }
        }
        throw new IllegalArgumentException("Not a rate-limit key: " + prefix);
    }
}
