package dev.analytics.command.user;

import org.axonframework.common.AxonNonTransientException;

/** A claim code that is unknown, expired or already used. Not retried. */
public class ClaimCodeRefused extends AxonNonTransientException {
    public ClaimCodeRefused() {
        super("The claim code is not valid: unknown, expired or already used");
    }
}
