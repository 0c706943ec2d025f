package dev.analytics.command.session;

import dev.analytics.command.secret.ServiceSecret;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The end-user session's secrets. The cookie holds an opaque 256-bit random token; events and tables only ever see
 * its SHA-256, the session id. The CSRF token is an HMAC of the session id under the service secret, so any instance
 * can check it and nothing needs storing.
 */
@Component
class SessionTokens {

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    SessionTokens(ServiceSecret secret) {
        this.key = new SecretKeySpec(secret.key(), "HmacSHA256");
    }

    String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The session id for a cookie token. */
    static String sessionId(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String csrfToken(String sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(("csrf:" + sessionId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    boolean csrfMatches(String sessionId, String sent) {
        return sent != null && MessageDigest.isEqual(csrfToken(sessionId).getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8));
    }
}
