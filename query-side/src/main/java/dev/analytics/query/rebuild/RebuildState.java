package dev.analytics.query.rebuild;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * Where a rebuild is. A read model itself is {@code idle} unless a rebuild of it is {@code rebuilding} or
 * {@code swapping}, or its latest one {@code failed}.
 */
public enum RebuildState {
    /** Filling the shadow tables from the events; the old tables serve. */
    REBUILDING("rebuilding"),
    /** Caught up; taking the last events and swapping the tables in, in one transaction. */
    SWAPPING("swapping"),
    /** Swapped in: the rebuilt tables serve. */
    DONE("done"),
    /** Given up; the old tables still serve, and the shadow tables are gone. */
    FAILED("failed");

    private final String code;

    RebuildState(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public boolean unfinished() {
        return this == REBUILDING || this == SWAPPING;
    }

    static RebuildState of(String code) {
        return Arrays.stream(values()).filter(state -> state.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown rebuild state " + code));
    }
}
