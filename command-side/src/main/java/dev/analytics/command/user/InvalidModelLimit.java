package dev.analytics.command.user;

import org.axonframework.common.AxonNonTransientException;

/** A model limit outside 0 to {@link User#MAX_MODEL_LIMIT}. Not retried. */
public class InvalidModelLimit extends AxonNonTransientException {
    public InvalidModelLimit(int limit) {
        super("modelLimit must be between 0 and " + User.MAX_MODEL_LIMIT + ", not " + limit);
    }
}
