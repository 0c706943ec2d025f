package dev.analytics.query.deadletter;

import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Savepoint;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lets a projection's event handler fail without failing the transaction around it, so that its event can be parked
 * in the dead-letter queue and the rest of the batch still committed.
 *
 * <p>In PostgreSQL one failed statement aborts the whole transaction: after it, even the dead-letter queue's insert
 * is refused. So a handler that may fail runs inside a savepoint, on the connection of the processor's transaction:
 * {@code SAVEPOINT} before it, {@code RELEASE} after it, and on failure {@code ROLLBACK TO} (which undoes that
 * handler's writes alone) before the failure goes on to the dead-lettering invoker. Axon applies this enhancer to every
 * handler it builds, so it sits inside the dead-lettering invoker, around the handler method; it takes only methods
 * annotated {@link EventHandler} themselves, which leaves aggregates' event-sourcing handlers and sagas alone.
 *
 * <p>Savepoints are not free: two more round trips per event, and once a transaction has more than 64
 * subtransactions that wrote, PostgreSQL's per-session subtransaction cache overflows and every other session's
 * visibility checks go to {@code pg_subtrans} while it runs. So by default
 * ({@link DeadLetterProperties.Savepoints#AFTER_FAILURE}) a batch runs without them. When a handler fails there,
 * its event is remembered and the batch fails as a whole, {@link FailureWithoutSavepoint}: rolled back and, after the
 * processor's back-off, read again. A batch holding a remembered event runs with a savepoint around every handler,
 * and once it commits its events are forgotten. Events handled outside a batch (a dead letter being retried) always
 * get a savepoint. Remembered events live in this instance's memory: when another instance takes the segment over, it
 * finds the failure again itself.
 */
@Component
class HandlerSavepoints implements HandlerEnhancerDefinition {

    private static final Logger log = LoggerFactory.getLogger(HandlerSavepoints.class);
    /** Bounds the memory of failed events; only a flood of failures ever reaches it, and then costs a rerun more. */
    private static final int MAX_REMEMBERED_FAILURES = 10_000;
    private static final String BATCH_USES_SAVEPOINTS = HandlerSavepoints.class.getName() + ".batchUsesSavepoints";

    private final JdbcTemplate jdbc;
    private final DeadLetterProperties.Savepoints mode;
    /** Identifiers of events a handler failed on in a batch without savepoints, oldest first. */
    private final Set<String> failedWithoutSavepoint = new LinkedHashSet<>();

    HandlerSavepoints(JdbcTemplate jdbc, DeadLetterProperties properties) {
        this.jdbc = jdbc;
        this.mode = properties.savepoints();
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        boolean projectionHandler = original.unwrap(Method.class)
                .map(method -> method.isAnnotationPresent(EventHandler.class))
                .orElse(false);
        return projectionHandler ? new SavepointedHandler<>(original) : original;
    }

    private class SavepointedHandler<T> extends WrappedMessageHandlingMember<T> {

        SavepointedHandler(MessageHandlingMember<T> delegate) {
            super(delegate);
        }

        @Override
        public Object handle(Message<?> message, T target) throws Exception {
            if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                return super.handle(message, target);
            }
            if (!usesSavepoints()) {
                try {
                    return super.handle(message, target);
                } catch (Exception e) {
                    remember(message.getIdentifier());
                    throw new FailureWithoutSavepoint(message.getIdentifier(), e);
                }
            }
            Savepoint savepoint = jdbc.execute((ConnectionCallback<Savepoint>) Connection::setSavepoint);
            Object result;
            try {
                result = super.handle(message, target);
            } catch (Exception e) {
                undo(savepoint, e);
                throw e;
            }
            release(savepoint);
            return result;
        }
    }

    private boolean usesSavepoints() {
        if (mode == DeadLetterProperties.Savepoints.ALWAYS || !CurrentUnitOfWork.isStarted()) {
            return true;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        if (!(root instanceof BatchingUnitOfWork<?> batch)) {
            return true;
        }
        return root.getOrComputeResource(BATCH_USES_SAVEPOINTS, key -> holdsFailedEvents(batch));
    }

    private boolean holdsFailedEvents(BatchingUnitOfWork<?> batch) {
        List<String> failed;
        synchronized (failedWithoutSavepoint) {
            if (failedWithoutSavepoint.isEmpty()) {
                return false;
            }
            failed = batch.getMessages().stream()
                    .map(Message::getIdentifier)
                    .filter(failedWithoutSavepoint::contains)
                    .toList();
        }
        if (failed.isEmpty()) {
            return false;
        }
        log.info("A batch of {} events runs with a savepoint per handler: a handler failed on {} of them before",
                batch.getMessages().size(), failed.size());
        batch.afterCommit(u -> forget(failed));
        return true;
    }

    private void remember(String eventId) {
        synchronized (failedWithoutSavepoint) {
            failedWithoutSavepoint.add(eventId);
            if (failedWithoutSavepoint.size() > MAX_REMEMBERED_FAILURES) {
                Iterator<String> oldest = failedWithoutSavepoint.iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    private void forget(List<String> eventIds) {
        synchronized (failedWithoutSavepoint) {
            eventIds.forEach(failedWithoutSavepoint::remove);
        }
    }

    /** Rolls back to the savepoint and drops it, so the next handler's savepoint is not nested inside it. */
    private void undo(Savepoint savepoint, Exception failure) {
        try {
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint);
                return null;
            });
        } catch (RuntimeException e) {
            // The connection itself is failing; the handler's failure says more, and fails the batch anyway.
            failure.addSuppressed(e);
        }
    }

    private void release(Savepoint savepoint) {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            connection.releaseSavepoint(savepoint);
            return null;
        });
    }
}
