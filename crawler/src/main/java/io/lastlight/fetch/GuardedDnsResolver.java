package io.lastlight.fetch;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a host name and checks every address against the {@link AddressPolicy} before HttpClient
 * connects; a refused address fails the request as {@link RefusedAddressException}, so nothing is sent.
 */
public final class GuardedDnsResolver implements DnsResolver {
    private final DnsResolver delegate;
    private final AddressPolicy policy;

    /** Thrown instead of connecting to a refused address. */
    public static final class RefusedAddressException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        RefusedAddressException(String message) {
            super(message);
        }
    }

    public GuardedDnsResolver(DnsResolver delegate, AddressPolicy policy) {
        this.delegate = delegate == null ? SystemDefaultDnsResolver.INSTANCE : delegate;
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] all = delegate.resolve(host);
        List<InetAddress> ok = new ArrayList<>();
        String why = null;
        for (InetAddress a : all) {
            String r = policy.refusal(a);
            if (r == null) ok.add(a); else why = r;
        }
        if (ok.isEmpty()) {
            throw new RefusedAddressException("refused to connect to " + host + ": " + (why == null ? "no address" : why)
                    + " (private, loopback and link-local addresses are only allowed when the base URL is one)");
        }
        return ok.toArray(new InetAddress[0]);
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetAddress a : resolve(host)) out.add(new InetSocketAddress(a, port));
        return out;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return delegate.resolveCanonicalHostname(host);
    }
}
