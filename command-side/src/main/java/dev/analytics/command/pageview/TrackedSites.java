package dev.analytics.command.pageview;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sites the service tracks, and the hosts each may be tracked on ({@code analytics.sites.<name>.hosts}). A page view
 * for a URL on any other host is refused: the host list, not CORS, decides what counts.
 */
@ConfigurationProperties("analytics")
public record TrackedSites(Map<String, Site> sites) {

    public record Site(List<String> hosts) {
        public Site {
            hosts = hosts == null ? List.of() : hosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        }
    }

    public TrackedSites {
        sites = sites == null ? Map.of() : Map.copyOf(sites);
    }

    public Optional<Site> site(String name) {
        return Optional.ofNullable(sites.get(name));
    }
}
