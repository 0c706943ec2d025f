package dev.analytics.server.eventstore;

import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same scenario with the append lock switched off: shows that {@link SerializedAppendsTest} tests what it
 * claims, since without serialisation the very same steps lose the held event.
 */
@ServerTest
@TestPropertySource(properties = {HeldWriterScenario.PROPERTIES, HeldWriterScenario.ONE_SEGMENT,
        "analytics.event-store.serialize-appends=false"})
class UnserializedAppendsTest extends HeldWriterScenario {

    @Test
    void withoutSerialisationTheHeldEventIsSkippedForever() throws Exception {
        List<String> projected = runScenario();

        assertThat(projected).hasSize(OTHER_WRITERS).doesNotContain("/held");
    }
}
