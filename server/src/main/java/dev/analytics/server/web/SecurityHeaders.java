package dev.analytics.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Headers every answer carries, and the strict ones the admin pages and API carry: a Content-Security-Policy that
 * allows no inline script and no framing, and no caching of admin data.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class SecurityHeaders extends OncePerRequestFilter {

    static final String ADMIN_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final boolean adminCsp;

    /**
     * @param adminCsp {@code analytics.http.admin-csp}, true unless a test turns it off to prove that the dashboard
     *                 renders stored text as text on its own, not only because the policy blocks what would run
     */
    SecurityHeaders(@Value("${analytics.http.admin-csp:true}") boolean adminCsp) {
        this.adminCsp = adminCsp;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        String path = request.getRequestURI();
        if (path.equals("/admin") || path.startsWith("/admin/")) {
            if (adminCsp) {
                response.setHeader("Content-Security-Policy", ADMIN_CSP);
            }
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("Referrer-Policy", "no-referrer");
            if (!path.startsWith("/admin/assets/")) {
                response.setHeader("Cache-Control", "no-store");
            }
        }
        chain.doFilter(request, response);
    }
}
