package dev.analytics.server.role;

import org.springframework.core.env.Environment;

import java.util.List;
import java.util.Locale;

/**
 * The part of the service this process runs: {@code analytics.role} ({@code ANALYTICS_ROLE}), {@code both} by
 * default. Which HTTP paths each role answers is {@link PathOwnership}'s table; here is which code each role leaves
 * unloaded, so that it does no work that belongs to the other.
 */
public enum Role {

    /** Every write: page views, CAD events, sessions, admin sign-in and actions, the legacy user import. */
    COMMAND(List.of(
            // the projections, their processors and the read API: nothing of the query side runs here
            "dev.analytics.query.")),

    /** The projections, the read API and the dashboard. Admin sessions are checked here too (same table). */
    QUERY(List.of(
            // the import writes users: a command role's work, and two importing processes would race each other
            "dev.analytics.command.legacy.")),

    /** Both in one process: every path, every component. */
    BOTH(List.of());

    static final String PROPERTY = "analytics.role";

    private final List<String> packagesNotLoaded;

    Role(List<String> packagesNotLoaded) {
        this.packagesNotLoaded = packagesNotLoaded;
    }

    /** The role the environment asks for; a value that is not a role stops start-up. */
    public static Role of(Environment environment) {
        return parse(environment.getProperty(PROPERTY, "both"));
    }

    static Role parse(String value) {
        String name = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        for (Role role : values()) {
            if (role.name().equals(name)) {
                return role;
            }
        }
        throw new IllegalStateException(PROPERTY + " (ANALYTICS_ROLE) must be command, query or both, not \""
                + value + "\"");
    }

    /** Whether a process in this role answers the paths the table gives to {@code owner}. */
    public boolean serves(Role owner) {
        return this == BOTH || owner == BOTH || owner == this;
    }

    boolean loads(String className) {
        return packagesNotLoaded.stream().noneMatch(className::startsWith);
    }
}
