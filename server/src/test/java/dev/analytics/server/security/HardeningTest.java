package dev.analytics.server.security;

import dev.analytics.server.support.Api;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.InetAddress;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Response headers, and operations endpoints kept off the public port. */
@ServerTest
class HardeningTest {

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;
    @Value("${management.server.address}")
    String managementAddress;

    @Test
    void adminAnswersCarryAStrictContentSecurityPolicy() {
        Api.Response response = new Api(port).get("/admin/stats");

        String csp = response.header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'",
                "object-src 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void everyAnswerIsNosniffWithAReferrerPolicy() {
        Api api = new Api(port);
        for (Api.Response response : new Api.Response[]{api.get("/health"), api.get("/tracking.js"),
                api.postJson("/track/pageview", "{}"), api.get("/nowhere")}) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
        }
    }

    @Test
    void actuatorListensOnTheManagementPortOnLoopbackOnly() throws Exception {
        assertThat(managementAddress).isEqualTo("127.0.0.1");
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(new Api(managementPort).get("/actuator/health").status()).isEqualTo(200);
        assertThat(new Api(port).get("/actuator/health").status()).isEqualTo(404);
        InetAddress external = externalAddress();
        if (external != null) {
            assertThatThrownBy(() -> new Socket(external, managementPort).close())
                    .as("not reachable on " + external).isInstanceOf(java.io.IOException.class);
        }
    }

    /** An address of this machine that is not loopback, if it has one. */
    private static InetAddress externalAddress() throws Exception {
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (var address : java.util.Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof java.net.Inet4Address) {
                    return address;
                }
            }
        }
        return null;
    }
}
