package dev.analytics.command.admin;

import dev.analytics.command.session.ClaimCode;
import dev.analytics.command.user.ChangeModelLimit;
import dev.analytics.command.user.InvalidModelLimit;
import dev.analytics.command.user.IssueClaimCode;
import dev.analytics.command.user.ResetUserCount;
import dev.analytics.command.user.UserView;
import dev.analytics.command.user.Users;
import dev.analytics.command.web.ApiError;
import dev.analytics.command.web.UserText;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The admin's actions on users: reset a count, change a limit, issue a claim code. Each is a command whose event
 * names the admin and the IP fingerprint, so it appears in the audit trail. The session and CSRF checks happen in
 * {@link AdminSessionGuard}.
 */
@RestController
class UserAdminController {

    static final Duration CLAIM_CODE_LIFETIME = Duration.ofHours(24);
    private static final Pattern USER_ID = Pattern.compile("[0-9a-f-]{36}");

    record ResetRequest(String userId, String reason) {
    }

    record LimitRequest(Integer modelLimit) {
    }

    record UserBody(String id, String email, int modelCount, int modelLimit, int remaining) {
        static UserBody of(UserView user) {
            return new UserBody(user.userId(), user.email(), user.modelCount(), user.modelLimit(), user.remaining());
        }
    }

    record ClaimCodeBody(String userId, String claimCode, Instant expiresAt) {
    }

    private final CommandGateway commands;
    private final Users users;
    private final AdminActors actors;
    private final Clock clock;

    UserAdminController(CommandGateway commands, Users users, AdminActors actors, Clock clock) {
        this.commands = commands;
        this.users = users;
        this.actors = actors;
        this.clock = clock;
    }

    @PostMapping(path = "/admin/reset-user-count", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserBody resetCount(@RequestBody ResetRequest body, HttpServletRequest request) {
        String userId = userId(body == null ? null : body.userId());
        String reason = body.reason() == null || body.reason().isBlank() ? null
                : UserText.check(body.reason().strip(), "reason", 500);
        onUser(userId, () -> commands.sendAndWait(new ResetUserCount(userId, reason, actors.of(request))));
        return UserBody.of(users.find(userId).orElseThrow());
    }

    @PostMapping(path = "/admin/users/{id}/limit", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserBody changeLimit(@PathVariable("id") String id, @RequestBody LimitRequest body, HttpServletRequest request) {
        String userId = userId(id);
        if (body == null || body.modelLimit() == null) {
            throw ApiError.invalidField("modelLimit", "modelLimit is required");
        }
        try {
            onUser(userId, () -> commands.sendAndWait(new ChangeModelLimit(userId, body.modelLimit(),
                    actors.of(request))));
        } catch (InvalidModelLimit e) {
            throw ApiError.invalidField("modelLimit", e.getMessage());
        }
        return UserBody.of(users.find(userId).orElseThrow());
    }

    /** The code is shown once, here; only its hash is kept. */
    @PostMapping("/admin/users/{id}/claim-code")
    ResponseEntity<ClaimCodeBody> issueClaimCode(@PathVariable("id") String id, HttpServletRequest request) {
        String userId = userId(id);
        String code = ClaimCode.newCode(userId);
        Instant expiresAt = clock.instant().plus(CLAIM_CODE_LIFETIME);
        onUser(userId, () -> commands.sendAndWait(new IssueClaimCode(userId, ClaimCode.hash(code), expiresAt,
                actors.of(request))));
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new ClaimCodeBody(userId, code, expiresAt));
    }

    private static String userId(String value) {
        if (value == null || value.isBlank()) {
            throw ApiError.invalidField("userId", "userId is required");
        }
        if (!USER_ID.matcher(value).matches()) {
            throw ApiError.invalidField("userId", "userId is not a user id");
        }
        return value;
    }

    private static void onUser(String userId, Supplier<?> command) {
        try {
            command.get();
        } catch (AggregateNotFoundException e) {
            throw new ApiError(HttpStatus.NOT_FOUND, "user_not_found", "No user with id " + userId, "userId");
        }
    }
}
