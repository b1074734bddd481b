package io.lastlight.crawl;

import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's own limits, measured from its access log: with {@code x-ratelimit-*} headers the crawler
 * slows down before the quota runs out (almost no 429s); without headers, adaptive mode settles just below
 * a hidden limit with few 429s.
 */
class ServerRateLimitTest {
    static final Clock FROZEN = Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void rateLimitHeadersAreObeyedBeforeTheQuotaRunsOut(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("access.log");
        try (SimServer server = SimServer.start(SimConfig.builder().users(80).seed(5).clock(FROZEN)
                .rate(40).burst(20).accessLog(log).build())) {
            CrawlSettings s = CrawlTestSupport.settings(server, tmp.resolve("crawl"));
            s.rate = 400;
            s.burst = 20;
            s.adaptive = false; // only the headers steer: the ceiling is 10x the server's limit
            CrawlSummary sum = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            assertEquals(Crawler.Outcome.COMPLETE, sum.outcome());
            assertEquals(0, sum.frontier().failed());
            server.close();
            List<CrawlTestSupport.Hit> hits = CrawlTestSupport.accessLog(log);
            long n429 = hits.stream().filter(h -> h.status() == 429).count();
            assertTrue(hits.size() > 200, "too few requests: " + hits.size());
            assertTrue(n429 <= hits.size() / 100, n429 + " of " + hits.size() + " requests answered 429");
            // Still crawling, not stalled: the simulator's reset is "seconds until the bucket is full", rounded up,
            // so spreading the last 20% over it is conservative (about half the allowed rate; see BENCHMARKS.md).
            double admittedRate = (hits.size() - n429) / ((hits.get(hits.size() - 1).nanos() - hits.get(0).nanos()) / 1e9);
            System.out.printf("headers: admitted %.1f/s of 40/s allowed, %d of %d answered 429%n", admittedRate, n429, hits.size());
            assertTrue(admittedRate > 10, "far below the allowed 40/s: " + admittedRate);
        }
    }

    @Test
    void adaptiveModeSettlesJustBelowAHiddenLimitWithFew429s(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("access.log");
        double limit = 50;
        try (SimServer server = SimServer.start(SimConfig.builder().users(5000).seed(11).clock(FROZEN)
                .rate(limit).rateHeaders(false).accessLog(log).build())) {
            CrawlSettings s = CrawlTestSupport.settings(server, tmp.resolve("crawl"));
            s.rate = 200;
            s.burst = 10;
            s.concurrency = 8;
            s.retryAfterMaxS = 2;
            s.maxAttempts = 20;
            s.deadline = Instant.now().plusSeconds(45).toString();
            CrawlSummary sum = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            assertEquals(Crawler.Outcome.DEADLINE, sum.outcome(), "the world must outlast the measurement");
            server.close();
            List<CrawlTestSupport.Hit> hits = CrawlTestSupport.accessLog(log);
            long t0 = hits.get(0).nanos();
            long from = t0 + 15_000_000_000L, to = t0 + 43_000_000_000L; // after warm-up
            long ok = 0, tooMany = 0;
            for (CrawlTestSupport.Hit h : hits) {
                if (h.nanos() < from || h.nanos() >= to) continue;
                if (h.status() == 429) tooMany++; else ok++;
            }
            double seconds = (to - from) / 1e9;
            double rate = ok / seconds;
            double share429 = (double) tooMany / (ok + tooMany);
            String msg = String.format("admitted %.1f/s of a hidden %.0f/s, 429s %.2f%% (%d of %d)", rate, limit,
                    share429 * 100, tooMany, ok + tooMany);
            System.out.println("adaptive: " + msg);
            assertTrue(rate >= 0.9 * limit, msg);
            assertTrue(share429 < 0.02, msg);
        }
    }

    /**
     * A Retry-After pause (20 s here) ends at the deadline (3 s away) or at a stop (asked for after 2 s, as SIGINT
     * does): the crawl ends then, as it does at a deadline, and sends nothing after it. The review's crawl sat out
     * a 120 s Retry-After past its deadline and past SIGINT, then sent requests.
     */
    @ParameterizedTest
    @ValueSource(strings = {"deadline", "stop"})
    void aRetryAfterPauseEndsAtTheDeadlineOrAStop(String end, @TempDir Path tmp) throws Exception {
        try (ScriptedApi api = new ScriptedApi((t, nth) -> t.equals("/v1/profile?username=slow")
                ? ScriptedApi.Answer.of(429, "application/json", "{\"error\":\"Too many requests\"}", "Retry-After", "20") : null)) {
            CrawlSettings s = api.settings(tmp.resolve("c"), "slow", "a", "b", "c");
            s.concurrency = 1;
            s.schedule = "fifo";
            Instant deadline = Instant.now().plusSeconds(3);
            long deadlineNanos = System.nanoTime() + 3_000_000_000L;
            if (end.equals("deadline")) s.deadline = deadline.toString();
            java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            if (end.equals("stop")) CrawlSession.crawlerStarted = c -> timer.schedule(c::requestStop, 2, java.util.concurrent.TimeUnit.SECONDS);
            long start = System.nanoTime();
            CrawlSummary sum;
            try {
                sum = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            } finally {
                CrawlSession.crawlerStarted = c -> { };
                timer.shutdownNow();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(end.equals("deadline") ? Crawler.Outcome.DEADLINE : Crawler.Outcome.STOPPED, sum.outcome());
            assertTrue(seconds < 6, "the crawl waited out the Retry-After: " + seconds + " s");
            assertEquals(1, api.count("/v1/profile?username=slow"), api.hits.toString());
            if (end.equals("deadline")) {
                assertTrue(api.hits.stream().allMatch(h -> h.nanos() < deadlineNanos), "a request after the deadline: " + api.hits);
            }
            assertEquals(0, sum.frontier().failed());
        }
    }

    /**
     * A Retry-After longer than retry_after_max_s (1 s here): the item waits as long as asked (3600 s: past the
     * deadline, so it is asked for once and stays queued), and such answers use up its attempts (2 s, twice: it
     * fails). Clamped to 1 s and not counted, the item was asked for again every second, forever.
     */
    @ParameterizedTest(name = "Retry-After {0} s, deadline in {1} s")
    @CsvSource({"3600, 3, DEADLINE, 1, 0", "2, 12, COMPLETE, 2, 1"})
    void aRetryAfterBeyondTheClampIsHonouredForTheItemAndUsesItsAttempts(int retryAfter, int deadlineS, Crawler.Outcome outcome,
                                                                        int requests, int failed, @TempDir Path tmp) throws Exception {
        String target = "/v1/profile?username=later";
        try (ScriptedApi api = new ScriptedApi((t, nth) -> t.equals(target) ? ScriptedApi.Answer.of(429, "application/json",
                "{\"error\":\"Too many requests\"}", "Retry-After", String.valueOf(retryAfter)) : null)) {
            CrawlSettings s = api.settings(tmp.resolve("c"), "later", "good");
            s.retryAfterMaxS = 1;
            s.maxAttempts = 2;
            s.deadline = Instant.now().plusSeconds(deadlineS).toString();
            CrawlSummary sum = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            assertEquals(outcome, sum.outcome());
            assertEquals(requests, api.count(target), api.hits.toString());
            assertEquals(failed, sum.frontier().failed());
            assertEquals(1, api.count("/v1/profile?username=good"));
        }
    }
}
