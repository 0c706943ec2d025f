package dev.analytics.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analytics.events.UserRegistered;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.Browsers;
import dev.analytics.server.support.EndUser;
import dev.analytics.server.support.Events;
import dev.analytics.server.support.History;
import dev.analytics.server.support.MutableClock;
import dev.analytics.server.support.ServerTest;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.analytics.server.dashboard.StoredMarkup.encode;
import static dev.analytics.server.dashboard.StoredMarkup.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin dashboard at {@code /admin} in a real headless Chromium against the real server: signing in, the
 * overview's figures against {@code /admin/stats}, resetting a count and seeing it audited, the keyboard alone,
 * stored markup shown as text, rebuilding read models and retrying a dead letter on the Operations page, and
 * screenshots at a laptop's and a phone's width.
 *
 * <p>One browser serves the whole class (each start costs seconds); every test starts signed out.
 */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    static final List<String> READ_MODELS = List.of("page-views", "users", "sessions", "cad-events", "admin-logs");

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;
    Api api;
    Dashboard dashboard;

    @BeforeAll
    void startBrowser() {
        Browsers.requireInstalled();
        clock.set(Instant.now());
        api = new Api(port).login(ServerTest.ADMIN_PASSWORD);
        dashboard = new Dashboard(Browsers.headlessChromium(), port);
    }

    @AfterAll
    void quitBrowser() {
        if (dashboard != null) {
            dashboard.driver.quit();
        }
    }

    @BeforeEach
    void signedOut() {
        dashboard.reset();
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedTheRightOneSignsInAndAReloadKeepsTheSession() {
        // The page is public (it holds no data); the API beside it is not.
        Api anonymous = new Api(port);
        for (String page : List.of("/admin", "/admin/")) {
            Api.Response response = anonymous.get(page);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("text/html");
            assertThat(response.body()).contains("<script type=\"module\" src=\"/admin/assets/app.js\">");
        }
        assertThat(anonymous.get("/admin/assets/app.js").status()).isEqualTo(200);
        assertThat(anonymous.get("/admin/stats").status()).isEqualTo(401);
        assertThat(anonymous.get("/admin/users").status()).isEqualTo(401);

        dashboard.open();
        WebElement password = dashboard.waitFor(By.id("password"));
        password.sendKeys("not-the-admin-password");
        dashboard.driver.findElement(By.id("sign-in")).click();
        dashboard.waitUntil("the wrong password is refused", () ->
                dashboard.text("#login-message").equals("Wrong password. Check it and try again."));
        assertThat(dashboard.driver.findElements(By.cssSelector("[data-view]"))).isEmpty();

        password.clear();
        password.sendKeys(ServerTest.ADMIN_PASSWORD);
        dashboard.driver.findElement(By.id("sign-in")).click();
        dashboard.waitFor(By.cssSelector("[data-view='overview']"));
        assertThat(dashboard.heading()).isEqualTo("Overview");
        // The session cookie is HttpOnly: the page holds only the CSRF token, in memory.
        assertThat(dashboard.script("return document.cookie")).isEqualTo("");

        dashboard.go("users");
        dashboard.driver.navigate().refresh();
        dashboard.waitFor(By.cssSelector("[data-view='users']"));
        assertThat(dashboard.heading()).isEqualTo("Users");
        assertThat(dashboard.driver.findElements(By.id("password"))).isEmpty();
        // The CSRF token came back from GET /admin/session: a state-changing request still works after the reload.
        Object status = dashboard.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/admin/assets/api.js').then(api => api.changeLimit(arguments[0], 11))
                  .then(() => done('ok'), e => done(String(e.status)));""", newUser("reload").userId());
        assertThat(status).isEqualTo("ok");

        dashboard.driver.findElement(By.id("sign-out")).click();
        dashboard.waitUntil("signed out", () -> dashboard.text("#login-message").equals("You are signed out."));
        dashboard.driver.navigate().refresh();
        dashboard.waitFor(By.id("password"));
        assertThat(dashboard.driver.findElements(By.cssSelector("[data-view]"))).isEmpty();
    }

    @Test
    @Order(2)
    void theOverviewShowsTheSameFiguresAsTheStatsApiForTheSameRange() {
        seedTraffic();
        dashboard.signIn(ServerTest.ADMIN_PASSWORD);

        assertOverviewMatchesStats("");
        new Select(dashboard.driver.findElement(By.id("site"))).selectByValue("portfolio");
        assertOverviewMatchesStats("portfolio");
        new Select(dashboard.driver.findElement(By.id("range"))).selectByValue("today");
        assertOverviewMatchesStats("portfolio");
        new Select(dashboard.driver.findElement(By.id("site"))).selectByValue("");
        new Select(dashboard.driver.findElement(By.id("range"))).selectByValue("30d");
        assertOverviewMatchesStats("");
        // Custom: the last seven local days, today included, as the form fills them in.
        new Select(dashboard.driver.findElement(By.id("range"))).selectByValue("custom");
        dashboard.driver.findElement(By.cssSelector(".custom-range button[type='submit']")).click();
        assertOverviewMatchesStats("");
        WebElement content = dashboard.driver.findElement(By.cssSelector(".overview-content"));
        assertThat(Duration.between(Instant.parse(content.getAttribute("data-from")),
                Instant.parse(content.getAttribute("data-to")))).isBetween(Duration.ofHours(167), Duration.ofHours(169));


        // The live panel: visitors in the last five minutes, as /admin/stats counts them for its window.
        dashboard.waitUntil("the live panel shows visitors", () -> liveFigure() != null && liveFigure().get(3) != null
                && !"0".equals(liveFigure().get(3)));
        List<String> live = liveFigure();
        JsonNode liveStats = api.stats("from=" + encode(live.get(0)) + "&to=" + encode(live.get(1)));
        assertThat(Duration.between(Instant.parse(live.get(0)), Instant.parse(live.get(1)))).isEqualTo(Duration.ofMinutes(5));
        assertThat(live.get(3)).isEqualTo(String.valueOf(liveStats.get("uniqueVisitors").asLong()));
    }

    @Test
    @Order(3)
    void resettingACountInUsersUpdatesTheTableAndAddsAnAuditRow() {
        EndUser user = newUser("reset-in-table");
        dashboard.signIn(ServerTest.ADMIN_PASSWORD);
        dashboard.go("users");

        WebElement search = dashboard.driver.findElement(By.id("user-search"));
        search.sendKeys("reset-in-table");
        search.submit();
        String row = "tr[data-user-id='" + user.userId() + "']";
        dashboard.waitUntil("the user with 3 of 10, alone", () -> countCell(row).equals("3 / 10")
                && dashboard.driver.findElements(By.cssSelector(".users-table tbody tr")).size() == 1);

        // The test clock stands still; moved on, the reset is the newest action, after this test's sign-in.
        clock.set(Instant.now());
        dashboard.driver.findElement(By.cssSelector(row + " button[data-action='reset']")).click();
        dashboard.waitFor(By.id("reset-reason")).sendKeys("Asked by support");
        dashboard.driver.findElement(By.id("confirm-reset")).click();
        dashboard.waitUntil("the table shows the count at 0", () -> countCell(row).equals("0 / 10"));

        dashboard.go("audit");
        String auditRow = "tr[data-action='user.count_reset']";
        dashboard.waitUntil("the reset in the audit log", () -> {
            List<WebElement> rows = dashboard.driver.findElements(By.cssSelector(".audit-table tbody tr"));
            if (!rows.isEmpty() && user.userId().equals(field(rows.get(0), "target"))) {
                return true;
            }
            dashboard.driver.findElement(By.cssSelector("[data-view='audit'] form button[type='submit']")).click();
            return false;
        });
        WebElement newest = dashboard.driver.findElement(By.cssSelector(".audit-table tbody tr"));
        assertThat(newest.getAttribute("data-action")).isEqualTo("user.count_reset");
        assertThat(field(newest, "action")).isEqualTo("Count reset");
        assertThat(field(newest, "actor")).startsWith("admin (IP #");
        assertThat(field(newest, "before")).isEqualTo("modelCount: 3");
        assertThat(field(newest, "after")).isEqualTo("modelCount: 0");
        assertThat(field(newest, "reason")).isEqualTo("Asked by support");
        assertThat(dashboard.driver.findElements(By.cssSelector(auditRow))).isNotEmpty();
    }

    @Test
    @Order(4)
    void theKeyboardAloneSignsInAndResetsACount() {
        EndUser user = newUser("keyboard-only");
        dashboard.open();
        dashboard.waitFor(By.id("password"));
        assertThat(activeId()).isEqualTo("password");
        keys(ServerTest.ADMIN_PASSWORD, Keys.ENTER);
        dashboard.waitFor(By.cssSelector("[data-view='overview']"));

        tabUntil("the Users link", () -> "users".equals(active().getAttribute("data-route")));
        keys(Keys.ENTER);
        dashboard.waitFor(By.cssSelector("[data-view='users']"));
        tabUntil("the search field", () -> "user-search".equals(activeId()));
        keys("keyboard-only", Keys.ENTER);
        String row = "tr[data-user-id='" + user.userId() + "']";
        dashboard.waitUntil("the user with 3 of 10", () -> countCell(row).equals("3 / 10")
                && dashboard.driver.findElements(By.cssSelector(".users-table tbody tr")).size() == 1);

        tabUntil("the user's Reset count button", () -> "reset".equals(active().getAttribute("data-action"))
                && user.userId().equals(active().getAttribute("data-user-id")));
        keys(Keys.ENTER);
        dashboard.waitFor(By.id("reset-reason"));
        assertThat(activeId()).isEqualTo("reset-reason");
        keys("Typed, not clicked", Keys.TAB, Keys.TAB);
        assertThat(activeId()).isEqualTo("confirm-reset");
        keys(Keys.ENTER);

        dashboard.waitUntil("the table shows the count at 0", () -> countCell(row).equals("0 / 10"));
        dashboard.waitUntil("focus back on the user's Reset count button", () ->
                user.userId().equals(active().getAttribute("data-user-id")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                get("/admin/logs?action=user.count_reset").get("items").findValuesAsText("reason"))
                .contains("Typed, not clicked"));
    }

    @Test
    @Order(5)
    void storedMarkupShowsAsTextUnderTheCsp() {
        assertThat(api.get("/admin").header("Content-Security-Policy")).contains("script-src 'self'");
        StoredMarkup markup = StoredMarkup.seed(api);
        dashboard.signIn(ServerTest.ADMIN_PASSWORD);
        markup.assertShownAsText(dashboard);
    }

    @Test
    @Order(6)
    void operationsRebuildsEveryReadModelWithProgressAndShowsWhatTheApiShows() {
        // Enough history that the rebuild lasts a moment; dated long ago, so the overview's periods do not change.
        new History(eventStore, 61, Instant.parse("2025-03-01T00:00:00Z")).append(5_000);
        await().atMost(Duration.ofSeconds(60)).until(() -> projectionsCaughtUpWith(5_000));
        dashboard.signIn(ServerTest.ADMIN_PASSWORD);
        dashboard.go("operations");
        OperationsPage page = new OperationsPage(dashboard);

        dashboard.waitUntil("the five read models, idle", () -> page.readModels().equals(
                READ_MODELS.stream().map(name -> List.of(name, "idle")).toList()));
        assertThat(page.readModels()).isEqualTo(OperationsPage.readModels(get("/admin/replay")));
        // Positions and lag move between two reads; which processors there are, and of which kind, does not.
        dashboard.waitUntil("the processors, as /admin/processors lists them", () ->
                page.processors().equals(OperationsPage.processors(get("/admin/processors"))));
        for (String name : READ_MODELS) {
            assertThat(page.processors()).contains(List.of(name, "projection"));
            assertThat(page.processorCell(name, "lag")).as("lag of " + name).matches("\\d[\\d,.\\s]*");
            assertThat(page.processorCell(name, "position")).as("position of " + name).matches("\\d[\\d,.\\s]*");
            assertThat(page.processorCell(name, "rebuilding")).isEqualTo("no");
        }
        long head = Long.parseLong(dashboard.driver.findElement(By.cssSelector("[data-field='head']"))
                .getAttribute("data-value"));
        assertThat(head).isBetween(5_000L, get("/admin/processors").get("head").asLong());

        page.recordRebuildBlocks();
        dashboard.driver.findElement(By.id("rebuild-all")).click();
        WebElement confirm = dashboard.waitFor(By.id("confirm-rebuild"));
        assertThat(dashboard.text("dialog h2")).isEqualTo("Rebuild every read model?");
        confirm.click();
        dashboard.waitUntil("the rebuild is accepted", () -> dashboard.text("[data-view] .status-line")
                .matches("Rebuild \\d+ of page-views, users, sessions, cad-events, admin-logs started\\."));
        assertThat(dashboard.driver.findElements(By.cssSelector("dialog"))).isEmpty();
        String id = dashboard.text("[data-view] .status-line").replaceAll("\\D+", " ").trim();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                page.readModels().stream().allMatch(model -> model.get(1).equals("idle"))
                        && !page.history().isEmpty() && page.history().get(0).get(0).equals(id)
                        && page.history().get(0).get(2).equals("done"));

        // While it ran, the page showed it with a progress bar: from the 202 at once, then from the polls.
        List<List<Object>> shown = page.recordedRebuildBlocks();
        assertThat(shown).as("rebuild blocks the page showed").anySatisfy(block -> {
            assertThat(block.get(0)).isIn("rebuilding", "swapping");
            assertThat(block.get(1)).isEqualTo(true);
        });
        assertThat(shown).anySatisfy(block -> assertThat((String) block.get(2))
                .matches("[\\d,.\\s]+ of [\\d,.\\s]+ events \\(\\d+ %\\).*"));
        WebElement latest = dashboard.driver.findElement(By.cssSelector(".rebuild-progress"));
        assertThat(latest.getAttribute("data-rebuild-id")).isEqualTo(id);
        assertThat(latest.getAttribute("data-state")).isEqualTo("done");
        assertThat(dashboard.text(".rebuild-progress .rebuild-figures")).endsWith("(100 %)");
        assertThat(dashboard.driver.findElement(By.id("rebuild-all")).isEnabled()).isTrue();

        JsonNode replay = get("/admin/replay");
        assertThat(page.readModels()).isEqualTo(OperationsPage.readModels(replay));
        assertThat(page.history().get(0)).isEqualTo(OperationsPage.historyRow(replay.get("rebuilds").get(0)));
        assertThat(page.history().get(0)).containsExactly(id, String.join(", ", READ_MODELS), "done", "admin",
                replay.get("rebuilds").get(0).get("eventsDone").asText());
        assertThat(replay.get("rebuilds").get(0).get("eventsDone").asLong()).isGreaterThanOrEqualTo(5_000);
    }

    @Test
    @Order(7)
    void theKeyboardAloneRebuildsOneReadModel() {
        dashboard.signIn(ServerTest.ADMIN_PASSWORD);
        OperationsPage page = new OperationsPage(dashboard);
        tabUntil("the Operations link", () -> "operations".equals(active().getAttribute("data-route")));
        keys(Keys.ENTER);
        dashboard.waitFor(By.cssSelector("[data-view='operations']"));
        dashboard.waitUntil("the read models, idle", () -> page.readModels().size() == READ_MODELS.size()
                && page.readModels().stream().allMatch(model -> model.get(1).equals("idle")));
        int rebuildsBefore = get("/admin/replay").get("rebuilds").size();
        String newestBefore = rebuildsBefore == 0 ? null : get("/admin/replay").get("rebuilds").get(0).get("id").asText();

        tabUntil("the Rebuild button of users", () -> "rebuild".equals(active().getAttribute("data-action"))
                && "users".equals(active().getAttribute("data-read-model")));
        // Escape closes the dialog without a rebuild, and the focus goes back to the button.
        keys(Keys.ENTER);
        dashboard.waitFor(By.id("confirm-rebuild"));
        assertThat(activeId()).isEqualTo("confirm-rebuild");
        assertThat(dashboard.text("dialog h2")).isEqualTo("Rebuild users?");
        keys(Keys.ESCAPE);
        dashboard.waitUntil("the dialog closed", () -> dashboard.driver.findElements(By.cssSelector("dialog")).isEmpty());
        assertThat(active().getAttribute("data-read-model")).isEqualTo("users");
        JsonNode unchanged = get("/admin/replay").get("rebuilds");
        assertThat(unchanged.size() == 0 ? null : unchanged.get(0).get("id").asText()).isEqualTo(newestBefore);

        keys(Keys.ENTER);
        dashboard.waitFor(By.id("confirm-rebuild"));
        assertThat(activeId()).isEqualTo("confirm-rebuild");
        keys(Keys.ENTER);
        dashboard.waitUntil("the rebuild of users is accepted", () -> dashboard.text("[data-view] .status-line")
                .matches("Rebuild \\d+ of users started\\."));
        // The focus lands on the message that says so; the Rebuild button is disabled while it runs.
        assertThat(active().getAttribute("class")).isEqualTo("status-line");
        String id = dashboard.text("[data-view] .status-line").replaceAll("\\D+", " ").trim();
        JsonNode rebuild = get("/admin/replay").get("rebuilds").get(0);
        assertThat(rebuild.get("id").asText()).isEqualTo(id);
        assertThat(rebuild.get("projections").toString()).isEqualTo("[\"users\"]");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                !page.history().isEmpty() && page.history().get(0).get(0).equals(id)
                        && page.history().get(0).get(2).equals("done")
                        && page.readModels().stream().allMatch(model -> model.get(1).equals("idle")));
        assertThat(page.history().get(0)).isEqualTo(OperationsPage.historyRow(get("/admin/replay").get("rebuilds").get(0)));
    }

    @Test
    @Order(8)
    void aRebuildAnotherAdminStartedMeanwhileIsRefusedWithTheServicesMessage() {
        dashboard.signIn(ServerTest.ADMIN_PASSWORD);
        dashboard.go("operations");
        OperationsPage page = new OperationsPage(dashboard);
        dashboard.waitUntil("the read models, idle", () -> page.readModels().size() == READ_MODELS.size()
                && page.readModels().stream().allMatch(model -> model.get(1).equals("idle")));
        dashboard.driver.findElement(By.id("rebuild-all")).click();
        WebElement confirm = dashboard.waitFor(By.id("confirm-rebuild"));

        // While the dialog is open, someone else starts a rebuild of one of the read models.
        Api.Response started = api.postJson("/admin/replay", "{\"projection\":\"sessions\"}", api.admin());
        assertThat(started.status()).isEqualTo(202);
        String running = started.json().get("id").asText();
        confirm.click();

        dashboard.waitUntil("the refusal in the dialog", () -> dashboard.text("dialog .form-message-error")
                .startsWith("Rebuild " + running + " of [sessions] is still "));
        assertThat(dashboard.text("dialog .form-message-error")).endsWith("; wait for it to finish");
        assertThat(confirm.isEnabled()).isTrue();
        dashboard.driver.findElement(By.cssSelector("dialog .button-quiet")).click();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                !page.history().isEmpty() && page.history().get(0).get(0).equals(running)
                        && page.history().get(0).get(2).equals("done")
                        && page.readModels().stream().allMatch(model -> model.get(1).equals("idle")));
        assertThat(get("/admin/replay").get("rebuilds").get(0).get("id").asText()).as("nothing else started")
                .isEqualTo(running);
    }

    @Test
    @Order(9)
    void aParkedEventShowsWithItsDatabaseCauseAsTextAndARetryProcessesIt() {
        // The database's message quotes the constraint's name: markup there must stay text on the page.
        String constraint = "<img src=x onerror=window.__xss=9>";
        jdbc.execute("ALTER TABLE users ADD CONSTRAINT \"" + constraint + "\" CHECK (name IS DISTINCT FROM 'Poison')");
        String poisoned = UUID.randomUUID().toString();
        JsonNode parked;
        try {
            new Events(eventStore).ofUser(poisoned, new UserRegistered(poisoned, null, "Poison", 10, Instant.now()));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    get("/admin/dead-letters?processingGroup=users").get("processingGroups").get(0).get("parked").asLong() == 1);
            parked = get("/admin/dead-letters?processingGroup=users").get("processingGroups").get(0).get("items").get(0);
            assertThat(parked.get("causeMessage").asText()).contains(constraint);

            dashboard.signIn(ServerTest.ADMIN_PASSWORD);
            dashboard.go("operations");
            dashboard.waitFor(By.cssSelector("[data-processing-group='users'] tr[data-event-id='"
                    + parked.get("eventId").asText() + "']"));
            assertThat(dashboard.cells("cause")).containsExactly(List.of(parked.get("causeMessage").asText(), 0L));
            assertThat(dashboard.cells("eventType")).containsExactly(List.of("UserRegistered", 0L));
            assertThat(dashboard.cells("sequence")).containsExactly(List.of(poisoned, 0L));
            assertThat(dashboard.text("[data-processing-group='users'] h3"))
                    .isEqualTo("users: 1 parked event in 1 sequence");
            assertThat(dashboard.script("return document.querySelectorAll('main img, [onerror]').length")).isEqualTo(0L);
            dashboard.assertNoScriptRan();
            dashboard.waitUntil("the users processor counts the dead letter", () ->
                    new OperationsPage(dashboard).processorCell("users", "deadLetters").equals("1"));
        } finally {
            jdbc.execute("ALTER TABLE users DROP CONSTRAINT \"" + constraint + "\"");
        }

        dashboard.driver.findElement(By.cssSelector("button[data-action='retry'][data-processing-group='users']")).click();
        dashboard.waitUntil("the retry's result", () -> dashboard.text("[data-view] .status-line")
                .equals("Retried 1 sequence of users: 1 processed, 0 events still parked."));
        dashboard.waitUntil("nothing parked any more", () -> dashboard.text("[data-section='dead-letters'] .state-empty")
                .equals("No events are parked: every projection has handled every event."));
        assertThat(dashboard.driver.findElement(By.id("retry-all")).isEnabled()).isFalse();
        assertThat(get("/admin/dead-letters").get("processingGroups").findValues("parked"))
                .allSatisfy(count -> assertThat(count.asLong()).isZero());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get("/admin/users?q=" + poisoned).get("items")).hasSize(1));
    }

    @Test
    @Order(10)
    void screenshotsAtALaptopsAndAPhonesWidthWithNothingCutOff() throws Exception {
        dashboard.signIn(ServerTest.ADMIN_PASSWORD);
        for (String route : List.of("overview", "users", "generations", "audit", "operations")) {
            dashboard.go(route);
            dashboard.waitUntil(route + " loaded", () -> dashboard.driver.findElements(
                    By.cssSelector("[data-view] .state-loading")).isEmpty()
                    && !dashboard.driver.findElements(By.cssSelector("[data-view] table")).isEmpty());
            for (int width : new int[]{1280, 390}) {
                Path file = dashboard.screenshot(route, width);
                assertThat(Files.size(file)).isGreaterThan(5_000);
                assertThat(dashboard.horizontalOverflow()).as(route + " at " + width + " px").isLessThanOrEqualTo(0);
            }
        }
    }

    // --- seeding through the HTTP API

    /** Page views on both sites from three browsers, one with a referrer, and generations that succeed and fail. */
    private void seedTraffic() {
        String[][] views = {
                {"portfolio", "http://localhost/", "Browser A", null},
                {"portfolio", "http://localhost/", "Browser B", "https://news.example/story"},
                {"portfolio", "http://localhost/work", "Browser A", null},
                {"text-to-cad", "http://127.0.0.1/new", "Browser C", null},
        };
        for (String[] view : views) {
            Map<String, Object> body = new java.util.HashMap<>(Map.of("site", view[0], "url", view[1]));
            if (view[3] != null) {
                body.put("referrer", view[3]);
            }
            assertThat(api.postJson("/track/pageview", json(body), "User-Agent", view[2]).status()).isEqualTo(202);
        }
        EndUser user = EndUser.signUp(api, "{}");
        for (String event : List.of(
                "{\"kind\":\"generation_started\",\"prompt\":\"a gear\"}",
                "{\"kind\":\"generation_succeeded\",\"prompt\":\"a gear\",\"durationMs\":1500}",
                "{\"kind\":\"generation_started\",\"prompt\":\"a bolt\"}",
                "{\"kind\":\"generation_failed\",\"prompt\":\"a bolt\",\"error\":\"timeout\",\"durationMs\":9000}")) {
            assertThat(api.postJson("/track/cad-event", event, user.writes()).status()).isEqualTo(202);
        }
        Instant now = Instant.now();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode stats = api.stats("from=" + now.minus(Duration.ofDays(1)) + "&to=" + now.plus(Duration.ofDays(1)));
            assertThat(stats.get("pageViews").asLong()).isGreaterThanOrEqualTo(4);
            assertThat(stats.get("cad").get("started").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(stats.get("cad").get("failed").asLong()).isGreaterThanOrEqualTo(1);
        });
    }

    /** A user with an email holding {@code tag}, who has generated 3 of 10, as the admin's list shows. */
    private EndUser newUser(String tag) {
        EndUser user = EndUser.signUp(api, "{\"email\":\"" + tag + "-" + System.nanoTime() + "@example.com\"}");
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/users/increment-count", null, "", user.writes()).status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                get("/admin/users?q=" + user.userId()).get("items").findValuesAsText("modelCount")).containsExactly("3"));
        return user;
    }

    /** Whether the store holds at least {@code events} and every read model's processor has handled them all. */
    private boolean projectionsCaughtUpWith(long events) {
        JsonNode processors = get("/admin/processors");
        List<String> caughtUp = new ArrayList<>();
        processors.get("processors").forEach(processor -> {
            if (processor.get("lag").asLong() == 0) {
                caughtUp.add(processor.get("name").asText());
            }
        });
        return processors.get("head").asLong() >= events && caughtUp.containsAll(READ_MODELS);
    }

    private JsonNode get(String path) {
        Api.Response response = api.get(path, api.admin());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    // --- reading the page

    private void assertOverviewMatchesStats(String site) {
        dashboard.waitUntil("the overview for site '" + site + "'", () -> {
            List<WebElement> content = dashboard.driver.findElements(By.cssSelector(".overview-content[data-from]"));
            return !content.isEmpty() && site.equals(content.get(0).getAttribute("data-site"))
                    && content.get(0).getAttribute("aria-busy") == null;
        });
        WebElement content = dashboard.driver.findElement(By.cssSelector(".overview-content"));
        String from = content.getAttribute("data-from");
        String to = content.getAttribute("data-to");
        String query = (site.isEmpty() ? "" : "site=" + site + "&") + "from=" + encode(from) + "&to=" + encode(to)
                + "&tz=" + encode(content.getAttribute("data-tz"));
        JsonNode stats = api.stats(query);
        assertThat(stats.get("pageViews").asLong()).as("seeded page views in range").isPositive();

        assertThat(value("pageViews")).isEqualTo(stats.get("pageViews").asText());
        assertThat(card("pageViews").getText()).isEqualTo(stats.get("pageViews").asText());
        assertThat(value("uniqueVisitors")).isEqualTo(stats.get("uniqueVisitors").asText());
        assertThat(card("uniqueVisitors").getText()).isEqualTo(stats.get("uniqueVisitors").asText());
        JsonNode cad = stats.get("cad");
        assertThat(value("generations")).isEqualTo(cad.get("started").asText());
        assertThat(Double.parseDouble(value("successRate"))).isEqualTo(cad.get("successRate").asDouble());
        assertThat(Double.parseDouble(value("medianDuration"))).isEqualTo(cad.get("p50DurationMs").asDouble());
        assertThat(card("successRate").getText()).isEqualTo("%.1f %%".formatted(cad.get("successRate").asDouble() * 100));
        JsonNode users = stats.get("users");
        assertThat(value("sessions")).isEqualTo(users.get("sessions").asText());
        assertThat(value("activeUsers")).isEqualTo(users.get("activeUsers").asText());

        // Against the previous period of the same length.
        Instant start = Instant.parse(stats.get("from").asText());
        Duration length = Duration.between(start, Instant.parse(stats.get("to").asText()));
        JsonNode previous = api.stats((site.isEmpty() ? "" : "site=" + site + "&") + "from=" + start.minus(length)
                + "&to=" + start);
        long before = previous.get("pageViews").asLong();
        assertThat(delta("pageViews")).endsWith("on the previous period (" + before + ")");

        assertThat(rows("Top pages")).isEqualTo(pairs(stats.get("topPages"), "path"));
        assertThat(rows("Top referrers")).isEqualTo(pairs(stats.get("topReferrers"), "referrer"));
    }

    private WebElement card(String metric) {
        return dashboard.driver.findElement(By.cssSelector(".card[data-metric='" + metric + "'] .value"));
    }

    private String value(String metric) {
        return card(metric).getAttribute("data-value");
    }

    private String delta(String metric) {
        return dashboard.driver.findElement(By.cssSelector(".card[data-metric='" + metric + "'] .delta")).getText();
    }

    /** A ranking table's rows as [text, views]; empty when the panel shows its empty state. */
    private List<List<String>> rows(String caption) {
        List<List<String>> rows = new ArrayList<>();
        for (WebElement panel : dashboard.driver.findElements(By.cssSelector(".panel"))) {
            if (!panel.findElement(By.tagName("h2")).getText().equals(caption)) {
                continue;
            }
            for (WebElement row : panel.findElements(By.cssSelector("tbody tr"))) {
                List<WebElement> cells = row.findElements(By.tagName("td"));
                // the first cell names the row, the last counts it (Top pages has a title column between)
                rows.add(List.of(dashboard.textContent(cells.get(0)),
                        dashboard.textContent(cells.get(cells.size() - 1))));
            }
        }
        return rows;
    }

    private static List<List<String>> pairs(JsonNode items, String key) {
        List<List<String>> pairs = new ArrayList<>();
        items.forEach(item -> pairs.add(List.of(item.get(key).asText(), item.get("pageViews").asText())));
        return pairs;
    }

    /** The live panel's window and figure, read in one go: [from, to, site, visitors]. */
    @SuppressWarnings("unchecked")
    private List<String> liveFigure() {
        return (List<String>) dashboard.script("""
                const live = document.querySelector('.live');
                const figure = live && live.querySelector('[data-field="liveVisitors"]');
                return live && live.dataset.from
                  ? [live.dataset.from, live.dataset.to, live.dataset.site, figure && figure.textContent] : null;""");
    }

    private String countCell(String rowSelector) {
        return dashboard.text(rowSelector + " td[data-field='count']");
    }

    private String field(WebElement row, String name) {
        return dashboard.textContent(row.findElement(By.cssSelector("td[data-field='" + name + "']")));
    }

    // --- the keyboard

    private WebElement active() {
        return dashboard.driver.switchTo().activeElement();
    }

    private String activeId() {
        return active().getAttribute("id");
    }

    private void keys(CharSequence... keys) {
        new Actions(dashboard.driver).sendKeys(keys).perform();
    }

    /** Presses Tab until the condition holds, as a keyboard user would; fails after 40 presses. */
    private void tabUntil(String what, java.util.function.BooleanSupplier reached) {
        for (int presses = 0; presses < 40; presses++) {
            if (reached.getAsBoolean()) {
                return;
            }
            keys(Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + what);
    }
}
