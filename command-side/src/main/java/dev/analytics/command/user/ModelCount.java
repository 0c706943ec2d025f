package dev.analytics.command.user;

/** A user's figures after an increment was tried; {@code counted} is false when the limit refused it. */
public record ModelCount(boolean counted, int modelCount, int modelLimit) {

    public int remaining() {
        return Math.max(0, modelLimit - modelCount);
    }
}
