package dev.analytics.query.rebuild;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The read models that can be rebuilt: each is one projection's processing group and the tables only it writes.
 * A rebuild fills copies of these tables in a shadow schema and swaps them in, so every table a projection writes
 * must be listed with it ({@code ReadModelTest} checks that every processing group is here).
 */
public enum ReadModel {
    PAGE_VIEWS("page-views", "visitor_links", "page_views"),
    USERS("users", "users"),
    SESSIONS("sessions", "sessions"),
    CAD_EVENTS("cad-events", "cad_events"),
    ADMIN_LOGS("admin-logs", "admin_logs");

    private final String processingGroup;
    private final List<String> tables;

    ReadModel(String processingGroup, String... tables) {
        this.processingGroup = processingGroup;
        this.tables = List.of(tables);
    }

    /** The name operators use, which is also the live processor's (and processing group's) name. */
    public String processingGroup() {
        return processingGroup;
    }

    /** The tables it writes, in the order its handlers first touch them (locks are taken in this order). */
    public List<String> tables() {
        return tables;
    }

    public static Optional<ReadModel> named(String name) {
        return Arrays.stream(values()).filter(model -> model.processingGroup.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(ReadModel::processingGroup).toList();
    }
}
