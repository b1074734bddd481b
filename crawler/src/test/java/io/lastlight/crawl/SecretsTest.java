package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.SqliteFrontier;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Auth against the simulator's cookie login: cookies from a Netscape cookies.txt, the rotating {@code jst}
 * kept current from Set-Cookie (world time moves on during the crawl), its newest value surviving a resume,
 * and no secret value — cookie or bearer token — anywhere in the WARC bytes or the log.
 */
class SecretsTest {
    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    }

    @Test
    void rotatingCookiesWorkAndNoSecretReachesWarcOrLog(@TempDir Path tmp) throws Exception {
        Instant start = Instant.parse("2021-01-09T00:00:00Z");
        MovableClock worldClock = new MovableClock(start);
        try (SimServer server = SimServer.start(SimConfig.builder().users(60).seed(4).clock(worldClock).auth(true).build())) {
            String mst = server.mstCookie();
            String jst0 = server.jstCookie(start);
            String token = "tok-" + Long.toHexString(System.nanoTime()) + "-secret";
            Path cookies = tmp.resolve("cookies.txt");
            Files.writeString(cookies, "# Netscape HTTP Cookie File\n"
                    + "#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tmst\t" + mst + "\n"
                    + "127.0.0.1\tFALSE\t/\tFALSE\t0\tjst\t" + jst0 + "\n");
            CrawlSettings s = CrawlTestSupport.settings(server, tmp.resolve("crawl"));
            s.cookies = cookies.toString();
            s.tokenEnv = "LASTLIGHT_TEST_TOKEN";
            s.rate = 200;
            // World time advances 2 minutes every 200 ms, so jst rotates (every 5 world minutes) about twice a second:
            // many times during the crawl. (Much faster, and a stretch of cookie-free media requests outlasts the
            // one period a stale jst stays valid; the crawler then retries with the newest cookie it has.)
            Thread mover = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    worldClock.advance(Duration.ofMinutes(2));
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
            PrintStream old = System.err;
            CrawlLog.redirect(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
            CrawlSummary sum;
            mover.start();
            try {
                CrawlEnvironment env = CrawlEnvironment.system(Clock.systemUTC()).withEnv(Map.of("LASTLIGHT_TEST_TOKEN", token)::get);
                sum = CrawlSession.run(s.toConfig(), CrawlMode.NEW, env,
                        new Progress(new PrintStream(logBytes, true, StandardCharsets.UTF_8), false, false));
            } finally {
                mover.interrupt();
                mover.join();
                CrawlLog.redirect(old);
            }
            assertEquals(Crawler.Outcome.COMPLETE, sum.outcome());
            assertEquals(0, sum.frontier().failed());
            assertTrue(sum.frontier().done() > 100);
            String jstNow = server.jstCookie(server.worldNow());
            assertFalse(jstNow.equals(jst0), "the world clock did not move far enough to rotate jst");

            // The newest jst is on the operator's disk (frontier meta), for --resume.
            try (SqliteFrontier f = new SqliteFrontier(tmp.resolve("crawl/frontier.db"), Frontier.Order.TIERED)) {
                String saved = f.getMeta("cookies").orElseThrow();
                assertFalse(saved.contains(jst0), "the first jst is still stored");
            }

            // No secret anywhere: raw WARC bytes, decompressed WARC bytes, log and progress output.
            byte[] warc = CrawlTestSupport.decompressedWarcBytes(tmp.resolve("crawl"));
            String warcText = new String(warc, StandardCharsets.ISO_8859_1);
            String logText = logBytes.toString(StandardCharsets.UTF_8);
            for (String secret : new String[] {mst, jst0, token}) {
                assertFalse(warcText.contains(secret), "a secret is in the WARC records");
                assertFalse(logText.contains(secret), "a secret is in the log");
                for (Path p : CrawlTestSupport.warcs(tmp.resolve("crawl"))) {
                    assertFalse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(secret));
                }
            }
            assertFalse(warcText.contains("jst=" + jstNow) || warcText.matches("(?s).*jst=[0-9a-f]{16}.*"), "a rotated jst is in the WARC");
            assertTrue(warcText.contains("Cookie: [redacted by lastlight"), "request records should show the redaction");
            CrawlTestSupport.assertValid(tmp.resolve("crawl"));

            // --resume starts from the newest cookie values (the cookies.txt one is long expired by now). Which jst
            // the crawl saw last depends on the order it crawled in (a stretch of cookie-free media requests at the
            // end sees no rotation): put world time one minute into the period after the one that issued it, where
            // the saved value is the previous period's (still accepted, and rotated by Set-Cookie) and jst0 is not.
            String savedJst;
            try (SqliteFrontier f = new SqliteFrontier(tmp.resolve("crawl/frontier.db"), Frontier.Order.TIERED)) {
                savedJst = CrawlSession.readCookies(f.getMeta("cookies").orElseThrow()).stream()
                        .filter(c -> c.name().equals("jst")).findFirst().orElseThrow().value();
            }
            Instant issued = server.worldNow().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            while (!server.jstCookie(issued).equals(savedJst)) {
                issued = issued.minus(Duration.ofMinutes(5));
                assertTrue(issued.isAfter(start), "the saved jst was never issued");
            }
            Instant resumeAt = Instant.ofEpochSecond(Math.floorDiv(issued.getEpochSecond(), 300) * 300 + 300 + 60);
            worldClock.advance(Duration.between(server.worldNow(), resumeAt));
            assertFalse(server.jstCookie(server.worldNow()).equals(savedJst), "the saved jst should be one period old");
            CrawlSettings again = CrawlTestSupport.settings(server, tmp.resolve("crawl"));
            again.cookies = cookies.toString();
            // the same seeds (already in the frontier): a made-up one would now be a failed item (seed-not-found)
            CrawlSummary resumed = CrawlSession.run(again.toConfig(), new CrawlMode(true, false, true),
                    CrawlEnvironment.system(Clock.systemUTC()), CrawlTestSupport.quiet());
            assertEquals(0, resumed.frontier().failed());
            assertTrue(resumed.stats().revisits.get() + resumed.stats().captures.get() > 0);
            int[] unauthorized = {0};
            CrawlTestSupport.eachRecord(tmp.resolve("crawl"), rec -> {
                try {
                    if (rec instanceof org.netpreserve.jwarc.WarcResponse r && r.http().status() == 401) unauthorized[0]++;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertEquals(0, unauthorized[0], "requests were answered 401: stale cookies were sent");
        }
    }
}
