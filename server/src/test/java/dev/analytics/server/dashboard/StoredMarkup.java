package dev.analytics.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.EndUser;
import org.openqa.selenium.By;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Markup stored through the public and user APIs, and the check that every page of the dashboard shows it as text:
 * each cell's exact {@code textContent}, no child elements in the cell, and no script run ({@code window.__xss}).
 *
 * <p>What each string can reach:
 * <ul>
 *   <li>the prompt and the error of a CAD event: shown in Generations (and the error in the overview's top errors);
 *   <li>the page's path, decoded from its URL: shown in the overview's top pages;
 *   <li>the page's title: shown beside its path in the overview's top pages;
 *   <li>the referrer: only its host is shown, and a host can hold only letters, digits, {@code -} and {@code .}
 *       (a referrer with markup in its host is not a URL, and is dropped); so the markup goes in the referrer's path
 *       and the cell must show exactly the host;
 *   <li>the email (an address may hold {@code <} and {@code >}) in Users, and the admin's reason in the audit log.
 * </ul>
 */
final class StoredMarkup {

    static final String PROMPT = "<img src=x onerror=\"window.__xss=1\">";
    static final String TITLE = "<script>window.__xss=2</script>";
    static final String URL = "http://localhost/%3Cimg%20src=x%20onerror=window.__xss=3%3E";
    static final String PATH = "/<img src=x onerror=window.__xss=3>";
    static final String REFERRER = "https://evil.example/%3Cscript%3Ewindow.__xss=4%3C/script%3E";
    static final String REFERRER_HOST = "evil.example";
    static final String ERROR = "<b onmouseover=\"window.__xss=5\">boom</b> & <i>more</i>";
    static final String EMAIL = "<b>x</b>@<i>y</i>.example";
    static final String REASON = "<script>window.__xss=6</script><img src=x onerror=\"window.__xss=7\">";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The user whose email, CAD event and reset hold markup. */
    final String userId;

    private StoredMarkup(String userId) {
        this.userId = userId;
    }

    /** Stores the strings, and waits until every read model shows them. */
    static StoredMarkup seed(Api api) {
        assertThat(api.postJson("/track/pageview", json(Map.of("site", "portfolio", "url", URL, "referrer", REFERRER,
                "title", TITLE))).status()).isEqualTo(202);
        EndUser user = EndUser.signUp(api, json(Map.of("email", EMAIL)));
        assertThat(api.postJson("/track/cad-event", json(Map.of("kind", "generation_failed", "prompt", PROMPT,
                "error", ERROR, "durationMs", 1200)), user.writes()).status()).isEqualTo(202);
        assertThat(api.post("/users/increment-count", null, "", user.writes()).status()).isEqualTo(200);
        assertThat(api.postJson("/admin/reset-user-count", json(Map.of("userId", user.userId(), "reason", REASON)),
                api.admin()).status()).isEqualTo(200);

        Instant now = Instant.now();
        String range = "from=" + now.minus(Duration.ofDays(2)) + "&to=" + now.plus(Duration.ofDays(1));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode stats = api.stats(range);
            assertThat(stats.get("topPages").findValuesAsText("path")).contains(PATH);
            assertThat(stats.get("topPages").findValuesAsText("title")).contains(TITLE);
            assertThat(stats.get("topReferrers").findValuesAsText("referrer")).contains(REFERRER_HOST);
            assertThat(get(api, "/admin/cad-events?userId=" + user.userId()).get("items").findValuesAsText("prompt"))
                    .containsExactly(PROMPT);
            assertThat(get(api, "/admin/users?q=" + user.userId()).get("items").findValuesAsText("email"))
                    .containsExactly(EMAIL);
            assertThat(get(api, "/admin/logs?action=user.count_reset").get("items").findValuesAsText("reason"))
                    .contains(REASON);
        });
        return new StoredMarkup(user.userId());
    }

    /** Visits every section of a signed-in dashboard and checks each stored string is shown as exactly that text. */
    void assertShownAsText(Dashboard dashboard) {
        dashboard.go("overview");
        dashboard.waitFor(By.cssSelector(".overview-content[data-from] .cards"));
        assertThat(dashboard.cells("path")).contains(List.of(PATH, 0L));
        assertThat(dashboard.cells("title")).contains(List.of(TITLE, 0L));
        assertThat(dashboard.cells("referrer")).contains(List.of(REFERRER_HOST, 0L));
        assertThat(dashboard.cells("error")).contains(List.of(ERROR, 0L));
        assertNoStoredMarkupIsAnElement(dashboard);

        dashboard.go("users");
        dashboard.waitFor(By.cssSelector("tr[data-user-id='" + userId + "']"));
        assertThat(dashboard.cells("user")).contains(List.of(EMAIL, 0L));
        assertNoStoredMarkupIsAnElement(dashboard);

        dashboard.go("generations");
        dashboard.waitFor(By.cssSelector(".generations-table"));
        assertThat(dashboard.cells("prompt")).contains(List.of(PROMPT, 0L));
        assertThat(dashboard.cells("error")).contains(List.of(ERROR, 0L));
        assertNoStoredMarkupIsAnElement(dashboard);

        dashboard.go("audit");
        dashboard.waitFor(By.cssSelector(".audit-table"));
        assertThat(dashboard.cells("reason")).contains(List.of(REASON, 0L));
        assertNoStoredMarkupIsAnElement(dashboard);
    }

    /** Beyond the cells: no element of the kinds stored as text exists anywhere on the page, and nothing ran. */
    private static void assertNoStoredMarkupIsAnElement(Dashboard dashboard) {
        assertThat(dashboard.script("return document.querySelectorAll('main img, main script, main b, main i,"
                + " [onerror], [onmouseover]').length")).isEqualTo(0L);
        dashboard.assertNoScriptRan();
    }

    private static JsonNode get(Api api, String path) {
        Api.Response response = api.get(path, api.admin());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    static String json(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
