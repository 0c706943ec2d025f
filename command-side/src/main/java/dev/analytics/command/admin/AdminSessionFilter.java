package dev.analytics.command.admin;

import dev.analytics.command.web.ApiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards the admin API, in whichever role serves it: every {@code /admin/...} path but sign-in and the dashboard's
 * static files needs a live admin session, and every state-changing admin request also needs the session's CSRF token
 * in {@code X-CSRF-Token} and a same-origin {@code Origin} (or, without one, a {@code Sec-Fetch-Site} that is not
 * {@code cross-site}).
 */
@Component
public class AdminSessionFilter extends OncePerRequestFilter {

    /** The request attribute that holds the {@link AdminSessions.AdminSession} of a signed-in admin. */
    public static final String SESSION_ATTRIBUTE = "dev.analytics.adminSession";

    private final AdminSessions sessions;
    private final HandlerExceptionResolver errors;

    AdminSessionFilter(AdminSessions sessions, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        this.sessions = sessions;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/admin/") || path.startsWith("/admin/assets/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean stateChanging = !HttpMethod.GET.matches(request.getMethod())
                && !HttpMethod.HEAD.matches(request.getMethod()) && !HttpMethod.OPTIONS.matches(request.getMethod());
        if (stateChanging && !sameOrigin(request)) {
            refuse(request, response, new ApiError(HttpStatus.FORBIDDEN, "origin_not_allowed",
                    "Admin requests must come from the dashboard's own origin", null));
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/admin/login")) {
            chain.doFilter(request, response);
            return;
        }
        Optional<AdminSessions.AdminSession> session = sessions.find(AdminCookie.read(request));
        if (session.isEmpty()) {
            refuse(request, response, new ApiError(HttpStatus.UNAUTHORIZED, "unauthorized",
                    "Sign in at POST /admin/login first", null));
            return;
        }
        if (stateChanging && !csrfMatches(request.getHeader("X-CSRF-Token"), session.get().csrfToken())) {
            refuse(request, response, new ApiError(HttpStatus.FORBIDDEN, "csrf_invalid",
                    "X-CSRF-Token is missing or does not match this session", null));
            return;
        }
        request.setAttribute(SESSION_ATTRIBUTE, session.get());
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, ApiError error) {
        errors.resolveException(request, response, null, error);
    }

    private static boolean csrfMatches(String sent, String expected) {
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    /** Origin must name this host; without Origin, Sec-Fetch-Site must not say the request is cross-site. */
    static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return !"cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"));
        }
        String host = request.getHeader("Host");
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            return host != null && authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
