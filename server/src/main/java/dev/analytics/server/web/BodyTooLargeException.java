package dev.analytics.server.web;

import java.io.IOException;

/** A request body went past the configured limit. An IOException, so that it travels through body readers. */
public class BodyTooLargeException extends IOException {
    public BodyTooLargeException(long limit) {
        super("The body is larger than " + limit + " bytes");
    }
}
