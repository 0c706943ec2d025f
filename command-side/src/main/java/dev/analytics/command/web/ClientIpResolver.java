package dev.analytics.command.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one place that decides a request's client IP.
 *
 * <p>The socket's peer address, unless that peer is a trusted proxy ({@code ANALYTICS_TRUSTED_PROXIES}, a comma-separated
 * list of CIDRs, empty by default). Then {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and
 * the first untrusted hop is the client. Anything to its left was written by the client and is ignored.
 */
@Component
public class ClientIpResolver {

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    /** Hex groups and colons (with an embedded IPv4 tail allowed), an optional numeric or named scope. */
    private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9A-Fa-f:.]{2,45}(%[0-9A-Za-z_.-]{1,32})?");

    private final List<Cidr> trustedProxies;

    public ClientIpResolver(@Value("${analytics.trusted-proxies:}") String trustedProxies) {
        this.trustedProxies = Arrays.stream(trustedProxies.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Cidr::parse)
                .toList();
    }

    public InetAddress resolve(HttpServletRequest request) {
        InetAddress peer = literal(request.getRemoteAddr());
        if (peer == null || !isTrusted(peer)) {
            return peer;
        }
        List<String> hops = request.getHeaders("X-Forwarded-For") == null ? List.of()
                : java.util.Collections.list(request.getHeaders("X-Forwarded-For")).stream()
                        .flatMap(h -> Arrays.stream(h.split(",")))
                        .map(String::trim)
                        .toList();
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                break; // a malformed hop: stop at the last address we could trust
            }
            client = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return client;
    }

    private boolean isTrusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(cidr -> cidr.contains(address));
    }

    /** Parses an IP literal without ever doing a DNS lookup; null for anything else. */
    static InetAddress literal(String value) {
        if (value == null) {
            return null;
        }
        String s = value.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        // Only shapes InetAddress parses as literals: anything else it would look up in DNS.
        boolean ipv4 = IPV4.matcher(s).matches();
        boolean ipv6 = IPV6.matcher(s).matches();
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            InetAddress address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("ANALYTICS_TRUSTED_PROXIES: not an IP address or CIDR: " + text);
            }
            int max = address.getAddress().length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("ANALYTICS_TRUSTED_PROXIES: bad prefix length in " + text);
            }
            return new Cidr(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
