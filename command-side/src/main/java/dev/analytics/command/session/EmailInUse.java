package dev.analytics.command.session;

import org.axonframework.common.AxonNonTransientException;

/** The email belongs to another user. An email never signs anyone in to an existing user. Not retried. */
class EmailInUse extends AxonNonTransientException {
    EmailInUse() {
        super("This email is already in use");
    }
}
