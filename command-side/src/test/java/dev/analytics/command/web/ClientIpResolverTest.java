package dev.analytics.command.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientIpResolverTest {

    static MockHttpServletRequest from(String peer, String... forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        for (String value : forwardedFor) {
            request.addHeader("X-Forwarded-For", value);
        }
        return request;
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItClaims() {
        ClientIpResolver resolver = new ClientIpResolver("");

        assertThat(resolver.resolve(from("203.0.113.9", "198.51.100.1")).getHostAddress()).isEqualTo("203.0.113.9");
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedHopIsTheClient() {
        ClientIpResolver resolver = new ClientIpResolver("10.0.0.0/8, 127.0.0.1");

        // The client wrote "1.2.3.4" itself; the proxies appended the real hops.
        MockHttpServletRequest request = from("127.0.0.1", "1.2.3.4, 198.51.100.7", "10.1.2.3");

        assertThat(resolver.resolve(request).getHostAddress()).isEqualTo("198.51.100.7");
    }

    @Test
    void aMalformedHopStopsTheWalk() {
        ClientIpResolver resolver = new ClientIpResolver("127.0.0.1");

        assertThat(resolver.resolve(from("127.0.0.1", "evil.example.com")).getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void ipv6ProxiesMatchByPrefix() {
        ClientIpResolver resolver = new ClientIpResolver("2001:db8::/32");

        assertThat(resolver.resolve(from("2001:db8::1", "2001:db9::5")).getHostAddress()).isEqualTo("2001:db9:0:0:0:0:0:5");
    }

    @Test
    void aBadProxyListStopsStartUp() {
        assertThatThrownBy(() -> new ClientIpResolver("not-an-ip")).hasMessageContaining("ANALYTICS_TRUSTED_PROXIES");
    }
}
