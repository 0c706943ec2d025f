package dev.analytics.command.admin;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Set;

/**
 * The admin password ({@code ADMIN_PASSWORD}). Start-up stops when it is missing, shorter than 12 characters, or a
 * known placeholder. Only its SHA-256 digest is kept, and attempts are compared digest to digest in constant time.
 */
@Component
class AdminPassword {

    static final int MIN_LENGTH = 12;
    /** Placeholders copied from examples and templates, compared without case, spaces or punctuation. */
    private static final Set<String> PLACEHOLDERS = Set.of(
            "yoursecurepassword", "yourpassword", "yourpasswordhere", "yoursecretpassword", "changeme", "changeit",
            "changethis", "changethispassword", "password", "password123", "passw0rd", "admin", "adminadmin",
            "administrator", "adminpassword", "secret", "secretpassword", "letmein", "qwerty", "123456789012",
            "replaceme", "placeholder", "examplepassword", "mysecretpassword", "supersecretpassword");

    private final byte[] digest;

    AdminPassword(@Value("${analytics.admin.password:}") String password) {
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("ADMIN_PASSWORD is not set. Set it to a password of at least "
                    + MIN_LENGTH + " characters, for example: export ADMIN_PASSWORD=\"$(openssl rand -base64 18)\"");
        }
        if (password.length() < MIN_LENGTH) {
            throw new IllegalStateException("ADMIN_PASSWORD is too short: use at least " + MIN_LENGTH + " characters");
        }
        if (isPlaceholder(password)) {
            throw new IllegalStateException("ADMIN_PASSWORD is a well-known placeholder; choose a real password");
        }
        this.digest = sha256(password);
    }

    static boolean isPlaceholder(String password) {
        String normalised = password.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return PLACEHOLDERS.contains(normalised) || normalised.chars().distinct().count() <= 2;
    }

    boolean matches(String attempt) {
        return attempt != null && MessageDigest.isEqual(digest, sha256(attempt));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "AdminPassword[redacted]";
    }
}
