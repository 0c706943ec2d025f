package dev.analytics.command.admin;

import dev.analytics.command.ingest.FactAppender;
import dev.analytics.command.ratelimit.RateLimitedRoute;
import dev.analytics.command.ratelimit.RateLimiter;
import dev.analytics.command.web.ApiError;
import dev.analytics.events.AdminSignInFailed;
import dev.analytics.events.AdminSignedIn;
import dev.analytics.events.AdminSignedOut;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Admin sign-in, the session's CSRF token after a reload, and sign-out; each sign-in attempt is audited. */
@RestController
class AdminController {

    record LoginRequest(String password) {
    }

    record SessionResponse(String csrfToken, Instant expiresAt) {
    }

    private final AdminPassword password;
    private final AdminSessions sessions;
    private final AdminCookie cookie;
    private final AdminActors actors;
    private final FactAppender audit;
    private final Clock clock;
    private final RateLimiter rateLimiter;

    AdminController(AdminPassword password, AdminSessions sessions, AdminCookie cookie, AdminActors actors,
                    FactAppender audit, Clock clock, RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.password = password;
        this.sessions = sessions;
        this.cookie = cookie;
        this.actors = actors;
        this.audit = audit;
        this.clock = clock;
    }

    @PostMapping(path = "/admin/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SessionResponse> login(@RequestBody LoginRequest request, HttpServletRequest http) {
        // Every attempt takes a token before the password is looked at, so parallel guessing gains nothing.
        rateLimiter.admitIp(RateLimitedRoute.ADMIN_LOGIN, http);
        if (request == null || !password.matches(request.password())) {
            audit.appendAndWait(UUID.randomUUID().toString(), new AdminSignInFailed(actors.ipHmac(http), clock.instant()));
            throw new ApiError(HttpStatus.UNAUTHORIZED, "invalid_credentials", "Wrong password", null);
        }
        sessions.find(AdminCookie.read(http)).ifPresent(sessions::delete);
        AdminSessions.NewSession created = sessions.create();
        audit.appendAndWait(UUID.randomUUID().toString(), new AdminSignedIn(actors.of(http), clock.instant()));
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, cookie.set(created.token(), sessions.lifetime()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new SessionResponse(created.session().csrfToken(), created.session().expiresAt()));
    }

    @GetMapping("/admin/session")
    ResponseEntity<SessionResponse> session(
            @RequestAttribute(AdminSessionGuard.SESSION_ATTRIBUTE) AdminSessions.AdminSession session) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new SessionResponse(session.csrfToken(), session.expiresAt()));
    }

    @ResponseStatus(HttpStatus.NO_CONTENT) // the answer's status, for the API description
    @PostMapping("/admin/logout")
    ResponseEntity<Void> logout(
            @RequestAttribute(AdminSessionGuard.SESSION_ATTRIBUTE) AdminSessions.AdminSession session,
            HttpServletRequest http) {
        sessions.delete(session);
        audit.appendAndWait(UUID.randomUUID().toString(), new AdminSignedOut(actors.of(http), clock.instant()));
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie.clear()).build();
    }
}
