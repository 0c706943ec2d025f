package dev.analytics.server.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Headless Chromium for end-to-end tests, from Debian's {@code chromium} and {@code chromium-driver} packages.
 *
 * <p>Both executables are set explicitly, so Selenium Manager never looks for (or downloads) a browser or a driver.
 * Without them a test is skipped on a developer's machine, but fails when {@code CI=true}: there a missing browser
 * is a broken build, not a reason to pass quietly.
 */
public final class Browsers {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Logger log = LoggerFactory.getLogger(Browsers.class);

    private Browsers() {
    }

    /** A fresh headless Chromium with an empty profile. */
    public static ChromeDriver headlessChromium() {
        return headlessChromium(options -> {
        });
    }

    /**
     * A fresh headless Chromium with an empty profile, after {@code customize} has added to its options (such as
     * preferences). The profile directory is deleted when the driver quits.
     */
    public static ChromeDriver headlessChromium(Consumer<ChromeOptions> customize) {
        requireInstalled();
        Path profile = createProfileDirectory();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        customize.accept(options);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            return new ChromeDriver(service, options) {
                @Override
                public void quit() {
                    try {
                        super.quit();
                    } finally {
                        deleteQuietly(profile);
                    }
                }
            };
        } catch (RuntimeException e) {
            deleteQuietly(profile);
            throw e;
        }
    }

    /** Skips the calling test, or fails it on CI, unless both executables are installed. */
    public static void requireInstalled() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("CI=true but Debian's chromium/chromium-driver is not installed; .ci/run installs them"
                    + " (looked for " + CHROMIUM + " and " + CHROMEDRIVER + ")");
        }
        String reason = "Browser test skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing; install the"
                + " Debian packages chromium and chromium-driver (apt-get install chromium chromium-driver) to run it";
        log.warn(reason);
        Assumptions.assumeTrue(false, reason);
    }

    private static Path createProfileDirectory() {
        try {
            return Files.createTempDirectory("chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete the browser profile {}: {}", directory, e.toString());
        }
    }
}
