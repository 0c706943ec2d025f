package dev.analytics.command.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Rate limits ({@code analytics.rate-limits.*}). The defaults are far above what a real visitor, CAD user or admin
 * does, and far below what a flood needs.
 *
 * @param enabled            off only for the benchmark's baseline; never in production
 * @param pageView           page views per IP
 * @param createSession      new sessions (so new users with fresh quotas) per IP
 * @param adminLogin         admin sign-in attempts per IP, counted before the password is checked
 * @param cadEvent           CAD events per user
 * @param incrementCount     generation counts per user
 * @param syncShare          for the high-volume routes, the share of a limit an instance may admit before it syncs
 *                           with the shared state in the database; bounds over-admission across instances
 * @param cleanupInterval    how often expired rows are removed from {@code rate_limits}
 * @param keepAfterRefill    how long a bucket's row outlives the moment it would be full again
 */
@ConfigurationProperties("analytics.rate-limits")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        Limit pageView,
        Limit createSession,
        Limit adminLogin,
        Limit cadEvent,
        Limit incrementCount,
        @DefaultValue("0.04") double syncShare,
        @DefaultValue("1m") Duration cleanupInterval,
        @DefaultValue("1m") Duration keepAfterRefill) {

    public RateLimitProperties {
        pageView = pageView != null ? pageView : new Limit(600, Duration.ofMinutes(1));
        createSession = createSession != null ? createSession : new Limit(20, Duration.ofHours(1));
        adminLogin = adminLogin != null ? adminLogin : new Limit(10, Duration.ofMinutes(15));
        cadEvent = cadEvent != null ? cadEvent : new Limit(600, Duration.ofMinutes(1));
        incrementCount = incrementCount != null ? incrementCount : new Limit(120, Duration.ofMinutes(1));
        if (syncShare < 0 || syncShare > 0.1) {
            throw new IllegalArgumentException("analytics.rate-limits.sync-share must be between 0 and 0.1");
        }
    }

    /** {@code capacity} requests per {@code period}, refilled gradually. */
    public record Limit(@DefaultValue("60") long capacity, @DefaultValue("1m") Duration period) {
        public Limit {
            if (capacity < 1 || period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("A rate limit needs a capacity of at least 1 and a positive period");
            }
        }
    }
}
