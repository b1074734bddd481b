package io.lastlight.platform;

import java.net.URI;
import java.util.Locale;

/**
 * The {@code instance} of a captured URL: the host that served it, lower-cased, with {@code :port} only when the port
 * is not the scheme's default. A platform whose ids are local to each server (Mastodon's API: Gab, Truth Social and
 * every Mastodon server number their own accounts and statuses) keys its rows by it, so equal ids from two servers
 * stay two accounts. Read from the raw authority, not {@link URI#getHost()}, which is null for a host name with an
 * underscore (some servers have one).
 */
public final class Instances {
    private Instances() {}

    /** The instance of {@code uri}; null when it names no host (a relative or opaque URI). */
    public static String of(URI uri) {
        if (uri == null) return null;
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) return null;
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        String host = hostPort, port = null;
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && colon > hostPort.lastIndexOf(']')) { // not a colon inside an IPv6 literal
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
        }
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1); // the root label: the same host
        if (host.isEmpty()) return null;
        host = host.toLowerCase(Locale.ROOT);
        if (port == null || port.isEmpty() || port.equals(defaultPort(uri.getScheme()))) return host;
        return host + ":" + port;
    }

    private static String defaultPort(String scheme) {
        if (scheme == null) return null;
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http", "ws" -> "80";
            case "https", "wss" -> "443";
            default -> null;
        };
    }
}
