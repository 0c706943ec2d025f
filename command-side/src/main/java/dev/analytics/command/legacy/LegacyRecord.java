package dev.analytics.command.legacy;

import java.util.Map;
import java.util.Set;

/**
 * One user as the legacy file holds it, before any checking: {@code row} counts the users in the file from 1 (a CSV
 * header is not counted), {@code fields} holds the known fields that have a value, as text, and {@code problem} says
 * what makes the record unusable as a whole, if anything (a JSON value that is not an object, a CSV line with the
 * wrong number of fields).
 */
record LegacyRecord(int row, Map<String, String> fields, String problem) {

    static final String EMAIL = "email";
    static final String MODEL_COUNT = "model_count";
    static final String MODEL_LIMIT = "model_limit";
    static final String CREATED_AT = "created_at";
    static final String ID = "id";

    /** The fields read from a file; any other field is ignored. */
    static final Set<String> KNOWN_FIELDS = java.util.Set.of(EMAIL, MODEL_COUNT, MODEL_LIMIT, CREATED_AT, ID);
}
