package dev.analytics.server.dashboard;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard in a headless Chromium, as an admin uses it: the page, its sections and what they show. */
final class Dashboard {

    /** Where screenshots go: {@code server/target/screenshots/}, as surefire runs in the module's directory. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final String base;
    private final WebDriverWait wait;

    Dashboard(ChromeDriver driver, int port) {
        this.driver = driver;
        this.base = "http://localhost:" + port;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(100));
    }

    /** Forgets every cookie (the admin session among them) and any emulated screen size. */
    void reset() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    void open() {
        driver.get(base + "/admin");
    }

    WebElement waitFor(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void waitUntil(String description, java.util.function.BooleanSupplier condition) {
        wait.withMessage(description).until(d -> condition.getAsBoolean());
    }

    /** Signs in through the form, with the mouse. */
    void signIn(String password) {
        open();
        WebElement field = waitFor(By.id("password"));
        field.clear();
        field.sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        waitFor(By.cssSelector("[data-view]"));
    }

    /** Goes to a section by its link in the navigation. */
    void go(String route) {
        driver.findElement(By.cssSelector("a[data-route='" + route + "']")).click();
        waitFor(By.cssSelector("[data-view='" + route + "']"));
    }

    String heading() {
        return waitFor(By.cssSelector("main h1")).getText();
    }

    Object script(String javascript, Object... args) {
        return driver.executeScript(javascript, args);
    }

    /** The textContent of the first element the CSS selector finds, or "" when there is none, read in one go. */
    String text(String selector) {
        return (String) script("const e = document.querySelector(arguments[0]); return e ? e.textContent : ''",
                selector);
    }

    String textContent(WebElement element) {
        return (String) script("return arguments[0].textContent", element);
    }

    long childElements(WebElement element) {
        return ((Number) script("return arguments[0].childElementCount", element)).longValue();
    }

    /** Every cell of the given data-field on the page, as its exact textContent and its number of child elements. */
    @SuppressWarnings("unchecked")
    List<List<Object>> cells(String field) {
        return (List<List<Object>>) script("return [...document.querySelectorAll('td[data-field=\"' + arguments[0] + '\"]')]"
                + ".map(td => [td.textContent, td.childElementCount])", field);
    }

    /** Nothing a test stored as text ran as a script. */
    void assertNoScriptRan() {
        assertThat(script("return typeof window.__xss")).as("window.__xss").isEqualTo("undefined");
    }

    /** Emulates a screen {@code width} CSS pixels wide, as a phone at 390 or a laptop at 1280. */
    void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", width < 600));
        waitUntil("the viewport is " + width + " px wide",
                () -> ((Number) script("return window.innerWidth")).intValue() == width);
    }

    /** Whether the page is wider than the screen, which would cut something off or scroll sideways. */
    long horizontalOverflow() {
        return ((Number) script("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
    }

    /** A screenshot of the whole page at the given width, under {@link #SCREENSHOTS}. */
    Path screenshot(String name, int width) {
        viewport(width, 900);
        int height = ((Number) script("return Math.ceil(document.documentElement.scrollHeight)")).intValue();
        viewport(width, Math.min(Math.max(height, 600), 6000));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + "-" + width + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
