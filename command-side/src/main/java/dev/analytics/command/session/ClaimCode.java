package dev.analytics.command.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A one-time claim code: {@code <userId>.<128 random bits>}. The user id part says which user to load; the random part
 * makes it unguessable. Only the code's SHA-256 is recorded.
 */
public final class ClaimCode {

    private static final Pattern FORMAT = Pattern.compile("([0-9a-f-]{36})\\.[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClaimCode() {
    }

    public static String newCode(String userId) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return userId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static Optional<String> userIdOf(String code) {
        var matcher = FORMAT.matcher(code);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    public static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
