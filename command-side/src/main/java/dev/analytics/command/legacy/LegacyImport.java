package dev.analytics.command.legacy;

import dev.analytics.command.user.InvalidModelLimit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Moves users from the old system's JSON or CSV export ({@code ANALYTICS_LEGACY_USERS}) into events, once the server
 * has started. Every row becomes one {@link ImportLegacyUser} command, with the row's {@code created_at} as the
 * user's creation time ({@code UserImported.createdAt}); the event's {@code occurredAt} is the time of the import.
 *
 * <ul>
 *   <li><b>Idempotent.</b> A row's user id is derived from the row ({@link LegacyUser}), and a user that exists is
 *       skipped, so a second start imports nothing new.</li>
 *   <li><b>A bad row never stops the import.</b> It is rejected with its row number and a reason, and the rest go
 *       on.</li>
 *   <li><b>A bad file stops start-up.</b> The operator asked for this import explicitly; a server that started
 *       without it would look fine while missing users. The whole file is read once before anything is imported, so
 *       a damaged file imports nothing.</li>
 *   <li><b>No emails in logs.</b> Rejections name the row, never the email; other values from the file are logged
 *       escaped, so they cannot forge log lines.</li>
 * </ul>
 * The server serves requests while the import runs; it reports itself ready (Spring's readiness state) only after.
 */
@Component
public class LegacyImport implements ApplicationRunner {

    static final int PROGRESS_EVERY = 1000;

    private static final Logger log = LoggerFactory.getLogger(LegacyImport.class);

    private final String configuredFile;
    private final CommandGateway commands;
    private final EventStore events;
    private final Clock clock;
    private final int defaultModelLimit;
    private volatile LegacyImportReport lastReport;

    LegacyImport(@Value("${analytics.legacy-users:}") String configuredFile, CommandGateway commands,
                 EventStore events, Clock clock,
                 @Value("${analytics.users.default-model-limit:10}") int defaultModelLimit) {
        this.configuredFile = configuredFile;
        this.commands = commands;
        this.events = events;
        this.clock = clock;
        this.defaultModelLimit = defaultModelLimit;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (configuredFile == null || configuredFile.isBlank()) {
            return;
        }
        Path path;
        try {
            path = Path.of(configuredFile.strip());
        } catch (InvalidPathException e) {
            throw refuseStart("not a usable path: " + LogText.quoted(configuredFile, LogText.PATH_LENGTH), e);
        }
        try {
            importFile(path);
        } catch (IllegalStateException e) {
            throw refuseStart(e.getMessage(), e);
        }
    }

    private static IllegalStateException refuseStart(String problem, Exception cause) {
        String message = "ANALYTICS_LEGACY_USERS (analytics.legacy-users): " + problem
                + ". The import was asked for, so the server does not start: fix the file or the setting, or leave it"
                + " empty to start without importing.";
        log.error(message);
        return new IllegalStateException(message, cause);
    }

    /** The report of the last import that ran to its end, if any. */
    public Optional<LegacyImportReport> lastReport() {
        return Optional.ofNullable(lastReport);
    }

    /**
     * Imports the users in {@code path}, row by row, and returns the report.
     *
     * @throws IllegalStateException when the file as a whole cannot be read; then nothing has been imported
     */
    public LegacyImportReport importFile(Path path) {
        String file = LogText.quoted(path.toString(), LogText.PATH_LENGTH);
        long start = System.nanoTime(); // elapsed time only; event times come from the file and the clock
        LegacyUserFile legacy;
        int rows;
        try {
            legacy = LegacyUserFile.open(path);
            rows = legacy.count();
        } catch (LegacyFileUnreadable e) {
            throw new IllegalStateException("cannot import legacy users from " + file + ": " + e.getMessage(), e);
        }
        log.info("Legacy user import: {} ({}) holds {} rows", file, legacy.format(), rows);

        Tally tally = new Tally(rows);
        LegacyUser.ContentOccurrences occurrences = new LegacyUser.ContentOccurrences();
        try {
            legacy.forEach(record -> {
                importRow(record, occurrences, tally);
                if (tally.done % PROGRESS_EVERY == 0 && tally.done < rows) {
                    log.info("Legacy user import: {} of {} rows done ({})", tally.done, rows, tally);
                }
            });
        } catch (LegacyFileUnreadable e) {
            // Only if the file changed since it was counted.
            throw new IllegalStateException("cannot import legacy users from " + file + " (changed while being"
                    + " read?) after " + tally.done + " rows: " + e.getMessage(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LegacyImportReport report = new LegacyImportReport(path.toString(), legacy.format().name(), rows,
                tally.imported, tally.alreadyImported, tally.rejected, List.copyOf(tally.rejections), took);
        log.info("Legacy user import from {} finished in {} ms: {} rows, {}{}", file, took.toMillis(), rows, tally,
                tally.rejected > 0 ? "; the rejected rows are listed above with their reasons" : "");
        lastReport = report;
        return report;
    }

    private void importRow(LegacyRecord record, LegacyUser.ContentOccurrences occurrences, Tally tally) {
        LegacyUser user;
        try {
            user = LegacyUser.from(record, defaultModelLimit, clock.instant(), occurrences);
        } catch (LegacyUser.Rejected e) {
            tally.reject(record.row(), e.getMessage());
            return;
        }
        try {
            // Only whether the user has events: loading the aggregate (Users.find) would replay them all, and Axon logs
            // a warning with a stack trace for every aggregate it does not find, which is every row of a first import.
            if (events.lastSequenceNumberFor(user.userId()).isPresent()) {
                tally.alreadyImported();
                return;
            }
            ImportOutcome outcome = commands.sendAndWait(new ImportLegacyUser(user.userId(), user.email(),
                    user.modelCount(), user.modelLimit(), user.sourceKey(), user.createdAt()));
            switch (outcome) {
                case IMPORTED -> tally.imported();
                case ALREADY_IMPORTED -> tally.alreadyImported();
                case EMAIL_IN_USE -> tally.reject(record.row(), "the email already belongs to another user");
            }
        } catch (RuntimeException e) {
            if (causedBy(e, AggregateStreamCreationException.class)) {
                tally.alreadyImported(); // created by someone else between the check and the commit
            } else if (causedBy(e, InvalidModelLimit.class)) {
                tally.reject(record.row(), e.getMessage());
            } else {
                // Exception messages can quote rows (a database error's detail), so the log shows only the types.
                String types = Stream.iterate((Throwable) e, t -> t != null, Throwable::getCause).limit(10)
                        .map(t -> t.getClass().getSimpleName()).collect(Collectors.joining(" < "));
                log.debug("Legacy user import: row {} could not be stored", record.row(), e);
                tally.reject(record.row(), "could not be stored (" + types + "); the next start tries it again");
            }
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The running counts of one import. */
    private static final class Tally {
        private final int rows;
        private int done;
        private int imported;
        private int alreadyImported;
        private int rejected;
        private final List<LegacyImportReport.Rejection> rejections = new ArrayList<>();

        Tally(int rows) {
            this.rows = rows;
        }

        void imported() {
            imported++;
            done++;
        }

        void alreadyImported() {
            alreadyImported++;
            done++;
        }

        void reject(int row, String reason) {
            rejected++;
            done++;
            if (rejections.size() < LegacyImportReport.MAX_LISTED) {
                rejections.add(new LegacyImportReport.Rejection(row, reason));
                log.warn("Legacy user import: row {} of {} rejected: {}", row, rows, reason);
            } else if (rejected == LegacyImportReport.MAX_LISTED + 1) {
                log.warn("Legacy user import: more than {} rows rejected; the rest are counted but not listed",
                        LegacyImportReport.MAX_LISTED);
            }
        }

        @Override
        public String toString() {
            return imported + " imported, " + alreadyImported + " already imported (skipped), " + rejected
                    + " rejected";
        }
    }
}
