package dev.analytics.server.role;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.io.IOException;

/**
 * Answers the paths of the other role with the service's usual {@code 404 not_found}, whatever handler this process
 * would have for them: the command-side controllers are loaded in the query role too (the admin session check is
 * one of them), and the dashboard's files are on both classpaths. Runs after {@code RequestPathFirewall}, so the path
 * it reads has no {@code ;}, encoded slash or dot segment that could be read two ways.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class PathOwnershipFilter extends OncePerRequestFilter {

    private final Role role;
    private final HandlerExceptionResolver errors;

    PathOwnershipFilter(Role role, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        this.role = role;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return role == Role.BOTH;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (PathOwnership.ownerOf(path).filter(owner -> !role.serves(owner)).isPresent()) {
            errors.resolveException(request, response, null,
                    new NoResourceFoundException(HttpMethod.valueOf(request.getMethod()), path));
            return;
        }
        chain.doFilter(request, response);
    }
}
