package dev.analytics.command.admin;

import dev.analytics.command.web.ClientIpResolver;
import dev.analytics.command.web.IpFingerprint;
import dev.analytics.events.AdminActor;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/** Who an admin request comes from, for the audit trail: the admin, and a fingerprint of the client IP. */
@Component
class AdminActors {

    static final String ADMIN = "admin";

    private final ClientIpResolver clientIp;
    private final IpFingerprint fingerprint;

    AdminActors(ClientIpResolver clientIp, IpFingerprint fingerprint) {
        this.clientIp = clientIp;
        this.fingerprint = fingerprint;
    }

    AdminActor of(HttpServletRequest request) {
        return new AdminActor(ADMIN, ipHmac(request));
    }

    String ipHmac(HttpServletRequest request) {
        return fingerprint.of(clientIp.resolve(request));
    }
}
