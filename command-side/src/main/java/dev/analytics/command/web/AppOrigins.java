package dev.analytics.command.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where the CAD app may call from ({@code ANALYTICS_APP_ORIGINS}, comma-separated, exact origins such as
 * {@code https://cad.example.com}). Only these get credentialed CORS on the end-user paths. A wildcard would let any
 * site act with a user's cookie, so it stops start-up.
 */
@Component
public class AppOrigins implements WebMvcConfigurer {

    private final List<String> origins;

    AppOrigins(@Value("${analytics.app-origins:}") String configured) {
        this.origins = Arrays.stream(configured.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(AppOrigins::normalise)
                .toList();
    }

    private static String normalise(String origin) {
        if (origin.contains("*")) {
            throw new IllegalStateException("ANALYTICS_APP_ORIGINS may not hold a wildcard: list the exact origins");
        }
        URI uri;
        try {
            uri = URI.create(origin);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ANALYTICS_APP_ORIGINS: not an origin: " + origin);
        }
        if (uri.getScheme() == null || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())) {
            throw new IllegalStateException("ANALYTICS_APP_ORIGINS: write origins as scheme://host[:port], not " + origin);
        }
        return origin.toLowerCase(Locale.ROOT);
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (origins.isEmpty()) {
            return;
        }
        for (String path : List.of("/auth/**", "/users/**", "/track/cad-event")) {
            registry.addMapping(path)
                    .allowedOrigins(origins.toArray(String[]::new))
                    .allowCredentials(true)
                    .allowedMethods("GET", "POST")
                    .allowedHeaders("Content-Type", "X-CSRF-Token")
                    .maxAge(3600);
        }
    }

    /**
     * Whether a cookie-authenticated request may act: its {@code Origin} is one of the app's origins or this service's
     * own; without {@code Origin}, {@code Sec-Fetch-Site} must not say {@code cross-site}.
     */
    public boolean allows(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return !"cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"));
        }
        return origins.contains(origin.trim().toLowerCase(Locale.ROOT)) || sameOrigin(request);
    }

    /**
     * Whether a request comes from this service's own origin: its {@code Origin} names the {@code Host} it was sent
     * to; without {@code Origin}, {@code Sec-Fetch-Site} must not say {@code cross-site}.
     */
    public static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return !"cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"));
        }
        String host = request.getHeader("Host");
        try {
            String authority = URI.create(origin.trim()).getRawAuthority();
            return host != null && authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
