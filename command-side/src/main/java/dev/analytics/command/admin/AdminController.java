package dev.analytics.command.admin;

import dev.analytics.command.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** Admin sign-in, the session's CSRF token after a reload, and sign-out. */
@RestController
class AdminController {

    record LoginRequest(String password) {
    }

    record SessionResponse(String csrfToken, Instant expiresAt) {
    }

    private final AdminPassword password;
    private final AdminSessions sessions;
    private final AdminCookie cookie;

    AdminController(AdminPassword password, AdminSessions sessions, AdminCookie cookie) {
        this.password = password;
        this.sessions = sessions;
        this.cookie = cookie;
    }

    @PostMapping(path = "/admin/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SessionResponse> login(@RequestBody LoginRequest request, HttpServletRequest http) {
        if (request == null || !password.matches(request.password())) {
            throw new ApiError(HttpStatus.UNAUTHORIZED, "invalid_credentials", "Wrong password", null);
        }
        sessions.find(AdminCookie.read(http)).ifPresent(sessions::delete);
        AdminSessions.NewSession created = sessions.create();
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, cookie.set(created.token(), sessions.lifetime()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new SessionResponse(created.session().csrfToken(), created.session().expiresAt()));
    }

    @GetMapping("/admin/session")
    ResponseEntity<SessionResponse> session(
            @RequestAttribute(AdminSessionFilter.SESSION_ATTRIBUTE) AdminSessions.AdminSession session) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new SessionResponse(session.csrfToken(), session.expiresAt()));
    }

    @PostMapping("/admin/logout")
    ResponseEntity<Void> logout(
            @RequestAttribute(AdminSessionFilter.SESSION_ATTRIBUTE) AdminSessions.AdminSession session) {
        sessions.delete(session);
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie.clear()).build();
    }
}
