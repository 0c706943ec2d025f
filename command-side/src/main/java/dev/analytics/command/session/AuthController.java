package dev.analytics.command.session;

import dev.analytics.command.ratelimit.RateLimitedRoute;
import dev.analytics.command.ratelimit.RateLimiter;
import dev.analytics.command.user.ClaimCodeRefused;
import dev.analytics.command.user.EmailAddress;
import dev.analytics.command.user.UserView;
import dev.analytics.command.user.Users;
import dev.analytics.command.web.ApiError;
import dev.analytics.command.web.AppOrigins;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** End-user sign-in for the CAD app: create a session, read the current user, log out. */
@RestController
class AuthController {

    record CreateSessionRequest(String email, String name, String claimCode) {
    }

    record UserBody(String id, String email, String name, int modelCount, int modelLimit, int remaining) {
        static UserBody of(UserView user) {
            return new UserBody(user.userId(), user.email(), user.name(), user.modelCount(), user.modelLimit(),
                    user.remaining());
        }
    }

    record SessionBody(UserBody user, String csrfToken, Instant expiresAt) {
    }

    record CurrentUserBody(String id, String email, String name, int modelCount, int modelLimit, int remaining,
                           Instant sessionExpiresAt) {
    }

    private final CommandGateway commands;
    private final EndUserSessions sessions;
    private final SessionTokens tokens;
    private final SessionCookie cookie;
    private final Users users;
    private final AppOrigins origins;
    private final int defaultModelLimit;
    private final RateLimiter rateLimiter;

    AuthController(CommandGateway commands, EndUserSessions sessions, SessionTokens tokens, SessionCookie cookie,
                   Users users, AppOrigins origins,
                   @Value("${analytics.users.default-model-limit:10}") int defaultModelLimit,
                   RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.commands = commands;
        this.sessions = sessions;
        this.tokens = tokens;
        this.cookie = cookie;
        this.users = users;
        this.origins = origins;
        this.defaultModelLimit = defaultModelLimit;
    }

    /**
     * Without a valid session cookie, always a new user and a new session (or, with a claim code, a session for the
     * code's user). With one, that session's user, and nothing is created.
     */
    @PostMapping(path = "/auth/create-session", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SessionBody> createSession(@RequestBody(required = false) CreateSessionRequest body,
                                              HttpServletRequest request) {
        if (!origins.allows(request)) {
            throw new ApiError(HttpStatus.FORBIDDEN, "origin_not_allowed",
                    "This origin may not create sessions; see ANALYTICS_APP_ORIGINS", null);
        }
        var existing = sessions.current(request);
        if (existing.isPresent()) {
            ActiveSession session = existing.get();
            UserView user = users.find(session.userId()).orElseThrow();
            return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(new SessionBody(UserBody.of(user), sessions.csrfToken(session), session.expiresAt()));
        }
        // Only a new session takes a token: clearing cookies must not mint unlimited fresh quotas.
        rateLimiter.admitIp(RateLimitedRoute.CREATE_SESSION, request);
        CreateSessionRequest input = body == null ? new CreateSessionRequest(null, null, null) : body;
        String email = email(input.email());
        String name = text(input.name(), "name", 100);
        String claimCode = text(input.claimCode(), "claimCode", 100);

        String token = tokens.newToken();
        String sessionId = SessionTokens.sessionId(token);
        String userId;
        try {
            userId = commands.sendAndWait(new StartSession(sessionId, email, name, claimCode, defaultModelLimit));
        } catch (EmailInUse e) {
            throw new ApiError(HttpStatus.CONFLICT, "email_in_use", e.getMessage(), "email");
        } catch (ClaimCodeRefused | AggregateNotFoundException e) {
            throw ApiError.invalidField("claimCode", "The claim code is unknown, expired or already used");
        }
        ActiveSession session = sessions.current(sessionId).orElseThrow();
        UserView user = users.find(userId).orElseThrow();
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, cookie.set(token))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new SessionBody(UserBody.of(user), sessions.csrfToken(session), session.expiresAt()));
    }

    @GetMapping("/auth/current-user")
    ResponseEntity<CurrentUserBody> currentUser(HttpServletRequest request) {
        ActiveSession session = sessions.require(request);
        UserView user = users.find(session.userId()).orElseThrow(() -> new ApiError(HttpStatus.UNAUTHORIZED,
                "unauthorized", "The session's user no longer exists", null));
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new CurrentUserBody(user.userId(), user.email(), user.name(), user.modelCount(),
                        user.modelLimit(), user.remaining(), session.expiresAt()));
    }

    @ResponseStatus(HttpStatus.NO_CONTENT) // the answer's status, for the API description
    @PostMapping("/auth/logout")
    ResponseEntity<Void> logout(HttpServletRequest request) {
        ActiveSession session = sessions.requireForWrite(request);
        commands.sendAndWait(new RevokeSession(session.sessionId()));
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie.clear()).build();
    }

    private static String email(String value) {
        String email = text(value, "email", EmailAddress.MAX_LENGTH);
        if (email == null) {
            return null;
        }
        email = EmailAddress.normalise(email);
        if (!EmailAddress.isValid(email)) {
            throw ApiError.invalidField("email", "email is not a valid address");
        }
        return email;
    }

    /** Trimmed text, null when absent or blank; refused when over {@code max} characters or holding controls. */
    private static String text(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.length() > max) {
            throw ApiError.invalidField(field, field + " is longer than " + max + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.invalidField(field, field + " may not contain control characters");
        }
        return trimmed;
    }
}
