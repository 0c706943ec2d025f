package dev.analytics.events.upcasting;

import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

/**
 * Every upcaster of the events in {@code dev.analytics.events}, in the order they must run: a change from revision 1
 * to 2 comes before one from 2 to 3. The server registers this one chain, so the order is kept here, with the events.
 */
public final class EventUpcasters {

    private EventUpcasters() {
    }

    public static EventUpcaster chain() {
        return new EventUpcasterChain(
                new UserImportedRevision1To2());
    }
}
