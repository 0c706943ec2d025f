package dev.analytics.server.dashboard;

import dev.analytics.server.support.Api;
import dev.analytics.server.support.Browsers;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard on a server that sends no Content-Security-Policy: stored markup must still show as text, so the
 * escaping does not lean on the CSP. The same server, with a small sign-in limit, shows how a lockout reads: one
 * server start serves both, as each costs seconds.
 */
@ServerTest
@TestPropertySource(properties = {
        "analytics.http.admin-csp=false",
        // Enough for the API's and the browser's sign-ins and a wrong password or two; then 429.
        "analytics.rate-limits.admin-login.capacity=4",
        "analytics.rate-limits.admin-login.period=15m"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardWithoutCspTest {

    @LocalServerPort
    int port;
    Api api;
    Dashboard dashboard;

    @BeforeAll
    void startBrowser() {
        Browsers.requireInstalled();
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
    void storedMarkupShowsAsTextWithoutTheCsp() {
        assertThat(api.get("/admin").header("Content-Security-Policy")).isNull();
        assertThat(api.get("/admin/assets/app.js").header("Content-Security-Policy")).isNull();
        StoredMarkup markup = StoredMarkup.seed(api);
        dashboard.signIn(ServerTest.ADMIN_PASSWORD);
        // Proof that this page would run injected markup: without the CSP, an inline handler does run.
        assertThat(dashboard.script("""
                const probe = document.createElement('div');
                probe.innerHTML = '<img src=x onerror="window.__probe=1">';
                return new Promise(done => setTimeout(() => done(String(window.__probe)), 500));"""))
                .isEqualTo("1");
        markup.assertShownAsText(dashboard);
    }

    @Test
    @Order(2)
    void tooManySignInAttemptsShowWhenToRetry() {
        dashboard.open();
        dashboard.waitFor(By.id("password"));
        // The browser may reach the server over another address than the API client (::1 or 127.0.0.1), so its
        // attempts are counted until the limit answers, whatever was spent before.
        int refused = 0;
        for (int attempt = 0; attempt < 6 && !locked(); attempt++) {
            WebElement password = dashboard.driver.findElement(By.id("password"));
            password.clear();
            password.sendKeys("wrong-password-" + attempt);
            dashboard.script("document.getElementById('login-message').textContent = ''");
            dashboard.driver.findElement(By.id("sign-in")).click();
            dashboard.waitUntil("an answer", () -> locked() || wrongPassword());
            refused += wrongPassword() ? 1 : 0;
        }
        assertThat(refused).as("wrong passwords refused before the lockout").isPositive();
        assertThat(locked()).as("locked out").isTrue();

        String message = dashboard.text("#login-message");
        Matcher wait = Pattern.compile("Try again in (\\d+) s \\(at .+\\)\\.").matcher(message);
        assertThat(wait.find()).as(message).isTrue();
        int seconds = Integer.parseInt(wait.group(1));
        // The limit refills gradually: one attempt back after a quarter of 15 minutes at most.
        assertThat(seconds).isBetween(1, 15 * 60 / 4 + 1);
        assertThat(dashboard.driver.findElement(By.id("sign-in")).isEnabled()).isFalse();
        assertThat(dashboard.driver.findElements(By.cssSelector("[data-view]"))).isEmpty();
    }

    private boolean locked() {
        return dashboard.text("#login-message").startsWith("Too many sign-in attempts.");
    }

    private boolean wrongPassword() {
        return dashboard.text("#login-message").equals("Wrong password. Check it and try again.");
    }
}
