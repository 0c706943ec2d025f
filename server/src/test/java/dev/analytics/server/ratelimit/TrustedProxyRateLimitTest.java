package dev.analytics.server.ratelimit;

import dev.analytics.server.support.Api;
import dev.analytics.server.support.EndUser;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Behind trusted proxies (loopback and 10.0.0.0/8 here), the client is the right-most untrusted X-Forwarded-For hop. */
@ServerTest
@TestPropertySource(properties = {
        "analytics.trusted-proxies=127.0.0.1, ::1, 10.0.0.0/8",
        "analytics.rate-limits.page-view.capacity=3", "analytics.rate-limits.page-view.period=1h",
        "analytics.rate-limits.increment-count.capacity=4", "analytics.rate-limits.increment-count.period=1h"})
class TrustedProxyRateLimitTest {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    int pageViewStatus(String forwardedFor) {
        return api.postJson("/track/pageview", "{\"site\":\"portfolio\",\"url\":\"http://localhost/p\"}",
                "X-Forwarded-For", forwardedFor).status();
    }

    @Test
    void eachForwardedClientHasItsOwnLimit() {
        for (int i = 0; i < 3; i++) {
            assertThat(pageViewStatus("192.0.2.10")).isEqualTo(202);
        }
        assertThat(pageViewStatus("192.0.2.10")).isEqualTo(429);
        assertThat(pageViewStatus("192.0.2.11")).as("another client").isEqualTo(202);
    }

    @Test
    void theRightMostUntrustedHopIsTheClientWhateverItWroteBeforeIt() {
        for (int i = 0; i < 3; i++) {
            // The client claims a new address each time; the trusted proxy at 10.1.1.1 appended the real one.
            assertThat(pageViewStatus("203.0.113." + i + ", 192.0.2.20, 10.1.1.1")).isEqualTo(202);
        }
        assertThat(pageViewStatus("203.0.113.99, 192.0.2.20, 10.1.1.1")).isEqualTo(429);
    }

    @Test
    void ipv6ClientsAreLimitedPerSlash64() {
        for (int i = 0; i < 3; i++) {
            assertThat(pageViewStatus("2001:db8:1:2::" + Integer.toHexString(i + 1))).isEqualTo(202);
        }
        assertThat(pageViewStatus("2001:db8:1:2:ffff::9")).as("same /64").isEqualTo(429);
        assertThat(pageViewStatus("2001:db8:1:3::1")).as("another /64").isEqualTo(202);
    }

    @Test
    void incrementsAreLimitedPerUserNotPerAddress() {
        EndUser first = EndUser.signUp(api, "{}");
        EndUser second = EndUser.signUp(api, "{}");
        for (int i = 0; i < 4; i++) {
            assertThat(api.post("/users/increment-count", null, "", first.writes()).status()).isEqualTo(200);
        }

        Api.Response refused = api.post("/users/increment-count", null, "", first.writes());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("error").asText()).isEqualTo("rate_limited");
        assertThat(api.get("/auth/current-user", first.reads()).json().get("modelCount").asInt())
                .as("the refused increment was not counted").isEqualTo(4);
        assertThat(api.post("/users/increment-count", null, "", second.writes()).status()).isEqualTo(200);
    }
}
