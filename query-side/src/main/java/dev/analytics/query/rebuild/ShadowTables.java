package dev.analytics.query.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shadow copies of read tables a rebuild fills, in a schema of the rebuild's own ({@code rebuild_<id>}).
 *
 * <p>The projections' SQL names its tables without a schema. A rebuild's transactions put the shadow schema first
 * in {@code search_path}, so the very same handlers write the shadow tables, while every other connection keeps
 * resolving the names to the live ones; the token and dead-letter tables, which have no shadow, resolve to the live
 * schema in both. The swap drops the live tables and moves the shadow ones into the live schema, where they take the
 * names (and, since they were created with them, the index and constraint names) of the ones they replace.
 */
@Component
class ShadowTables {

    private static final Pattern INDEX_TABLE = Pattern.compile("^(CREATE (?:UNIQUE )?INDEX \\S+ ON (?:ONLY )?)(\\S+)( USING .*)$");

    private final JdbcTemplate jdbc;

    ShadowTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    static String schema(long rebuildId) {
        return "rebuild_" + rebuildId;
    }

    /** The schema the live read tables (and Axon's tables beside them) are in. */
    String liveSchema() {
        return jdbc.queryForObject("""
                SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.oid = to_regclass('token_entry')""", String.class);
    }

    /**
     * Creates the shadow schema with empty copies of the models' tables: columns, defaults, checks, keys and
     * indexes under the live ones' names. A leftover schema of the same rebuild (a runner that died half-way
     * through creating it) is dropped first. Runs inside the caller's transaction, so it happens entirely or not.
     */
    void create(long rebuildId, Collection<ReadModel> models, String liveSchema) {
        String shadow = schema(rebuildId);
        jdbc.execute("DROP SCHEMA IF EXISTS " + shadow + " CASCADE");
        jdbc.execute("CREATE SCHEMA " + shadow);
        for (ReadModel model : models) {
            for (String table : model.tables()) {
                String live = liveSchema + "." + table;
                String copy = shadow + "." + table;
                jdbc.execute("CREATE TABLE " + copy + " (LIKE " + live + " INCLUDING ALL EXCLUDING INDEXES)");
                for (String[] constraint : jdbc.query("""
                        SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint
                         WHERE conrelid = CAST(? AS regclass) AND contype IN ('p', 'u', 'x')""",
                        (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, live)) {
                    jdbc.execute("ALTER TABLE " + copy + " ADD CONSTRAINT " + constraint[0] + " " + constraint[1]);
                }
                for (String index : jdbc.queryForList("""
                        SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
                         WHERE i.indrelid = CAST(? AS regclass)
                           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
                        String.class, live)) {
                    jdbc.execute(onTable(index, copy));
                }
            }
        }
    }

    /** Points this transaction's unqualified table names at the shadow tables first. */
    void useShadow(long rebuildId, String liveSchema) {
        jdbc.execute("SET LOCAL search_path TO " + schema(rebuildId) + ", " + liveSchema);
    }

    void useLive(String liveSchema) {
        jdbc.execute("SET LOCAL search_path TO " + liveSchema);
    }

    /** Fresh planner statistics, so that the first queries on the swapped-in tables are planned well. */
    void analyze(long rebuildId, Collection<ReadModel> models) {
        for (ReadModel model : models) {
            for (String table : model.tables()) {
                jdbc.execute("ANALYZE " + schema(rebuildId) + "." + table);
            }
        }
    }

    /**
     * Waits for the live tables' writers to finish and keeps readers and writers out until the transaction ends.
     * Tables are locked in the order the projections write them, so a projection's batch and this lock cannot
     * deadlock.
     */
    void lockLive(Collection<ReadModel> models, String liveSchema) {
        List<String> tables = models.stream().flatMap(model -> model.tables().stream())
                .map(table -> liveSchema + "." + table).toList();
        jdbc.execute("LOCK TABLE " + String.join(", ", tables) + " IN ACCESS EXCLUSIVE MODE");
    }

    /** Replaces the live tables with the shadow ones; the caller's transaction makes it one step for readers. */
    void swapIn(long rebuildId, Collection<ReadModel> models, String liveSchema) {
        String shadow = schema(rebuildId);
        for (ReadModel model : models) {
            for (String table : model.tables()) {
                jdbc.execute("DROP TABLE " + liveSchema + "." + table);
                jdbc.execute("ALTER TABLE " + shadow + "." + table + " SET SCHEMA " + liveSchema);
            }
        }
        jdbc.execute("DROP SCHEMA " + shadow);
    }

    void drop(long rebuildId) {
        jdbc.execute("DROP SCHEMA IF EXISTS " + schema(rebuildId) + " CASCADE");
    }

    static String onTable(String indexDefinition, String table) {
        Matcher matcher = INDEX_TABLE.matcher(indexDefinition);
        if (!matcher.matches()) {
            throw new IllegalStateException("Cannot copy index: " + indexDefinition);
        }
        return matcher.group(1) + table + matcher.group(3);
    }
}
