package io.lastlight.crawl;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * robots.txt per host, parsed by crawler-commons' {@link SimpleRobotRulesParser} (RFC 9309): which paths
 * may be fetched and the Crawl-delay. The crawler fetches each host's robots.txt before anything else on
 * that host and keeps it in WARC. With {@code --ignore-robots} the file is still fetched and archived, but
 * not obeyed (and the warcinfo says {@code robots: ignore}).
 *
 * <p>RFC 9309 §2.3.1: a robots.txt that is unreachable (5xx, 429, a connection failure) means "disallow
 * everything" only for now: the host's items wait ({@link #deferredUntil}), not fail, and the file is fetched
 * again with exponential backoff. After {@link #UNREACHABLE_PATIENCE} of unreachability the RFC lets a crawler
 * take the file as unavailable (a 4xx: no rules), which is what happens then. 4xx (other than 429) and a
 * redirect chain longer than the crawler follows mean no rules (allow all). Waiting is for a platform that has
 * answered: when robots.txt gets no answer from a base that never answered, {@link BaseReachability} stops the
 * crawl instead (a wrong --base or a server not running; the items stay queued).
 */
final class RobotsGate {
    /** RFC 9309 §2.3.1.4's example of "a reasonably long period" of unreachability. */
    static final Duration UNREACHABLE_PATIENCE = Duration.ofDays(30);

    private final SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
    private final Map<String, BaseRobotRules> rules = new ConcurrentHashMap<>();
    private final Map<String, Deferral> deferred = new ConcurrentHashMap<>();
    private final boolean obey;
    private final String agentToken;
    private final RetryPolicy backoff;

    /** A host whose robots.txt could not be fetched: since when, how often, and when it is fetched again. */
    private record Deferral(int failures, long sinceMillis, long retryAtMillis, String why) {}

    /** @param backoff spaces the fetches of an unreachable robots.txt */
    RobotsGate(boolean obey, String agentToken, RetryPolicy backoff) {
        this.obey = obey;
        this.agentToken = agentToken;
        this.backoff = backoff;
    }

    static String hostKey(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    static URI robotsUri(URI any) {
        return URI.create(hostKey(any) + "/robots.txt");
    }

    /** Whether the host's robots.txt is to be fetched now: never fetched yet, or unreachable and due again. */
    boolean due(URI uri, long nowMillis) {
        String k = hostKey(uri);
        if (!rules.containsKey(k)) return true;
        Deferral d = deferred.get(k);
        return d != null && nowMillis >= d.retryAtMillis();
    }

    /** Whether an unreachable robots.txt status is temporary (RFC 9309 §2.3.1.3-4): 5xx, 429 or no answer (0). */
    static boolean unreachable(int status) {
        return status == 0 || status == 429 || status >= 500;
    }

    /**
     * Parses a fetched robots.txt (status 2xx) or applies the RFC 9309 rule for a failed fetch: 4xx (other
     * than 429) and 3xx (a redirect chain not followed to its end) allow all; an unreachable file defers the
     * host's items until it is fetched again.
     */
    BaseRobotRules learn(URI robotsUri, int status, byte[] body, String contentType, long nowMillis) {
        String k = hostKey(robotsUri);
        BaseRobotRules r;
        if (status >= 200 && status < 300) {
            r = parser.parseContent(robotsUri.toString(), body, contentType == null ? "text/plain" : contentType,
                    List.of(agentToken));
            deferred.remove(k);
        } else if (!unreachable(status)) {
            r = parser.failedFetch(404);
            deferred.remove(k);
        } else {
            Deferral prev = deferred.get(k);
            long since = prev == null ? nowMillis : prev.sinceMillis();
            if (nowMillis - since >= UNREACHABLE_PATIENCE.toMillis()) {
                r = parser.failedFetch(404);
                deferred.remove(k);
            } else {
                r = parser.failedFetch(503);
                int failures = prev == null ? 0 : prev.failures() + 1;
                String why = status == 0 ? "no answer" : "HTTP " + status;
                if (obey) deferred.put(k, new Deferral(failures, since, nowMillis + backoff.backoffMillis(failures), why));
            }
        }
        rules.put(k, r);
        return r;
    }

    /** When the host's items may be tried again (its robots.txt fetched again), or -1 if they need not wait. */
    long deferredUntil(URI uri) {
        if (!obey) return -1;
        Deferral d = deferred.get(hostKey(uri));
        return d == null ? -1 : d.retryAtMillis();
    }

    /** Why the host's items wait, for the item's record and the log; null if they need not. */
    String deferral(URI uri) {
        Deferral d = obey ? deferred.get(hostKey(uri)) : null;
        if (d == null) return null;
        return "robots.txt unreachable (" + d.why() + ", " + (d.failures() + 1) + " time(s)): RFC 9309 disallows everything "
                + "until it can be fetched again; waiting, not failed";
    }

    /** Null if allowed, else why not. */
    String refusal(URI uri) {
        if (!obey) return null;
        BaseRobotRules r = rules.get(hostKey(uri));
        if (r == null || r.isAllowed(uri.toString())) return null;
        return "disallowed by robots.txt";
    }

    /** Crawl-delay in nanoseconds, 0 if none or ignored. */
    long crawlDelayNanos(URI uri) {
        if (!obey) return 0;
        BaseRobotRules r = rules.get(hostKey(uri));
        if (r == null || r.getCrawlDelay() == BaseRobotRules.UNSET_CRAWL_DELAY || r.getCrawlDelay() <= 0) return 0;
        return r.getCrawlDelay() * 1_000_000L;
    }

    /** The http(s) URI a robots.txt redirect points to, or null (no usable Location). */
    static URI redirect(URI from, io.lastlight.fetch.FetchResult r) {
        String location = r.header("Location").orElse(null);
        if (location == null || location.isBlank()) return null;
        try {
            URI to = from.resolve(location.trim());
            String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(java.util.Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && to.getHost() != null ? to : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
