package io.lastlight.crawl;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * robots.txt per host, parsed by crawler-commons' {@link SimpleRobotRulesParser} (RFC 9309): which paths
 * may be fetched and the Crawl-delay. The crawler fetches each host's robots.txt before anything else on
 * that host and keeps it in WARC. With {@code --ignore-robots} the file is still fetched and archived, but
 * not obeyed (and the warcinfo says {@code robots: ignore}).
 */
final class RobotsGate {
    private final SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
    private final Map<String, BaseRobotRules> rules = new ConcurrentHashMap<>();
    private final boolean obey;
    private final String agentToken;

    RobotsGate(boolean obey, String agentToken) {
        this.obey = obey;
        this.agentToken = agentToken;
    }

    static String hostKey(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    static URI robotsUri(URI any) {
        return URI.create(hostKey(any) + "/robots.txt");
    }

    boolean known(URI uri) {
        return rules.containsKey(hostKey(uri));
    }

    /** Parses a fetched robots.txt (status 2xx) or applies the RFC 9309 rule for a failed fetch. */
    BaseRobotRules learn(URI robotsUri, int status, byte[] body, String contentType) {
        BaseRobotRules r;
        if (status >= 200 && status < 300) {
            r = parser.parseContent(robotsUri.toString(), body, contentType == null ? "text/plain" : contentType,
                    List.of(agentToken));
        } else {
            // 4xx: no rules (allow all); 5xx or unreachable: assume complete disallow (crawler-commons / RFC 9309).
            r = parser.failedFetch(status == 0 ? 503 : status);
        }
        rules.put(hostKey(robotsUri), r);
        return r;
    }

    /** Null if allowed, else why not. */
    String refusal(URI uri) {
        if (!obey) return null;
        BaseRobotRules r = rules.get(hostKey(uri));
        if (r == null || r.isAllowed(uri.toString())) return null;
        return r.isAllowNone() ? "robots.txt could not be fetched (RFC 9309: disallow all); try again later"
                : "disallowed by robots.txt";
    }

    /** Crawl-delay in nanoseconds, 0 if none or ignored. */
    long crawlDelayNanos(URI uri) {
        if (!obey) return 0;
        BaseRobotRules r = rules.get(hostKey(uri));
        if (r == null || r.getCrawlDelay() == BaseRobotRules.UNSET_CRAWL_DELAY || r.getCrawlDelay() <= 0) return 0;
        return r.getCrawlDelay() * 1_000_000L;
    }
}
