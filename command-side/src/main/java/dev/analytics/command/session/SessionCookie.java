package dev.analytics.command.session;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The end user's {@code session} cookie: {@code HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age} 7 days. Lax, not
 * Strict, so that the CAD app on a sibling subdomain can use it; cross-site writes are stopped by the CSRF token and
 * the Origin check instead.
 */
@Component
class SessionCookie {

    static final String NAME = "session";

    private final boolean secure;

    SessionCookie(@Value("${analytics.insecure-cookies:false}") boolean insecure) {
        this.secure = !insecure;
    }

    String set(String token) {
        return ResponseCookie.from(NAME, token).httpOnly(true).secure(secure).sameSite("Lax").path("/")
                .maxAge(Session.LIFETIME).build().toString();
    }

    String clear() {
        return ResponseCookie.from(NAME, "").httpOnly(true).secure(secure).sameSite("Lax").path("/")
                .maxAge(0).build().toString();
    }

    static String read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (NAME.equals(cookie.getName()) && cookie.getValue().length() == 43) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }
}
