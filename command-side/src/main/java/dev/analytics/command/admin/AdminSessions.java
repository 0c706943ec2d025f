package dev.analytics.command.admin;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Admin sign-ins, kept in {@code admin_sessions} so that every instance and role sees them. A session ends 12 hours
 * after sign-in, after 30 minutes without a request, or at logout. The cookie holds a 256-bit random token; the table
 * holds only its SHA-256.
 */
@Component
public class AdminSessions {

    /** A signed-in admin: the session's CSRF token, and when the session ends at the latest. */
    public record AdminSession(String tokenHash, String csrfToken, Instant expiresAt) {
    }

    /** A new session: the token for the cookie, and the session. */
    record NewSession(String token, AdminSession session) {
    }

    /** last_seen_at is written at most this often, so that reads do not turn into writes. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration lifetime;
    private final Duration idleTimeout;
    private final SecureRandom random = new SecureRandom();

    AdminSessions(JdbcTemplate jdbc, Clock clock,
                  @Value("${analytics.admin.session-lifetime:12h}") Duration lifetime,
                  @Value("${analytics.admin.session-idle-timeout:30m}") Duration idleTimeout) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.lifetime = lifetime;
        this.idleTimeout = idleTimeout;
    }

    Duration lifetime() {
        return lifetime;
    }

    NewSession create() {
        Instant now = clock.instant();
        String token = randomToken();
        AdminSession session = new AdminSession(hash(token), randomToken(), now.plus(lifetime));
        jdbc.update("INSERT INTO admin_sessions (token_hash, csrf_token, created_at, last_seen_at, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?)",
                session.tokenHash(), session.csrfToken(), Timestamp.from(now), Timestamp.from(now),
                Timestamp.from(session.expiresAt()));
        return new NewSession(token, session);
    }

    /** The live session for a cookie token, if any; counts as activity for the idle timeout. */
    public Optional<AdminSession> find(String token) {
        if (token == null || token.length() != 43) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String tokenHash = hash(token);
        return jdbc.query("SELECT csrf_token, last_seen_at, expires_at FROM admin_sessions WHERE token_hash = ?",
                rs -> {
                    if (!rs.next()) {
                        return Optional.<AdminSession>empty();
                    }
                    Instant lastSeen = rs.getTimestamp("last_seen_at").toInstant();
                    Instant expires = rs.getTimestamp("expires_at").toInstant();
                    if (!now.isBefore(expires) || !now.isBefore(lastSeen.plus(idleTimeout))) {
                        return Optional.<AdminSession>empty();
                    }
                    if (now.isAfter(lastSeen.plus(TOUCH_INTERVAL))) {
                        jdbc.update("UPDATE admin_sessions SET last_seen_at = ? WHERE token_hash = ?",
                                Timestamp.from(now), tokenHash);
                    }
                    return Optional.of(new AdminSession(tokenHash, rs.getString("csrf_token"), expires));
                }, tokenHash);
    }

    void delete(AdminSession session) {
        jdbc.update("DELETE FROM admin_sessions WHERE token_hash = ?", session.tokenHash());
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void deleteExpired() {
        Instant now = clock.instant();
        jdbc.update("DELETE FROM admin_sessions WHERE expires_at <= ? OR last_seen_at <= ?",
                Timestamp.from(now), Timestamp.from(now.minus(idleTimeout)));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        return HexFormat.of().formatHex(AdminPassword.sha256(token));
    }
}
