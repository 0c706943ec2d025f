package dev.analytics.server.cli;

import dev.analytics.events.AdminActor;
import dev.analytics.query.rebuild.ReadModel;
import dev.analytics.query.rebuild.Rebuild;
import dev.analytics.query.rebuild.RebuildInProgress;
import dev.analytics.query.rebuild.RebuildState;
import dev.analytics.query.rebuild.RebuildStatus;
import dev.analytics.query.rebuild.RequestRebuild;
import dev.analytics.server.AnalyticsServer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar analytics-server.jar replay [projection]}: rebuilds one read model, or all of them, and prints its
 * progress until the rebuilt tables are swapped in. It runs the query role (serving nothing), with the server's
 * configuration (the same environment: {@code DATABASE_URL}, {@code ADMIN_PASSWORD}, ...). Servers running on the same
 * database keep serving meanwhile; whichever query instance takes the rebuild's lease does the work, this one
 * included, and this command follows it either way.
 *
 * <p>Exit status: 0 when the rebuild is swapped in, 1 when it failed, 2 for a usage error or a rebuild already running.
 */
public final class ReplayCommandLine {

    public static final String COMMAND = "replay";
    private static final Duration POLL = Duration.ofSeconds(2);

    private ReplayCommandLine() {
    }

    public static boolean isInvoked(String[] args) {
        return args.length > 0 && COMMAND.equals(args[0]);
    }

    /**
     * @param args  {@code replay [projection]}, then any {@code --name=value} settings, as for the server
     * @param out   where progress goes
     */
    public static int run(String[] args, PrintStream out) {
        List<String> projections = Arrays.stream(args).skip(1).filter(arg -> !arg.startsWith("--")).toList();
        String[] settings = Arrays.stream(args).skip(1).filter(arg -> arg.startsWith("--")).toArray(String[]::new);
        if (projections.size() > 1 || projections.stream().anyMatch(name -> ReadModel.named(name).isEmpty())) {
            out.println("Usage: java -jar analytics-server.jar replay [projection] [--setting=value ...]");
            out.println("Projections: " + String.join(", ", ReadModel.names()) + " (all of them when left out)");
            return 2;
        }
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(AnalyticsServer.class)
                    // The query role's web beans expect a web server: it gets one on a free loopback port, which
                    // nobody is told about, and no management port. Spring's own report of a failed start is
                    // replaced by one line below.
                    .properties("analytics.role=query", "server.port=0", "server.address=127.0.0.1",
                            "management.server.port=-1", "logging.level.root=WARN",
                            "logging.level.org.springframework.boot.SpringApplication=OFF",
                            "logging.level.org.springframework.boot.diagnostics=OFF",
                            "logging.level.org.springframework.boot.web.embedded.tomcat.TomcatStarter=OFF",
                            "logging.level.org.springframework.boot.web.servlet.context=ERROR")
                    .run(settings);
        } catch (RuntimeException e) {
            out.println("Could not start: " + rootCause(e).getMessage());
            return 1;
        }
        try (context) {
            AdminActor operator = new AdminActor("cli:" + System.getProperty("user.name", "unknown"), null);
            long id;
            try {
                id = context.getBean(CommandGateway.class).sendAndWait(new RequestRebuild(projections, operator));
            } catch (RebuildInProgress e) {
                out.println(e.getBody().getDetail());
                return 2;
            }
            RebuildStatus status = context.getBean(RebuildStatus.class);
            out.println("Rebuild " + id + " requested");
            return follow(status, id, out);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static int follow(RebuildStatus status, long id, PrintStream out) {
        while (true) {
            Rebuild rebuild = status.find(id);
            out.println(rebuild.progressLine());
            if (rebuild.state() == RebuildState.DONE) {
                return 0;
            }
            if (rebuild.state() == RebuildState.FAILED) {
                return 1;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.println("Interrupted; the rebuild carries on in the servers");
                return 1;
            }
        }
    }
}
