package dev.analytics.server.security;

import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** With the service's logging set up, a message holding CR and LF stays on one line. */
@ServerTest
@ExtendWith(OutputCaptureExtension.class)
class LogLinesTest {

    @Test
    void userTextCannotForgeALogLine(CapturedOutput output) {
        String hostile = "a page\r\n2026-01-01T00:00:00.000Z ERROR 1 --- [main] forged : admin logged in\nmore";

        LoggerFactory.getLogger("dev.analytics.test").warn("Refused title {}", hostile);

        assertThat(output.getOut().lines()).filteredOn(line -> line.contains("Refused title")).singleElement()
                .satisfies(line -> assertThat(line).contains("Refused title a page", "admin logged in\\nmore"));
        assertThat(output.getOut().lines()).noneMatch(line -> line.startsWith("2026-01-01T00:00:00.000Z"))
                .noneMatch(line -> line.startsWith("more"));
    }
}
