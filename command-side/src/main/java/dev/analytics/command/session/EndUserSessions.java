package dev.analytics.command.session;

import dev.analytics.command.aggregate.AggregateState;
import dev.analytics.command.web.ApiError;
import dev.analytics.command.web.AppOrigins;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Optional;

/**
 * Who is calling, by the {@code session} cookie, and whether they may act. Every state-changing request authenticated
 * by the cookie needs an allowed {@code Origin} (or a {@code Sec-Fetch-Site} that is not cross-site) and the session's
 * CSRF token in {@code X-CSRF-Token}.
 */
@Component
public class EndUserSessions {

    private final Repository<Session> sessions;
    private final SessionTokens tokens;
    private final AppOrigins origins;
    private final Clock clock;

    EndUserSessions(@Qualifier("sessionRepository") Repository<Session> sessions, SessionTokens tokens,
                    AppOrigins origins, Clock clock) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.origins = origins;
        this.clock = clock;
    }

    /** The caller's live session, if the cookie names one. */
    public Optional<ActiveSession> current(HttpServletRequest request) {
        String token = SessionCookie.read(request);
        if (token == null) {
            return Optional.empty();
        }
        return current(SessionTokens.sessionId(token));
    }

    Optional<ActiveSession> current(String sessionId) {
        return AggregateState.read(sessions, sessionId, s -> s.activeAt(clock.instant()));
    }

    /** The caller's session for a read; {@code 401} without one. */
    public ActiveSession require(HttpServletRequest request) {
        return current(request).orElseThrow(() -> new ApiError(HttpStatus.UNAUTHORIZED, "unauthorized",
                "No valid session: call POST /auth/create-session first", null));
    }

    /** The caller's session for a write: origin, session and CSRF token checked, in that order. */
    public ActiveSession requireForWrite(HttpServletRequest request) {
        if (!origins.allows(request)) {
            throw new ApiError(HttpStatus.FORBIDDEN, "origin_not_allowed",
                    "This origin may not act for the user; see ANALYTICS_APP_ORIGINS", null);
        }
        ActiveSession session = require(request);
        if (!tokens.csrfMatches(session.sessionId(), request.getHeader("X-CSRF-Token"))) {
            throw new ApiError(HttpStatus.FORBIDDEN, "csrf_invalid",
                    "X-CSRF-Token is missing or does not match this session", null);
        }
        return session;
    }

    String csrfToken(ActiveSession session) {
        return tokens.csrfToken(session.sessionId());
    }
}
