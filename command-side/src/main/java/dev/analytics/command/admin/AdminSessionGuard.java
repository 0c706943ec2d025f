package dev.analytics.command.admin;

import dev.analytics.command.web.ApiError;
import dev.analytics.command.web.AppOrigins;
import dev.analytics.events.AdminActor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards the admin API, in whichever role serves it: every {@code /admin/**} handler but sign-in needs a live admin
 * session, and every state-changing admin request also needs a same-origin {@code Origin} (or, without one, a
 * {@code Sec-Fetch-Site} that is not {@code cross-site}) and the session's CSRF token in {@code X-CSRF-Token}.
 *
 * <p>It is a Spring MVC interceptor, not a servlet filter, so that it matches the very path the handler was chosen
 * by: decoded, normalised and without {@code ;} parameters. A filter comparing the raw URI can be walked around
 * with {@code /%61dmin/stats} or {@code /admin;x/stats}.
 */
@Component
public class AdminSessionGuard implements HandlerInterceptor, WebMvcConfigurer {

    /** The request attribute that holds the {@link AdminSessions.AdminSession} of a signed-in admin. */
    public static final String SESSION_ATTRIBUTE = "dev.analytics.adminSession";

    private final AdminSessions sessions;
    private final AdminActors actors;

    AdminSessionGuard(AdminSessions sessions, AdminActors actors) {
        this.sessions = sessions;
        this.actors = actors;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // The dashboard page and its files are public: the page shows a login form until signed in. Everything
        // else under /admin (which /admin/** also matches) is the API and is guarded.
        registry.addInterceptor(this).addPathPatterns("/admin/**")
                .excludePathPatterns("/admin", "/admin/", "/admin/assets/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        boolean stateChanging = !HttpMethod.GET.matches(request.getMethod())
                && !HttpMethod.HEAD.matches(request.getMethod()) && !HttpMethod.OPTIONS.matches(request.getMethod());
        if (stateChanging && !AppOrigins.sameOrigin(request)) {
            throw new ApiError(HttpStatus.FORBIDDEN, "origin_not_allowed",
                    "Admin requests must come from the dashboard's own origin", null);
        }
        if (isLogin(request)) {
            return true;
        }
        Optional<AdminSessions.AdminSession> session = sessions.find(AdminCookie.read(request));
        if (session.isEmpty()) {
            throw new ApiError(HttpStatus.UNAUTHORIZED, "unauthorized", "Sign in at POST /admin/login first", null);
        }
        if (stateChanging && !csrfMatches(request.getHeader("X-CSRF-Token"), session.get().csrfToken())) {
            throw new ApiError(HttpStatus.FORBIDDEN, "csrf_invalid",
                    "X-CSRF-Token is missing or does not match this session", null);
        }
        request.setAttribute(SESSION_ATTRIBUTE, session.get());
        if (stateChanging) {
            request.setAttribute(AdminActor.REQUEST_ATTRIBUTE, actors.of(request));
        }
        return true;
    }

    private static boolean isLogin(HttpServletRequest request) {
        Object pattern = request.getAttribute(org.springframework.web.servlet.HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return "/admin/login".equals(String.valueOf(pattern));
    }

    private static boolean csrfMatches(String sent, String expected) {
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
