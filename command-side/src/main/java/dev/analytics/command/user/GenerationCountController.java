package dev.analytics.command.user;

import dev.analytics.command.ratelimit.RateLimitedRoute;
import dev.analytics.command.ratelimit.RateLimiter;
import dev.analytics.command.session.ActiveSession;
import dev.analytics.command.session.EndUserSessions;
import dev.analytics.command.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code POST /users/increment-count}: counts one generation for the signed-in user, or refuses it at the limit. The
 * answer comes from the aggregate that just decided, so it is exact even under concurrent requests.
 */
@RestController
class GenerationCountController {

    record CountBody(int modelCount, int modelLimit, int remaining) {
    }

    private final CommandGateway commands;
    private final EndUserSessions sessions;
    private final RateLimiter rateLimiter;

    GenerationCountController(CommandGateway commands, EndUserSessions sessions, RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.commands = commands;
        this.sessions = sessions;
    }

    @PostMapping("/users/increment-count")
    CountBody increment(HttpServletRequest request) {
        ActiveSession session = sessions.requireForWrite(request);
        rateLimiter.admitUser(RateLimitedRoute.INCREMENT_COUNT, session.userId());
        ModelCount count = commands.sendAndWait(new IncrementModelCount(session.userId()));
        if (!count.counted()) {
            throw new ApiError(HttpStatus.FORBIDDEN, "limit_reached",
                    "The generation limit is reached", null,
                    Map.of("modelCount", count.modelCount(), "modelLimit", count.modelLimit(),
                            "remaining", count.remaining()));
        }
        return new CountBody(count.modelCount(), count.modelLimit(), count.remaining());
    }
}
