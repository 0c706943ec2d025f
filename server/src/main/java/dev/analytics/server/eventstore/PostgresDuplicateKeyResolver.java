package dev.analytics.server.eventstore;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Tells Axon when an append failed on a unique key, which for an aggregate means another instance appended the same
 * sequence number first: a {@code ConcurrencyException}, retried by the command gateway.
 *
 * <p>Axon's default resolver looks at vendor error codes. PostgreSQL reports {@code 0} there and puts the reason in
 * the SQL state ({@code 23505}), often on the next exception of a {@code BatchUpdateException}, so the default never
 * recognises the clash and the request fails instead of being retried.
 */
class PostgresDuplicateKeyResolver implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
