package dev.analytics.events.upcasting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.analytics.events.UserImported;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A stored revision-1 {@link UserImported} read through {@link EventUpcasters#chain()}, as the server reads it. */
class UserImportedRevision1To2Test {

    static final Instant LEGACY_CREATED_AT = Instant.parse("2019-06-30T23:59:59Z");
    static final Instant STORED_AT = Instant.parse("2024-06-01T10:15:30.123Z");

    /** Exactly what the revision-1 record serialised to. */
    static final String REVISION_1 = """
            {"userId":"u-1","email":"ada@example.com","modelCount":7,"modelLimit":25,"sourceKey":"legacy:row-1",\
            "occurredAt":"2019-06-30T23:59:59Z"}""";

    final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule()))
            .build();

    IntermediateEventRepresentation stored(String revision, String payload) {
        var entry = new GenericDomainEventEntry<>("User", "u-1", 0L, "event-1", STORED_AT,
                UserImported.class.getName(), revision, payload.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
        return new InitialEventRepresentation(entry, serializer);
    }

    IntermediateEventRepresentation upcast(IntermediateEventRepresentation stored) {
        List<IntermediateEventRepresentation> upcast = EventUpcasters.chain().upcast(Stream.of(stored)).toList();
        assertThat(upcast).hasSize(1);
        return upcast.get(0);
    }

    UserImported read(IntermediateEventRepresentation representation) {
        SerializedObject<?> data = representation.getData();
        return serializer.deserialize(data);
    }

    @Test
    void revision1sOccurredAtBecomesTheCreationTimeAndTheStoredTimeBecomesTheImportTime() {
        IntermediateEventRepresentation upcast = upcast(stored("1", REVISION_1));

        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        assertThat(read(upcast)).isEqualTo(new UserImported("u-1", "ada@example.com", 7, 25, "legacy:row-1",
                LEGACY_CREATED_AT, STORED_AT));
    }

    @Test
    void revision2IsReadAsItIs() throws Exception {
        UserImported current = new UserImported("u-1", null, 0, 10, "id:42", LEGACY_CREATED_AT,
                Instant.parse("2025-01-01T00:00:00Z"));
        String json = new String(serializer.serialize(current, byte[].class).getData(), StandardCharsets.UTF_8);

        assertThat(read(upcast(stored("2", json)))).isEqualTo(current);
    }

    @Test
    void theRevisionTheUpcasterWritesIsTheRecordsRevision() {
        assertThat(UserImportedRevision1To2.REVISION_2.getRevision())
                .isEqualTo(UserImported.class.getAnnotation(org.axonframework.serialization.Revision.class).value());
    }

    /** Why the upcaster exists: Jackson alone reads the old payload without complaint, and wrongly. */
    @Test
    void withoutTheUpcasterJacksonSilentlyTakesTheCreationTimeForTheImportTime() {
        UserImported misread = read(stored("1", REVISION_1));

        assertThat(misread.createdAt()).isNull();
        assertThat(misread.occurredAt()).isEqualTo(LEGACY_CREATED_AT);
    }
}
