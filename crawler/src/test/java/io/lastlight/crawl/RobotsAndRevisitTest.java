package io.lastlight.crawl;

import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.Warcinfo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** robots.txt obeyed (Disallow and Crawl-delay) or ignored and recorded; revisits catch deletions and bans. */
class RobotsAndRevisitTest {
    static final Instant T0 = Instant.parse("2021-01-09T00:00:00Z");

    @Test
    void robotsTxtIsArchivedObeyedWithCrawlDelayAndIgnoringItIsRecorded(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("access.log");
        try (SimServer server = SimServer.start(SimConfig.builder().users(40).seed(8).clock(Clock.fixed(T0, java.time.ZoneOffset.UTC))
                .robots("disallow:/v1/follow/following;crawl-delay:0.05").accessLog(log).build())) {
            CrawlSettings s = CrawlTestSupport.settings(server, tmp.resolve("obey"));
            CrawlSummary sum = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            assertEquals(Crawler.Outcome.COMPLETE, sum.outcome());
            assertTrue(sum.stats().robotsDisallowed.get() > 0);
            server.close();
            List<CrawlTestSupport.Hit> hits = CrawlTestSupport.accessLog(log);
            assertTrue(hits.stream().noneMatch(h -> h.target().startsWith("/v1/follow/following")), "a disallowed path was fetched");
            assertEquals("/robots.txt", hits.get(0).target(), "robots.txt comes first");
            // Crawl-delay 0.05 s: at most 20 requests per second whatever --rate says (1000 here), one of slack.
            assertTrue(CrawlTestSupport.maxWindowCount(hits, 20) <= 2 + 1, "Crawl-delay not honoured");
            String[] robots = {null};
            CrawlTestSupport.eachRecord(tmp.resolve("obey"), rec -> {
                try {
                    if (rec instanceof Warcinfo w) robots[0] = w.fields().first("robots").orElse(null);
                    if (rec instanceof WarcResponse r && r.target().endsWith("/robots.txt")) {
                        assertTrue(new String(r.http().body().stream().readAllBytes(), StandardCharsets.UTF_8).contains("Disallow: /v1/follow/following"));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertEquals("classic", robots[0]);
        }
        Path log2 = tmp.resolve("access2.log");
        try (SimServer server = SimServer.start(SimConfig.builder().users(40).seed(8).clock(Clock.fixed(T0, java.time.ZoneOffset.UTC))
                .robots("disallow:/v1/follow/following").accessLog(log2).build())) {
            CrawlSettings s = CrawlTestSupport.settings(server, tmp.resolve("ignore"));
            s.ignoreRobots = true;
            CrawlSummary sum = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            assertEquals(0, sum.stats().robotsDisallowed.get());
            server.close();
            assertTrue(CrawlTestSupport.accessLog(log2).stream().anyMatch(h -> h.target().startsWith("/v1/follow/following")));
            String[] robots = {null};
            CrawlTestSupport.eachRecord(tmp.resolve("ignore"), rec -> {
                try {
                    if (rec instanceof Warcinfo w) robots[0] = w.fields().first("robots").orElse(null);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertEquals("ignore", robots[0]);
        }
    }

    @Test
    void aRevisitWritesRevisitRecordsForUnchangedPayloadsAndCatchesDeletionsAndBans(@TempDir Path tmp) throws Exception {
        SecretsTest.MovableClock world = new SecretsTest.MovableClock(T0);
        try (SimServer server = SimServer.start(SimConfig.builder().users(200).seed(31).clock(world)
                .deletedFraction(0.3).bannedFraction(0.2).build())) {
            GroundTruth truth = server.truth();
            Path out = tmp.resolve("crawl");
            CrawlSettings s = CrawlTestSupport.settings(server, out);
            CrawlSummary first = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            assertEquals(Crawler.Outcome.COMPLETE, first.outcome());
            world.advance(Duration.ofHours(49)); // every post-start deletion and ban has happened
            CrawlSettings again = CrawlTestSupport.settings(server, out);
            CrawlSummary second = CrawlSession.run(again.toConfig(), new CrawlMode(false, false, true),
                    CrawlEnvironment.system(Clock.systemUTC()), CrawlTestSupport.quiet());
            assertEquals(Crawler.Outcome.COMPLETE, second.outcome());
            assertTrue(second.stats().revisits.get() > 0, "no revisit records");

            Set<String> bannedLater = new HashSet<>();
            for (GroundTruth.Event e : truth.bannedUsers()) {
                int idx = server.world().userIndexOfId(e.id());
                if (e.at().isAfter(T0) && truth.reachable(idx)) bannedLater.add(e.username());
            }
            assertFalse(bannedLater.isEmpty(), "the world should ban someone reachable after the start");
            List<String> bannedSeen = new ArrayList<>();
            int[] revisits = {0};
            CrawlTestSupport.eachRecord(out, rec -> {
                try {
                    if (rec instanceof WarcRevisit v) {
                        revisits[0]++;
                        assertEquals(WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1, v.profile());
                        assertEquals(v.target(), v.refersToTargetURI().orElseThrow().toString());
                        assertTrue(!v.refersToDate().orElseThrow().isAfter(v.date()), v.refersToDate().get() + " after " + v.date());
                        assertTrue(v.refersTo().isPresent());
                    } else if (rec instanceof WarcResponse r && r.target().contains("/v1/profile?username=") && r.http().status() == 200) {
                        String body = new String(r.http().body().stream().readAllBytes(), StandardCharsets.UTF_8);
                        if (body.contains("\"banned\":true")) bannedSeen.add(r.target().substring(r.target().indexOf('=') + 1));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertEquals(second.stats().revisits.get(), revisits[0]);
            assertTrue(bannedSeen.containsAll(bannedLater), "bans after the first pass not captured: " + bannedLater);
            CrawlTestSupport.assertValid(out);
        }
    }
}
