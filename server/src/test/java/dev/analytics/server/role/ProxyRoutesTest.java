package dev.analytics.server.role;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The split deployment's reverse proxy ({@code deploy/nginx.conf}) routes every path to the role that owns it in
 * {@link PathOwnership}, and has no route of its own that the table does not back. Locations are resolved as nginx
 * does: an exact ({@code =}) match first, else the longest prefix.
 */
class ProxyRoutesTest {

    static final Path NGINX_CONF = Path.of("..", "deploy", "nginx.conf");
    private static final Pattern LOCATION = Pattern.compile("location\\s+(=\\s*)?(\\S+)\\s*\\{([^}]*)}");
    private static final Pattern PROXY_PASS = Pattern.compile("proxy_pass\\s+http://(\\w+)\\s*;");

    record Location(boolean exact, String path, String upstream) {
    }

    static List<Location> locations;

    @BeforeAll
    static void readProxyConfig() throws IOException {
        String conf = Files.readString(NGINX_CONF);
        Matcher m = LOCATION.matcher(conf);
        List<Location> found = new java.util.ArrayList<>();
        while (m.find()) {
            if (m.group(2).startsWith("@")) {
                continue; // a named location: error pages, not a route
            }
            Matcher pass = PROXY_PASS.matcher(m.group(3));
            assertThat(pass.find()).as("location %s proxies to a role", m.group(2)).isTrue();
            found.add(new Location(m.group(1) != null, m.group(2), pass.group(1)));
        }
        locations = List.copyOf(found);
    }

    /** A request path the pattern matches: a made-up value for each variable and for any rest. */
    static String example(String pattern) {
        return pattern.replaceAll("\\{[^}]+}", "u-1").replace("/**", "/x");
    }

    static String upstreamFor(String path) {
        return locations.stream().filter(l -> l.exact() && l.path().equals(path)).findFirst()
                .or(() -> locations.stream().filter(l -> !l.exact() && path.startsWith(l.path()))
                        .max(Comparator.comparingInt(l -> l.path().length())))
                .map(Location::upstream)
                .orElseThrow(() -> new AssertionError("the proxy has no route for " + path));
    }

    @Test
    void theProxyDefinesOnlyExactAndPrefixLocations() {
        assertThat(locations).hasSizeGreaterThan(PathOwnership.routes().size() / 2);
        // no regular expressions (~) or prefix overrides (^~), whose order would change the routing
        assertThat(locations).extracting(Location::path).allMatch(path -> path.startsWith("/"));
        assertThat(locations).extracting(Location::upstream).containsOnly("command", "query");
    }

    @Test
    void everyPathInTheTableGoesToTheRoleThatOwnsIt() {
        assertThat(PathOwnership.routes()).allSatisfy(route -> {
            String upstream = upstreamFor(example(route.pattern()));
            if (route.owner() == Role.BOTH) {
                assertThat(upstream).as(route.pattern()).isIn("command", "query");
            } else {
                assertThat(upstream).as(route.pattern()).isEqualTo(route.owner().name().toLowerCase(Locale.ROOT));
            }
        });
    }

    @Test
    void everyRouteOfTheProxyIsBackedByTheTable() {
        assertThat(locations).allSatisfy(location -> {
            String path = location.exact() ? location.path() : location.path() + "x";
            PathOwnership.ownerOf(path).filter(owner -> owner != Role.BOTH).ifPresent(owner ->
                    assertThat(location.upstream()).as(location.path())
                            .isEqualTo(owner.name().toLowerCase(Locale.ROOT)));
            if (location.upstream().equals("query")) {
                assertThat(PathOwnership.ownerOf(path)).as("%s is the query role's", location.path())
                        .contains(Role.QUERY);
            }
        });
    }
}
