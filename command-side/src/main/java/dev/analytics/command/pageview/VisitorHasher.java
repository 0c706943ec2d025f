package dev.analytics.command.pageview;

import dev.analytics.command.secret.ServiceSecret;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Turns a visitor into a hash that counts unique visitors without cookies and without keeping IP addresses.
 *
 * <p>The hash is an HMAC, keyed with {@code SECRET_KEY}, of the UTC day's random salt, the site, the IP (IPv6 cut to
 * its /64, since one device rotates through its prefix) and the user agent. Salts live in {@code visitor_salts}, are
 * created on first use with {@code ON CONFLICT DO NOTHING} so that instances agree, and are deleted after 48 hours:
 * from then on that day's hashes cannot be recomputed from anyone's IP.
 *
 * <p>Shortly after midnight the hash under the previous day's salt is also given, so that the projection can keep a
 * visit that crosses midnight as one visitor.
 */
@Component
class VisitorHasher {

    /** How long after midnight a visit may still be continuing from the day before. */
    static final Duration MIDNIGHT_GRACE = Duration.ofMinutes(30);

    record VisitorHashes(String today, String previousDay) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final byte[] key;
    private final ConcurrentMap<LocalDate, byte[]> salts = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    VisitorHasher(JdbcTemplate jdbc, Clock clock, ServiceSecret secret) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.key = secret.key();
    }

    VisitorHashes hash(Instant at, String site, InetAddress ip, String userAgent) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        String today = hash(salt(day), site, ip, userAgent);
        boolean justAfterMidnight = at.isBefore(day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(MIDNIGHT_GRACE));
        String previous = justAfterMidnight ? hash(salt(day.minusDays(1)), site, ip, userAgent) : null;
        return new VisitorHashes(today, previous);
    }

    private String hash(byte[] salt, String site, InetAddress ip, String userAgent) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(salt);
            mac.update((byte) 0);
            mac.update(site.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(network(ip));
            mac.update((byte) 0);
            mac.update((userAgent == null ? "" : userAgent).getBytes(StandardCharsets.UTF_8));
            // 128 bits: plenty to keep visitors apart, and no more of the input than needed.
            return HexFormat.of().formatHex(Arrays.copyOf(mac.doFinal(), 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The address as bytes; for IPv6 only its /64 network. */
    static byte[] network(InetAddress ip) {
        if (ip == null) {
            return new byte[0];
        }
        byte[] bytes = ip.getAddress();
        return ip instanceof Inet6Address ? Arrays.copyOf(bytes, 8) : bytes;
    }

    private byte[] salt(LocalDate day) {
        return salts.computeIfAbsent(day, d -> {
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            jdbc.update("INSERT INTO visitor_salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING", d, fresh);
            return jdbc.queryForObject("SELECT salt FROM visitor_salts WHERE day = ?", byte[].class, d);
        });
    }

    /** Keeps only today's and yesterday's salts: a salt lives 48 hours from the start of its day. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void deleteExpiredSalts() {
        LocalDate oldestKept = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);
        jdbc.update("DELETE FROM visitor_salts WHERE day < ?", oldestKept);
        salts.keySet().removeIf(day -> day.isBefore(oldestKept));
    }
}
