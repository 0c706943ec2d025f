package dev.analytics.server.health;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /health}: {@code 200 {"status":"UP","database":"UP"}}, or {@code 503} with {@code "DOWN"} within
 * about 1.5 seconds when the database does not answer, however long the connection attempt would hang.
 */
@RestController
class HealthController {

    private static final Duration DEADLINE = Duration.ofMillis(1500);

    private final DataSource dataSource;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "health-check");
        thread.setDaemon(true);
        return thread;
    });
    /** At most one check runs at a time: callers during a hanging check share its outcome. */
    private final AtomicReference<CompletableFuture<Boolean>> running = new AtomicReference<>();

    HealthController(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @GetMapping("/health")
    ResponseEntity<Map<String, String>> health() {
        boolean databaseUp;
        try {
            databaseUp = check().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timedOutOrFailed) {
            databaseUp = false;
        }
        String state = databaseUp ? "UP" : "DOWN";
        return ResponseEntity.status(databaseUp ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .header("Cache-Control", "no-store")
                .body(Map.of("status", state, "database", state));
    }

    private CompletableFuture<Boolean> check() {
        CompletableFuture<Boolean> current = running.get();
        if (current != null && !current.isDone()) {
            return current;
        }
        CompletableFuture<Boolean> next = new CompletableFuture<>();
        if (!running.compareAndSet(current, next)) {
            return running.get(); // another caller started a check just now: share it
        }
        checker.execute(() -> next.complete(ping()));
        return next;
    }

    private boolean ping() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            statement.execute("SELECT 1");
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
