package io.lastlight.crawl;

import io.lastlight.frontier.FrontierStats;

import java.util.Map;

/**
 * How a crawl ended and what it holds.
 *
 * @param detail why it stopped, in a sentence, where the outcome alone does not say enough (UNREACHABLE); else null
 * @param seeds what became of the seed users' lookups
 */
public record CrawlSummary(Crawler.Outcome outcome, CrawlStats stats, FrontierStats frontier,
                           Map<String, FrontierStats> byKind, String detail, SeedWatch.Report seeds) {
    public CrawlSummary(Crawler.Outcome outcome, CrawlStats stats, FrontierStats frontier, Map<String, FrontierStats> byKind,
                        String detail) {
        this(outcome, stats, frontier, byKind, detail, SeedWatch.Report.NONE);
    }

    /** The crawl finished having tried its seed users and resolved none of them (see {@link SeedWatch}). */
    public boolean noSeedResolved() {
        return outcome == Crawler.Outcome.COMPLETE && seeds.noneResolved();
    }

    /** {@link #noSeedResolved}'s one-line explanation. */
    public String noSeedMessage(String base, String warcDir) {
        return seeds.message(base, warcDir);
    }

    public CrawlSummary(Crawler.Outcome outcome, CrawlStats stats, FrontierStats frontier, Map<String, FrontierStats> byKind) {
        this(outcome, stats, frontier, byKind, null);
    }
}
