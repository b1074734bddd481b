package io.lastlight.crawl;

/**
 * How a session treats an existing crawl directory.
 *
 * @param resume continue the crawl in {@code --out} (required if it holds one)
 * @param retryFailed queue items that failed for good again
 * @param revisit re-fetch what was captured (profiles, post lists, posts, comments) to catch edits,
 *                deletions and bans; unchanged payloads become revisit records
 */
public record CrawlMode(boolean resume, boolean retryFailed, boolean revisit) {
    public static final CrawlMode NEW = new CrawlMode(false, false, false);
    public static final CrawlMode RESUME = new CrawlMode(true, false, false);
}
