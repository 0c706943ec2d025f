package dev.analytics.query.processing;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Processors' rows in {@code token_entry}, read and written directly, inside the rebuild's own transactions. Axon's
 * {@link TokenStore} API would claim a token to read it; a rebuild must see (and lock) another processor's token
 * without taking it from whichever instance runs that processor.
 */
@Component
public class ProcessorTokens {

    /** A processor's single segment: where it is, and which instance holds it ({@code null}: none). */
    public record Position(TrackingToken token, String owner) {
    }

    /** One segment's row: whose it is and where it stands. */
    public record Segment(String processor, int segment, String owner, long position) {
    }

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Clock clock;

    ProcessorTokens(JdbcTemplate jdbc, TokenStore tokenStore, Clock clock) {
        this.jdbc = jdbc;
        this.serializer = ((JdbcTokenStore) tokenStore).serializer();
        this.clock = clock;
    }

    /**
     * Locks the processor's token row until the end of the transaction, so that it cannot move meanwhile. Empty when
     * the processor has never run. Only single-segment processors are rebuilt (every projection here has one
     * segment, to apply events in store order); more segments are refused rather than half handled.
     */
    public Optional<Position> lock(String processor) {
        List<Position> rows = jdbc.query("""
                SELECT token, token_type, owner FROM token_entry WHERE processor_name = ?
                 ORDER BY segment FOR UPDATE""",
                (rs, i) -> new Position(token(rs.getBytes("token"), rs.getString("token_type")),
                        rs.getString("owner")), processor);
        if (rows.size() > 1) {
            throw new IllegalStateException("Processor " + processor + " has " + rows.size()
                    + " segments; a rebuild can only swap in a single-segment processor's read model");
        }
        return rows.stream().findFirst();
    }

    /** The processor's token, or empty when it has never stored one. */
    public Optional<TrackingToken> read(String processor) {
        return jdbc.query("SELECT token, token_type FROM token_entry WHERE processor_name = ? AND segment = 0",
                (rs, i) -> token(rs.getBytes("token"), rs.getString("token_type")), processor)
                .stream().filter(token -> token != null).findFirst();
    }

    /** Sets an unclaimed processor's single segment to {@code token}, creating the row when there is none. */
    public void put(String processor, TrackingToken token) {
        SerializedObject<byte[]> serialized = serializer.serialize(token, byte[].class);
        String timestamp = clock.instant().toString();
        int updated = jdbc.update("""
                UPDATE token_entry SET token = ?, token_type = ?, timestamp = ?
                 WHERE processor_name = ? AND segment = 0 AND owner IS NULL""",
                serialized.getData(), serialized.getType().getName(), timestamp, processor);
        if (updated == 0) {
            jdbc.update("""
                    INSERT INTO token_entry (processor_name, segment, token, token_type, timestamp, owner)
                    VALUES (?, 0, ?, ?, ?, NULL)""", processor, serialized.getData(),
                    serialized.getType().getName(), timestamp);
        }
    }

    public void delete(String processor) {
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", processor);
    }

    /** Whether a processor at {@code token} has handled the event at store position {@code index}. */
    public static boolean passed(TrackingToken token, long index) {
        if (token == null) {
            return false;
        }
        if (token instanceof GapAwareTrackingToken gapAware) {
            return index <= gapAware.getIndex() && !gapAware.getGaps().contains(index);
        }
        return index <= position(token);
    }

    /** The token's position in the store: 0 before the first event. */
    public static long position(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0);
    }

    /** Every processor's segments, live and rebuilding, across all instances. */
    public List<Segment> segments() {
        return jdbc.query("SELECT processor_name, segment, token, token_type, owner FROM token_entry"
                        + " ORDER BY processor_name, segment",
                (rs, i) -> new Segment(rs.getString("processor_name"), rs.getInt("segment"), rs.getString("owner"),
                        position(token(rs.getBytes("token"), rs.getString("token_type")))));
    }

    /** The position of the newest event in the store: 0 when it is empty. */
    public long head() {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    private TrackingToken token(byte[] data, String type) {
        if (data == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(data, byte[].class,
                new SimpleSerializedType(type, null)));
    }
}
