package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Everything a crawl needs to know, resolved from the default config, a config file ({@code --config}),
 * flags, and a resumed crawl's record. Every key is documented in {@code default-config.yaml}.
 *
 * @param scopeHosts hosts besides the base URL's that may be fetched (e.g. a platform's web host)
 * @param adaptive AIMD on 429/503/latency when the server sends no rate-limit headers
 * @param cookiesFile Netscape cookies.txt ({@code --cookies}), or null
 * @param tokenEnv name of the environment variable holding a bearer token ({@code --token-env}), or null
 * @param enumerateFrom first sequential post number to enumerate ({@code --enumerate-ids FROM-TO}), -1 for none
 * @param comments whether to fetch comments (a post's replies and a user's comments)
 * @param htmlPages whether to fetch the web (HTML) profile and post pages as well as the API
 * @param maxHops links are not followed from items this many hops from a seed (endless-cursor guard)
 * @param deadline stop cleanly at this time (the platform's announced end), or null
 * @param dialect which server software the adapter should expect ({@code --dialect}; {@code auto} detects it), or
 *                null for the adapter's default
 * @param outageWindow how long 500/502/503/504 answers and connection failures are retried before an item fails, and
 *                     how long such failures in a row must last before the platform counts as dark
 */
public record CrawlConfig(
        String platform, URI base, List<String> seedUsers, Path out,
        double rate, int burst, int concurrency,
        int maxAttempts, Duration backoffBase, Duration backoffMax, Duration retryAfterMax,
        String operator, Duration connectTimeout, Duration responseTimeout, Duration totalTimeout,
        long maxBodyBytes, long maxDecodedBytes, long maxWarcBytes, String warcPrefix,
        Frontier.Order order, boolean keepSecrets, int darkAfterFailures, int maxBlockedInARow,
        Duration statsInterval, long seed,
        List<String> scopeHosts, boolean ignoreRobots, boolean adaptive, Path cookiesFile, String tokenEnv,
        long enumerateFrom, long enumerateTo, boolean comments, boolean htmlPages, int maxHops, Instant deadline,
        String dialect, Duration outageWindow) {

    /** The default {@code outage_window_s}. */
    public static final Duration DEFAULT_OUTAGE_WINDOW = Duration.ofMinutes(10);

    public CrawlConfig {
        scopeHosts = scopeHosts == null ? List.of() : List.copyOf(scopeHosts);
        seedUsers = seedUsers == null ? List.of() : List.copyOf(seedUsers);
        if (dialect != null && dialect.isBlank()) dialect = null;
        if (outageWindow == null) outageWindow = DEFAULT_OUTAGE_WINDOW;
    }

    /** Without {@code outageWindow} (the default). */
    public CrawlConfig(String platform, URI base, List<String> seedUsers, Path out, double rate, int burst, int concurrency,
                       int maxAttempts, Duration backoffBase, Duration backoffMax, Duration retryAfterMax, String operator,
                       Duration connectTimeout, Duration responseTimeout, Duration totalTimeout, long maxBodyBytes,
                       long maxDecodedBytes, long maxWarcBytes, String warcPrefix, Frontier.Order order, boolean keepSecrets,
                       int darkAfterFailures, int maxBlockedInARow, Duration statsInterval, long seed, List<String> scopeHosts,
                       boolean ignoreRobots, boolean adaptive, Path cookiesFile, String tokenEnv, long enumerateFrom,
                       long enumerateTo, boolean comments, boolean htmlPages, int maxHops, Instant deadline, String dialect) {
        this(platform, base, seedUsers, out, rate, burst, concurrency, maxAttempts, backoffBase, backoffMax, retryAfterMax,
                operator, connectTimeout, responseTimeout, totalTimeout, maxBodyBytes, maxDecodedBytes, maxWarcBytes,
                warcPrefix, order, keepSecrets, darkAfterFailures, maxBlockedInARow, statsInterval, seed, scopeHosts,
                ignoreRobots, adaptive, cookiesFile, tokenEnv, enumerateFrom, enumerateTo, comments, htmlPages, maxHops,
                deadline, dialect, null);
    }

    /** Without {@code dialect} (the adapter's default). */
    public CrawlConfig(String platform, URI base, List<String> seedUsers, Path out, double rate, int burst, int concurrency,
                       int maxAttempts, Duration backoffBase, Duration backoffMax, Duration retryAfterMax, String operator,
                       Duration connectTimeout, Duration responseTimeout, Duration totalTimeout, long maxBodyBytes,
                       long maxDecodedBytes, long maxWarcBytes, String warcPrefix, Frontier.Order order, boolean keepSecrets,
                       int darkAfterFailures, int maxBlockedInARow, Duration statsInterval, long seed, List<String> scopeHosts,
                       boolean ignoreRobots, boolean adaptive, Path cookiesFile, String tokenEnv, long enumerateFrom,
                       long enumerateTo, boolean comments, boolean htmlPages, int maxHops, Instant deadline) {
        this(platform, base, seedUsers, out, rate, burst, concurrency, maxAttempts, backoffBase, backoffMax, retryAfterMax,
                operator, connectTimeout, responseTimeout, totalTimeout, maxBodyBytes, maxDecodedBytes, maxWarcBytes,
                warcPrefix, order, keepSecrets, darkAfterFailures, maxBlockedInARow, statsInterval, seed, scopeHosts,
                ignoreRobots, adaptive, cookiesFile, tokenEnv, enumerateFrom, enumerateTo, comments, htmlPages, maxHops,
                deadline, null, null);
    }

    /** Adapter-specific settings passed through {@link io.lastlight.platform.PlatformOptions#extras()}. */
    public java.util.Map<String, String> platformExtras() {
        return dialect == null ? java.util.Map.of() : java.util.Map.of("dialect", dialect);
    }

    public Path warcDir() {
        return out.resolve("warc");
    }

    public Path frontierFile() {
        return out.resolve("frontier.db");
    }

    /**
     * Only the base URL's host and the configured scope hosts are fetched: the base host on the base URL's port,
     * or over https on its default port when the base is http on its default one (an upgrade to https); a scope
     * host on any port and either scheme (naming the base's host with {@code --scope-host} thus lets its other
     * ports in).
     */
    public boolean inScope(URI uri) {
        if (uri == null || uri.getHost() == null || uri.getScheme() == null) return false;
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) return false;
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.equals(base.getHost().toLowerCase(Locale.ROOT))) {
            if (port(uri) == port(base)) return true;
            boolean upgrade = scheme.equals("https") && "http".equalsIgnoreCase(base.getScheme())
                    && port(uri) == 443 && port(base) == 80;
            if (upgrade) return true;
        }
        for (String h : scopeHosts) if (host.equals(h.toLowerCase(Locale.ROOT))) return true;
        return false;
    }

    private static int port(URI u) {
        if (u.getPort() != -1) return u.getPort();
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** Returns a copy with a different frontier order... and other single-field changes used by tests. */
    public CrawlConfig withOut(Path newOut) {
        return new CrawlConfig(platform, base, seedUsers, newOut, rate, burst, concurrency, maxAttempts, backoffBase,
                backoffMax, retryAfterMax, operator, connectTimeout, responseTimeout, totalTimeout, maxBodyBytes,
                maxDecodedBytes, maxWarcBytes, warcPrefix, order, keepSecrets, darkAfterFailures, maxBlockedInARow,
                statsInterval, seed, scopeHosts, ignoreRobots, adaptive, cookiesFile, tokenEnv, enumerateFrom, enumerateTo,
                comments, htmlPages, maxHops, deadline, dialect, outageWindow);
    }

    /** A copy with another {@code dialect} (tests; {@code --dialect}). */
    public CrawlConfig withDialect(String newDialect) {
        return new CrawlConfig(platform, base, seedUsers, out, rate, burst, concurrency, maxAttempts, backoffBase,
                backoffMax, retryAfterMax, operator, connectTimeout, responseTimeout, totalTimeout, maxBodyBytes,
                maxDecodedBytes, maxWarcBytes, warcPrefix, order, keepSecrets, darkAfterFailures, maxBlockedInARow,
                statsInterval, seed, scopeHosts, ignoreRobots, adaptive, cookiesFile, tokenEnv, enumerateFrom, enumerateTo,
                comments, htmlPages, maxHops, deadline, newDialect, outageWindow);
    }

    /** A copy that sends the bearer token held by environment variable {@code name} (tests; {@code --token-env}). */
    public CrawlConfig withTokenEnv(String name) {
        return new CrawlConfig(platform, base, seedUsers, out, rate, burst, concurrency, maxAttempts, backoffBase,
                backoffMax, retryAfterMax, operator, connectTimeout, responseTimeout, totalTimeout, maxBodyBytes,
                maxDecodedBytes, maxWarcBytes, warcPrefix, order, keepSecrets, darkAfterFailures, maxBlockedInARow,
                statsInterval, seed, scopeHosts, ignoreRobots, adaptive, cookiesFile, name, enumerateFrom, enumerateTo,
                comments, htmlPages, maxHops, deadline, dialect, outageWindow);
    }
}
