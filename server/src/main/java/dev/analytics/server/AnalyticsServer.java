package dev.analytics.server;

import dev.analytics.server.cli.ReplayCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The analytics service: command side, query side and dashboard in one process, or one side per process
 * ({@code analytics.role}, README "Split roles").
 */
@SpringBootApplication(scanBasePackages = "dev.analytics")
@ConfigurationPropertiesScan("dev.analytics")
@EnableScheduling
public class AnalyticsServer {

    /** Starts the server; {@code replay [projection]} rebuilds read models instead (README "Rebuilding"). */
    public static void main(String[] args) {
        disableAxonUpdateChecker();
        if (ReplayCommandLine.isInvoked(args)) {
            System.exit(ReplayCommandLine.run(args, System.out));
        }
        SpringApplication.run(AnalyticsServer.class, args);
    }

    /** A self-hosted service phones nobody home; an explicit setting by the operator still wins. */
    public static void disableAxonUpdateChecker() {
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }
}
