package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Everything a crawl needs to know, resolved from flags, config file and a resumed crawl's record. */
public record CrawlConfig(
        String platform, URI base, List<String> seedUsers, Path out,
        double rate, int burst, int concurrency,
        int maxAttempts, Duration backoffBase, Duration backoffMax, Duration retryAfterMax,
        String operator, Duration connectTimeout, Duration responseTimeout, Duration totalTimeout,
        long maxBodyBytes, long maxDecodedBytes, long maxWarcBytes, String warcPrefix,
        Frontier.Order order, boolean keepSecrets, int darkAfterFailures, int maxBlockedInARow,
        Duration statsInterval, long seed) {

    public Path warcDir() {
        return out.resolve("warc");
    }

    public Path frontierFile() {
        return out.resolve("frontier.db");
    }
}
