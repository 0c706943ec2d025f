package dev.analytics.events.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.analytics.events.UserImported;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.time.Instant;

/**
 * Reads a stored {@link UserImported} of revision 1 as revision 2.
 *
 * <p>Revision 1's {@code occurredAt} is the user's legacy creation time: it becomes {@code createdAt}. Revision 1 has
 * no import time, so {@code occurredAt} becomes the time the event was stored, which is when the import happened.
 * That is the Axon message timestamp, not the service's clock; for these old events nothing better was recorded.
 *
 * <p>Jackson cannot do this alone: it would read the old {@code occurredAt} into the new {@code occurredAt}, silently,
 * and leave {@code createdAt} null.
 */
public final class UserImportedRevision1To2 extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(UserImported.class.getName(), "1");
    static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(UserImported.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        Instant storedAt = representation.getTimestamp();
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ObjectNode upcast = ((ObjectNode) payload).deepCopy();
            upcast.set("createdAt", payload.get("occurredAt"));
            upcast.put("occurredAt", storedAt.toString());
            return upcast;
        });
    }
}
