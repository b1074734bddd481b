package io.lastlight.crawl;

import io.lastlight.frontier.FrontierStats;

import java.util.Map;

/**
 * How a crawl ended and what it holds.
 *
 * @param detail why it stopped, in a sentence, where the outcome alone does not say enough (UNREACHABLE); else null
 */
public record CrawlSummary(Crawler.Outcome outcome, CrawlStats stats, FrontierStats frontier,
                           Map<String, FrontierStats> byKind, String detail) {
    public CrawlSummary(Crawler.Outcome outcome, CrawlStats stats, FrontierStats frontier, Map<String, FrontierStats> byKind) {
        this(outcome, stats, frontier, byKind, null);
    }
}
