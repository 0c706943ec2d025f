package dev.analytics.command.web;

import dev.analytics.command.secret.ServiceSecret;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An HMAC of an IP address, keyed with the service secret: the same address always gives the same fingerprint, so the
 * audit trail can show that two actions came from one place, but the address cannot be read back from it.
 */
@Component
public class IpFingerprint {

    private final SecretKeySpec key;

    IpFingerprint(ServiceSecret secret) {
        this.key = new SecretKeySpec(secret.key(), "HmacSHA256");
    }

    public String of(InetAddress ip) {
        return hmac("ip:", ip == null ? new byte[0] : ip.getAddress());
    }

    /** The fingerprint of the address's network: IPv6 cut to its /64, which one device rotates through. */
    public String ofNetwork(InetAddress ip) {
        byte[] bytes = ip == null ? new byte[0] : ip.getAddress();
        return hmac("net:", ip instanceof java.net.Inet6Address ? Arrays.copyOf(bytes, 8) : bytes);
    }

    /** A fingerprint of any other identifier, such as a user id used as a rate-limit key. */
    public String ofText(String text) {
        return hmac("text:", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private String hmac(String purpose, byte[] value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            mac.update(value);
            return HexFormat.of().formatHex(Arrays.copyOf(mac.doFinal(), 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
