package dev.analytics.command.user;

/** A user as the command side knows it, read straight from the aggregate (read-your-writes). */
public record UserView(String userId, String email, String name, int modelCount, int modelLimit) {

    public int remaining() {
        return Math.max(0, modelLimit - modelCount);
    }
}
