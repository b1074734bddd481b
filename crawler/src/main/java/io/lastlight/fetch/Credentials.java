package io.lastlight.fetch;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.AbstractMap;
import java.util.function.Consumer;

/**
 * The secrets a crawl sends: cookies (from {@code --cookies FILE}, kept current from {@code Set-Cookie}, so a
 * rotating session cookie such as Parler's {@code jst} stays valid) and a bearer token (from
 * {@code --token-env NAME}). Sent only to the crawl's own hosts. Values never leave this class except in
 * request headers; {@link #snapshot()} is for the frontier database on the operator's disk, never for WARC
 * or logs. Thread-safe.
 */
public final class Credentials {
    private final Map<String, NetscapeCookies.StoredCookie> cookies = new LinkedHashMap<>();
    private final String bearer;
    private final Clock clock;
    private volatile Consumer<List<NetscapeCookies.StoredCookie>> onChange = c -> { };

    public Credentials(List<NetscapeCookies.StoredCookie> initial, String bearerToken, Clock clock) {
        for (NetscapeCookies.StoredCookie c : initial) cookies.put(key(c), c);
        this.bearer = bearerToken == null || bearerToken.isEmpty() ? null : bearerToken;
        this.clock = clock;
    }

    public static Credentials none(Clock clock) {
        return new Credentials(List.of(), null, clock);
    }

    /** Called (on the thread that saw the Set-Cookie) whenever a cookie value changes. */
    public void onChange(Consumer<List<NetscapeCookies.StoredCookie>> listener) {
        this.onChange = listener;
    }

    private static String key(NetscapeCookies.StoredCookie c) {
        return c.domain() + "\t" + c.path() + "\t" + c.name();
    }

    public boolean isEmpty() {
        synchronized (cookies) {
            return cookies.isEmpty() && bearer == null;
        }
    }

    /** The Authorization and Cookie headers for a request to {@code uri}. */
    public List<Map.Entry<String, String>> headersFor(URI uri) {
        List<Map.Entry<String, String>> out = new ArrayList<>(2);
        if (bearer != null) out.add(new AbstractMap.SimpleImmutableEntry<>("Authorization", "Bearer " + bearer));
        String host = uri.getHost();
        if (host == null) return out;
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        long now = clock.instant().getEpochSecond();
        StringBuilder sb = new StringBuilder();
        synchronized (cookies) {
            for (NetscapeCookies.StoredCookie c : cookies.values()) {
                if (!c.matches(host, uri.getRawPath(), https, now)) continue;
                if (sb.length() > 0) sb.append("; ");
                sb.append(c.name()).append('=').append(c.value());
            }
        }
        if (sb.length() > 0) out.add(new AbstractMap.SimpleImmutableEntry<>("Cookie", sb.toString()));
        return out;
    }

    /** Applies the {@code Set-Cookie} headers of a response from {@code uri}. */
    public void update(URI uri, List<String> setCookies) {
        if (setCookies.isEmpty() || uri.getHost() == null) return;
        boolean changed = false;
        long now = clock.instant().getEpochSecond();
        synchronized (cookies) {
            for (String sc : setCookies) {
                NetscapeCookies.StoredCookie c = parseSetCookie(uri, sc, now);
                if (c == null) continue;
                String k = key(c);
                NetscapeCookies.StoredCookie old = cookies.get(k);
                if (c.expires() > 0 && c.expires() <= now) {
                    changed |= cookies.remove(k) != null;
                } else if (old == null || !old.value().equals(c.value()) || old.expires() != c.expires()) {
                    cookies.put(k, c);
                    changed = true;
                }
            }
        }
        if (changed) onChange.accept(snapshot());
    }

    public List<NetscapeCookies.StoredCookie> snapshot() {
        synchronized (cookies) {
            return List.copyOf(cookies.values());
        }
    }

    /** Replaces cookies with newer values (e.g. the ones a resumed crawl last saw). */
    public void restore(List<NetscapeCookies.StoredCookie> newer) {
        synchronized (cookies) {
            for (NetscapeCookies.StoredCookie c : newer) cookies.put(key(c), c);
        }
    }

    /** A Set-Cookie header (RFC 6265 §5.2, the parts a crawler needs); null if unusable. */
    static NetscapeCookies.StoredCookie parseSetCookie(URI uri, String header, long now) {
        String[] parts = header.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) return null;
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        if (name.isEmpty()) return null;
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String domain = host;
        boolean sub = false;
        String path = "/";
        boolean secure = false;
        boolean httpOnly = false;
        long expires = 0;
        for (int i = 1; i < parts.length; i++) {
            String a = parts[i].trim();
            int e = a.indexOf('=');
            String an = (e < 0 ? a : a.substring(0, e)).trim().toLowerCase(Locale.ROOT);
            String av = e < 0 ? "" : a.substring(e + 1).trim();
            switch (an) {
                case "domain": {
                    String d = av.startsWith(".") ? av.substring(1) : av;
                    d = d.toLowerCase(Locale.ROOT);
                    // A response may only set cookies for its own host or a parent domain of it.
                    if (!d.isEmpty() && (host.equals(d) || host.endsWith("." + d))) {
                        domain = d;
                        sub = true;
                    }
                    break;
                }
                case "path": if (av.startsWith("/")) path = av; break;
                case "secure": secure = true; break;
                case "httponly": httpOnly = true; break;
                case "max-age":
                    try {
                        long s = Long.parseLong(av);
                        expires = s <= 0 ? 1 : now + s;
                    } catch (NumberFormatException ignored) {
                        // ignore a bad attribute
                    }
                    break;
                case "expires":
                    if (expires == 0) {
                        try {
                            expires = java.time.ZonedDateTime.parse(av, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                                    .toEpochSecond();
                        } catch (java.time.format.DateTimeParseException ignored) {
                            // ignore a bad attribute
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        return new NetscapeCookies.StoredCookie(domain, sub, path, secure, expires, name, value, httpOnly);
    }
}
