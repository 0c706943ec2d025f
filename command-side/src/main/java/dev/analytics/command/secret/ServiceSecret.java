package dev.analytics.command.secret;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The service's secret key ({@code SECRET_KEY}), which keys every HMAC the service computes.
 *
 * <p>There is no built-in default. When the operator sets one, it must be at least 32 bytes. When unset, one is
 * generated at first start and kept in {@code service_secrets}; the insert does nothing if another instance got there
 * first, and the stored value is read back, so instances starting together agree.
 */
@Component
public class ServiceSecret {

    private static final Logger log = LoggerFactory.getLogger(ServiceSecret.class);
    static final int MIN_BYTES = 32;

    private final byte[] key;

    public ServiceSecret(@Value("${analytics.secret-key:}") String configured, JdbcTemplate jdbc) {
        if (!configured.isEmpty()) {
            byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_BYTES) {
                throw new IllegalStateException("SECRET_KEY must be at least " + MIN_BYTES + " bytes long (it has "
                        + bytes.length + "). Generate one with: openssl rand -base64 48");
            }
            this.key = bytes;
            return;
        }
        byte[] generated = new byte[48];
        new SecureRandom().nextBytes(generated);
        int inserted = jdbc.update(
                "INSERT INTO service_secrets (name, value) VALUES ('secret_key', ?) ON CONFLICT (name) DO NOTHING",
                (Object) generated);
        if (inserted == 1) {
            log.info("SECRET_KEY is not set: generated one and stored it in the database");
        }
        this.key = jdbc.queryForObject("SELECT value FROM service_secrets WHERE name = 'secret_key'", byte[].class);
    }

    /** A copy of the key, for keying an HMAC. */
    public byte[] key() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "ServiceSecret[redacted]";
    }
}
