package dev.analytics.server.role;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.List;
import java.util.Optional;

import static dev.analytics.server.role.Role.BOTH;
import static dev.analytics.server.role.Role.COMMAND;
import static dev.analytics.server.role.Role.QUERY;

/**
 * Which role answers each HTTP path: the one table of it. A process in one role answers the other role's paths with
 * {@code 404}; the reverse proxy of the split deployment ({@code deploy/nginx.conf}) and the README's "Split roles"
 * section route by the same table, and a test checks that the proxy does. Every path the server maps must be here
 * (tested too), for any method: a path has one owner, so the proxy can route by path alone.
 */
public final class PathOwnership {

    /** A path pattern, in Spring's syntax ({@code {id}} one segment, {@code /**} any rest), and its role. */
    public record Route(String pattern, Role owner) {
    }

    private static final List<Route> TABLE = List.of(
            new Route("/health", BOTH),
            new Route("/error", BOTH),

            // Writes, and the script that makes them.
            new Route("/tracking.js", COMMAND),
            new Route("/track/**", COMMAND),
            new Route("/auth/**", COMMAND),
            new Route("/users/**", COMMAND),
            // Admin sign-in and admin actions; the session they create is valid in both roles.
            new Route("/admin/login", COMMAND),
            new Route("/admin/session", COMMAND),
            new Route("/admin/logout", COMMAND),
            new Route("/admin/reset-user-count", COMMAND),
            new Route("/admin/users/{id}/limit", COMMAND),
            new Route("/admin/users/{id}/claim-code", COMMAND),

            // The dashboard and every read of the read tables.
            new Route("/admin", QUERY),
            new Route("/admin/", QUERY),
            new Route("/admin/assets/**", QUERY),
            new Route("/admin/stats", QUERY),
            new Route("/admin/users", QUERY),
            new Route("/admin/cad-events", QUERY),
            new Route("/admin/logs", QUERY),
            // Operators: rebuilds, processor status and dead letters concern the query role's processors.
            new Route("/admin/replay", QUERY),
            new Route("/admin/processors", QUERY),
            new Route("/admin/dead-letters", QUERY),
            new Route("/admin/dead-letters/retry", QUERY));

    private static final List<PathPattern> PATTERNS = TABLE.stream()
            .map(route -> PathPatternParser.defaultInstance.parse(route.pattern()))
            .toList();

    private PathOwnership() {
    }

    public static List<Route> routes() {
        return TABLE;
    }

    /**
     * The role that owns a request path (as sent, without the context path), or empty for a path nobody serves.
     * Segments are matched decoded, as Spring MVC matches handlers, so {@code /%61dmin/stats} is {@code /admin/stats}.
     */
    public static Optional<Role> ownerOf(String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (int i = 0; i < TABLE.size(); i++) {
            if (PATTERNS.get(i).matches(container)) {
                return Optional.of(TABLE.get(i).owner());
            }
        }
        return Optional.empty();
    }
}
