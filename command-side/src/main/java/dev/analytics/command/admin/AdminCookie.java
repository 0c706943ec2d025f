package dev.analytics.command.admin;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The {@code admin_session} cookie: {@code HttpOnly; Secure; SameSite=Strict; Path=/}. {@code Secure} is dropped only
 * when the operator sets {@code ANALYTICS_INSECURE_COOKIES=true}, for plain HTTP on a LAN address.
 */
@Component
class AdminCookie {

    static final String NAME = "admin_session";
    private static final Logger log = LoggerFactory.getLogger(AdminCookie.class);

    private final boolean secure;

    AdminCookie(@Value("${analytics.insecure-cookies:false}") boolean insecure) {
        this.secure = !insecure;
        if (insecure) {
            log.warn("ANALYTICS_INSECURE_COOKIES=true: session cookies are sent without Secure, so anyone on the "
                    + "network path can read them. Use this only on a trusted LAN; put HTTPS in front otherwise.");
        }
    }

    String set(String token, Duration maxAge) {
        return ResponseCookie.from(NAME, token)
                .httpOnly(true).secure(secure).sameSite("Strict").path("/").maxAge(maxAge)
                .build().toString();
    }

    String clear() {
        return set("", Duration.ZERO);
    }

    static String read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (NAME.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
