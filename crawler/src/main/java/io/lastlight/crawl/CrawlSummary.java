package io.lastlight.crawl;

import io.lastlight.frontier.FrontierStats;

import java.util.Map;

/** How a crawl ended and what it holds. */
public record CrawlSummary(Crawler.Outcome outcome, CrawlStats stats, FrontierStats frontier,
                           Map<String, FrontierStats> byKind) {
}
