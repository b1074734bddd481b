package io.lastlight.fetch;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Which IP addresses the crawler may connect to. A crawl of a public platform must never be steered (by a
 * redirect, a DNS answer or a link) to loopback, private, link-local (169.254.169.254, the cloud metadata
 * service), unique-local, multicast or unspecified addresses. When the base URL itself is such an address
 * (a simulated platform on 127.0.0.1, a lab server on 10.x) those are allowed: the operator chose them.
 */
public final class AddressPolicy {
    private final boolean allowPrivate;
    private final Set<InetAddress> alsoAllowed;

    private AddressPolicy(boolean allowPrivate, Set<InetAddress> alsoAllowed) {
        this.allowPrivate = allowPrivate;
        this.alsoAllowed = alsoAllowed;
    }

    /** Public addresses only. */
    public static AddressPolicy publicOnly() {
        return new AddressPolicy(false, Set.of());
    }

    /** Everything (for a base URL that is itself private or loopback). */
    public static AddressPolicy allowAll() {
        return new AddressPolicy(true, Set.of());
    }

    /** Public addresses plus exactly these (tests: a loopback test server standing in for a public host). */
    public static AddressPolicy publicOnlyExcept(Set<InetAddress> allowed) {
        return new AddressPolicy(false, Set.copyOf(allowed));
    }

    /** The policy for a crawl of {@code baseHost}: private addresses only if the base resolves to one. */
    public static AddressPolicy forBase(String baseHost, org.apache.hc.client5.http.DnsResolver dns) {
        try {
            for (InetAddress a : dns.resolve(baseHost)) {
                if (isPrivate(a)) return allowAll();
            }
        } catch (UnknownHostException e) {
            // an unknown base fails later with a clear connect error; stay strict
        }
        return publicOnly();
    }

    public boolean allowPrivate() {
        return allowPrivate;
    }

    /** Null if allowed, else why not. */
    public String refusal(InetAddress a) {
        if (allowPrivate || alsoAllowed.contains(a) || !isPrivate(a)) return null;
        return a.getHostAddress() + " is a " + kind(a) + " address";
    }

    public static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return true;                       // fc00::/7 unique local
            if (isMappedV4(b)) {
                try {
                    return isPrivate(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return false;
        }
        int b0 = b[0] & 0xff, b1 = b[1] & 0xff;
        return b0 == 0                                   // 0.0.0.0/8 "this network"
                || (b0 == 100 && b1 >= 64 && b1 < 128)   // 100.64.0.0/10 carrier-grade NAT
                || (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24 IETF protocol assignments
                || (b0 == 198 && (b1 == 18 || b1 == 19)) // 198.18.0.0/15 benchmarking
                || b0 >= 240;                            // reserved and broadcast
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static String kind(InetAddress a) {
        if (a.isLoopbackAddress()) return "loopback";
        if (a.isLinkLocalAddress()) return "link-local";
        if (a.isSiteLocalAddress()) return "private";
        if (a.isMulticastAddress()) return "multicast";
        if (a.isAnyLocalAddress()) return "unspecified";
        return "non-public";
    }
}
