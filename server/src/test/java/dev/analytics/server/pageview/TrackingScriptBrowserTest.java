package dev.analytics.server.pageview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.Browsers;
import dev.analytics.server.support.MutableClock;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * tracking.js in a real headless Chromium, embedded in a page of another origin as a site would embed it: the first
 * page view, an SPA navigation by {@code pushState}, a back navigation by {@code popstate}, no cookies, and Do Not
 * Track.
 */
@ServerTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrackingScriptBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The embedding site: serves the pages below on 127.0.0.1, a host the portfolio site allows. */
    private static HttpServer site;
    private static final Map<String, String> pages = new ConcurrentHashMap<>();

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    Api api;
    ChromeDriver driver;

    @BeforeAll
    static void startSite() throws IOException {
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            try (exchange) {
                String page = pages.get(exchange.getRequestURI().getPath());
                if (page == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = page.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        site.start();
    }

    @AfterAll
    static void stopSite() {
        if (site != null) {
            site.stop(0);
        }
    }

    @BeforeEach
    void setUp() {
        api = new Api(port).login(ServerTest.ADMIN_PASSWORD);
    }

    @AfterEach
    void quitBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    @Order(1)
    void countsTheFirstViewAPushStateNavigationAndABackNavigationWithoutCookies() {
        pages.put("/index.html", page("Home", "", """
                <a id="about" href="/about">About</a>
                <script>
                  document.getElementById('about').addEventListener('click', function (event) {
                    event.preventDefault();
                    history.pushState({}, '', '/about');
                    document.title = 'About';
                  });
                </script>"""));
        driver = Browsers.headlessChromium();

        driver.get(siteUrl("/index.html"));
        awaitStats(1, List.of(Map.of("path", "/index.html", "title", "Home", "pageViews", 1)));

        driver.findElement(By.id("about")).click();
        assertThat(script("return location.pathname")).isEqualTo("/about");
        // Wait for this view before going back, so that each step is checked on its own.
        // The title the app sets just after pushState is the one recorded: tracking.js sends on the next tick.
        awaitStats(2, List.of(Map.of("path", "/about", "title", "About", "pageViews", 1),
                Map.of("path", "/index.html", "title", "Home", "pageViews", 1)));

        driver.navigate().back();
        assertThat(script("return location.pathname")).isEqualTo("/index.html");
        // Held for a second once reached, so that a doubled view arriving a little later fails the test too.
        await().atMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode stats = stats();
            assertThat(stats.get("pageViews").asLong()).as(stats.toString()).isEqualTo(3);
            assertThat(stats.get("uniqueVisitors").asLong()).as(stats.toString()).isEqualTo(1);
            // Going back does not restore the old title (the page never resets it), so the latest is "About".
            assertThat(topPages(stats)).isEqualTo(List.of(
                    Map.of("path", "/index.html", "title", "About", "pageViews", 2),
                    Map.of("path", "/about", "title", "About", "pageViews", 1)));
        });

        assertThat(driver.manage().getCookies()).as("cookies of the page's origin").isEmpty();
        assertThat(script("return document.cookie")).isEqualTo("");
        // Every cookie the browser holds, of any origin, including the analytics server's (localhost).
        assertThat((List<?>) driver.executeCdpCommand("Network.getAllCookies", Map.of()).get("cookies"))
                .as("all cookies in the browser").isEmpty();
    }

    @Test
    @Order(2)
    void sendsNothingUnderDoNotTrackWhenTheSiteRespectsIt() {
        pages.put("/dnt.html", page("Do Not Track", " data-respect-dnt", "<p>Not tracked</p>"));
        driver = Browsers.headlessChromium(options ->
                options.setExperimentalOption("prefs", Map.of("enable_do_not_track", true)));
        long pageViewsBefore = stats().get("pageViews").asLong();

        driver.get(siteUrl("/dnt.html"));
        // Without this, the test would also pass with a browser that never turned Do Not Track on.
        assertThat(script("return navigator.doNotTrack")).isEqualTo("1");
        // And that tracking.js was loaded: nothing arriving must be its doing, not a failed load.
        assertThat(script("return performance.getEntriesByType('resource').map(e => e.name)"))
                .asList().contains("http://localhost:" + port + "/tracking.js");

        // A bounded wait, as nothing is ever to arrive: long enough for a page view sent on load to be projected.
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode stats = stats();
            assertThat(stats.get("pageViews").asLong()).as(stats.toString()).isEqualTo(pageViewsBefore);
            assertThat(topPages(stats)).extracting(page -> page.get("path")).doesNotContain("/dnt.html");
        });
    }

    /** A page that embeds tracking.js from the analytics server, which is another origin. */
    private String page(String title, String extraScriptAttributes, String body) {
        return """
                <!doctype html>
                <html>
                <head>
                  <meta charset="utf-8">
                  <title>%s</title>
                  <script defer src="http://localhost:%d/tracking.js" data-site="portfolio"%s></script>
                </head>
                <body>
                %s
                </body>
                </html>""".formatted(title, port, extraScriptAttributes, body);
    }

    private String siteUrl(String path) {
        return "http://127.0.0.1:" + site.getAddress().getPort() + path;
    }

    private Object script(String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    private void awaitStats(long pageViews, List<Map<String, Object>> topPages) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode stats = stats();
            assertThat(stats.get("pageViews").asLong()).as(stats.toString()).isEqualTo(pageViews);
            assertThat(topPages(stats)).isEqualTo(topPages);
        });
    }

    /**
     * The portfolio site's stats around the test clock's instant. The clock stands still, so every page view is
     * recorded at its instant, and the default window, which ends at that instant and excludes it, would miss them.
     */
    private JsonNode stats() {
        Instant now = clock.instant();
        return api.stats("site=portfolio&from=" + now.minus(Duration.ofHours(1)) + "&to=" + now.plus(Duration.ofHours(1)));
    }

    private static List<Map<String, Object>> topPages(JsonNode stats) {
        return JSON.convertValue(stats.get("topPages"), JSON.getTypeFactory()
                .constructCollectionType(List.class, JSON.getTypeFactory().constructMapType(Map.class, String.class,
                        Object.class)));
    }
}
