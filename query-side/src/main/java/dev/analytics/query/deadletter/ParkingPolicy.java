package dev.analytics.query.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Decides what becomes of an event a projection's handler failed on.
 * <ul>
 *   <li><b>Parked</b>, with its cause, when the failure lies in the event or the code: a constraint the row breaks, a
 *   bug, a payload that cannot be read. The rest of the batch goes on; later events of the same sequence wait behind
 *   it.</li>
 *   <li><b>Retried with its batch</b> (the failure is thrown on), when it is the database's passing state: a lost
 *   connection, a deadlock or serialisation failure, a cancelled statement, a lock timeout, a full disk. Parking
 *   those would set good events aside whenever the database hiccups; instead the processor rolls the batch back and
 *   tries it again with back-off, as it did before there were dead letters. So does a
 *   {@link FailureWithoutSavepoint}, whose transaction can no longer store anything.</li>
 *   <li>A parked event that fails again when it is retried stays parked, with the new cause and one more retry.</li>
 * </ul>
 * Each letter's diagnostics count its failed retries under {@value #RETRIES}.
 */
class ParkingPolicy implements EnqueuePolicy<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(ParkingPolicy.class);
    static final String RETRIES = "retries";

    /**
     * SQLSTATE classes (and codes) of failures that pass: connection exceptions, transaction rollbacks (serialisation
     * failures, deadlocks), insufficient resources, operator intervention (cancelled statements, shutdowns), system
     * errors, and a lock not available.
     */
    private static final Set<String> TRANSIENT_SQL_STATE_CLASSES = Set.of("08", "40", "53", "57", "58");
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable failure) {
        if (letter instanceof JdbcDeadLetter<?>) {
            // Read from the queue: this is a retry.
            int retries = retries(letter) + 1;
            return Decisions.requeue(causeOf(failure), l -> l.diagnostics().and(RETRIES, retries));
        }
        if (failure instanceof FailureWithoutSavepoint || isTransient(failure)) {
            throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
        }
        // The cause's message may quote the event's values; GET /admin/dead-letters shows it to the admin.
        log.warn("Event {} ({}) is parked as a dead letter: {}", letter.message().getIdentifier(),
                letter.message().getPayloadType().getSimpleName(), failure.getClass().getName());
        return Decisions.enqueue(causeOf(failure), l -> MetaData.with(RETRIES, 0));
    }

    static int retries(DeadLetter<?> letter) {
        return letter.diagnostics().get(RETRIES) instanceof Number n ? n.intValue() : 0;
    }

    /**
     * The failure's type, and the database's own message when there is one: Spring's message leads with the whole
     * SQL statement, which could push the constraint's name past the stored length.
     */
    static ThrowableCause causeOf(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getMessage() != null) {
                message = sql.getMessage();
            }
        }
        if (message != null && message.length() > ThrowableCause.TRUNCATED_MESSAGE_SIZE) {
            message = message.substring(0, ThrowableCause.TRUNCATED_MESSAGE_SIZE);
        }
        return new ThrowableCause(failure.getClass().getName(), message);
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() == 5
                    && (TRANSIENT_SQL_STATE_CLASSES.contains(sql.getSQLState().substring(0, 2))
                    || LOCK_NOT_AVAILABLE.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
