package dev.analytics.command.user;

/** Create a user; email and name are optional. */
public record RegisterUser(String userId, String email, String name, int modelLimit) {
}
