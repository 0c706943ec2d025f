package dev.analytics.server.eventstore;

import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ServerTest
@TestPropertySource(properties = {HeldWriterScenario.PROPERTIES, HeldWriterScenario.ONE_SEGMENT})
class SerializedAppendsTest extends HeldWriterScenario {

    @Test
    void everyEventIsProjectedExactlyOnceWhileAWriterHoldsItsTransactionOpen() throws Exception {
        List<String> projected = runScenario();

        assertThat(projected).hasSize(OTHER_WRITERS + 1).doesNotHaveDuplicates().contains("/held");
    }
}
