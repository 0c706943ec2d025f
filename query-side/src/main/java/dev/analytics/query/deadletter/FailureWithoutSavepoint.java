package dev.analytics.query.deadletter;

/**
 * A projection's handler failed in a batch that runs without savepoints. The failed statement has aborted the
 * PostgreSQL transaction, so the event cannot be parked there: the whole batch is rolled back and, read again, runs
 * with a savepoint per handler ({@link HandlerSavepoints}). {@link ParkingPolicy} lets this through instead of parking.
 */
public class FailureWithoutSavepoint extends RuntimeException {

    FailureWithoutSavepoint(String eventId, Exception cause) {
        super("A handler failed on event " + eventId + " in a batch without savepoints; the batch is rolled back and "
                + "will run again with a savepoint per handler, so that this event can be parked alone", cause);
    }
}
