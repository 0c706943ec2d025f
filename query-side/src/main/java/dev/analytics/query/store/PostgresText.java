package dev.analytics.query.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Free text from events, made storable in PostgreSQL, whose {@code text} and {@code jsonb} cannot hold U+0000.
 *
 * <p>The command side should refuse that character, but a projection that met it anyway would fail on the event and
 * retry it forever, stopping the read model. So each U+0000 becomes U+FFFD (the replacement character); every other
 * character is kept exactly.
 */
public final class PostgresText {

    private static final char NUL = '\u0000';
    private static final char REPLACEMENT = '\uFFFD';

    private PostgresText() {
    }

    public static String storable(String text) {
        return text == null || text.indexOf(NUL) < 0 ? text : text.replace(NUL, REPLACEMENT);
    }

    /** A copy of the map with every string in it, keys and nested values included, made storable. */
    public static Map<String, Object> storable(Map<String, ?> map) {
        if (map == null) {
            return null;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(storable(key), storableValue(value)));
        return copy;
    }

    private static Object storableValue(Object value) {
        if (value instanceof String text) {
            return storable(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(storable(String.valueOf(key)), storableValue(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PostgresText::storableValue).toList();
        }
        return value;
    }
}
