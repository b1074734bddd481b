package io.lastlight.crawl;

import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcResponse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9's fault suite: 10% 5xx, 2% connection resets, 1% truncated bodies, slow responses and a 429
 * storm (a hidden limit far below the crawler's ceiling) — the crawl still captures 100% of the reachable
 * world, and every failed attempt is visible in the WARC (5xx, 429) or in the log (resets, truncations).
 */
class FaultsSystemTest {
    static final Clock FROZEN = Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void everyFaultKindIsSurvivedWithFullCoverageAndEveryFailedAttemptIsVisible(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("access.log");
        ByteArrayOutputStream crawlLog = new ByteArrayOutputStream();
        try (SimServer server = SimServer.start(SimConfig.builder().users(60).seed(21).clock(FROZEN)
                .faults("5xx=0.1,reset=0.02,truncate=0.01,slow=0.03").slowDelay(Duration.ofMillis(800))
                .rate(60).burst(5).rateHeaders(false).accessLog(log).build())) {
            CrawlSettings s = CrawlTestSupport.settings(server, tmp.resolve("crawl"));
            s.rate = 600;          // ten times the hidden limit: a 429 storm until the crawler adapts
            s.concurrency = 12;
            s.maxAttempts = 12;
            s.retryAfterMaxS = 1;
            s.totalTimeoutS = 10;
            CrawlSummary sum;
            PrintStream old = System.err;
            CrawlLog.redirect(new PrintStream(crawlLog, true, StandardCharsets.UTF_8));
            try {
                sum = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            } finally {
                CrawlLog.redirect(old);
            }
            assertEquals(Crawler.Outcome.COMPLETE, sum.outcome());
            assertEquals(0, sum.frontier().failed(), "items given up on");
            assertTrue(sum.stats().status429.get() > 0, "no 429 storm happened");
            server.close();

            // 100% coverage: every reachable profile captured with 200.
            Set<String> profiles = new HashSet<>();
            Map<String, Integer> warcStatusByTarget = new HashMap<>();
            CrawlTestSupport.eachRecord(tmp.resolve("crawl"), rec -> {
                if (!(rec instanceof WarcResponse)) return;
                WarcResponse r = (WarcResponse) rec;
                try {
                    int st = r.http().status();
                    URI u = URI.create(r.target());
                    String key = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()) + " " + st;
                    warcStatusByTarget.merge(key, 1, Integer::sum);
                    if (st == 200 && u.getPath().equals("/v1/profile")) profiles.add(u.getQuery().substring("username=".length()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Set<String> expected = new HashSet<>();
            for (String id : server.truth().reachableUserIds()) expected.add(server.world().user(server.world().userIndexOfId(id)).username());
            assertEquals(expected, profiles);

            // Every failed attempt is visible: 5xx and 429 as WARC records, resets and truncations as log events.
            String events = crawlLog.toString(StandardCharsets.UTF_8);
            int resets = 0, truncs = 0, missing = 0;
            Map<String, Integer> seen = new HashMap<>();
            for (CrawlTestSupport.Hit h : CrawlTestSupport.accessLog(log)) {
                if (h.target().equals("/robots.txt")) continue;
                if (h.status() >= 500 || h.status() == 429) {
                    String key = h.target() + " " + h.status();
                    int n = seen.merge(key, 1, Integer::sum);
                    if (warcStatusByTarget.getOrDefault(key, 0) < n) missing++;
                } else if (h.note() != null && (h.note().contains("fault=reset") || h.note().contains("fault=truncate"))) {
                    if (h.note().contains("reset")) resets++; else truncs++;
                    String url = server.baseUri() + h.target();
                    if (!events.contains("\"url\":\"" + url + "\"")) missing++;
                }
            }
            assertTrue(resets > 0, "no resets happened");
            System.out.printf("faults: %d resets, %d truncations, %d 429s, %d 5xx answers%n", resets, truncs,
                    sum.stats().status429.get(), sum.stats().status5xx.get());
            assertEquals(0, missing, "failed attempts not visible in WARC or log");
            CrawlTestSupport.assertValid(tmp.resolve("crawl"));
        }
    }
}
