package io.lastlight.crawl;

import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

    static final String RULES = "User-agent: *\nDisallow: /v1/profile?username=secret\n";
    static final String NGINX_503 = "<html><head><title>503 Service Temporarily Unavailable</title></head><body></body></html>";

    /**
     * RFC 9309: a robots.txt that is briefly unreachable (5xx or 429, five times in a row: more than one round of
     * quick retries), redirected five times or served gzip-compressed (Content-Encoding) is still learnt: the host's items wait meanwhile, nothing fails, and
     * the rules (secret is disallowed) apply. The review's servers answered 503 four times (nginx) and 301 to
     * another port; both failed every item of the host.
     */
    @ParameterizedTest
    @ValueSource(strings = {"503", "429", "redirects", "gzip"})
    void aBrieflyUnreachableOrRedirectedRobotsTxtIsFetchedAgainAndObeyed(String quirk, @TempDir Path tmp) throws Exception {
        String[] base = {null};
        try (ScriptedApi api = new ScriptedApi((t, nth) -> {
            if (quirk.equals("redirects")) {
                // /robots.txt → /r1 → ... → /r5 (five redirects, relative and absolute), /r5 holds the rules
                if (t.equals("/robots.txt")) return ScriptedApi.Answer.of(301, "text/html", "", "Location", "/r1");
                if (t.matches("/r[1-4]")) {
                    int n = t.charAt(2) - '0' + 1;
                    return ScriptedApi.Answer.of(n % 2 == 0 ? 302 : 308, "text/html", "", "Location",
                            n % 2 == 0 ? base[0] + "/r" + n : "/r" + n);
                }
                if (t.equals("/r5")) return ScriptedApi.Answer.of(200, "text/plain", RULES);
                return null;
            }
            if (!t.equals("/robots.txt")) return null;
            if (quirk.equals("gzip")) return ScriptedApi.Answer.of(200, "text/plain", gzip(RULES), "Content-Encoding", "gzip");
            if (nth < 5) return quirk.equals("503") ? ScriptedApi.Answer.of(503, "text/html", NGINX_503)
                    : ScriptedApi.Answer.of(429, "application/json", "{\"error\":\"Too many requests\"}");
            return ScriptedApi.Answer.of(200, "text/plain", RULES);
        })) {
            base[0] = api.base();
            CrawlSummary sum = CrawlTestSupport.crawl(api.settings(tmp.resolve("c"), "good", "secret"), CrawlMode.NEW);
            assertEquals(Crawler.Outcome.COMPLETE, sum.outcome());
            assertEquals(1, api.count("/v1/profile?username=good"), "the allowed item was not fetched");
            assertEquals(0, api.count("/v1/profile?username=secret"), "the rules were not learnt");
            assertEquals(1, sum.stats().robotsDisallowed.get());
            assertEquals(1, sum.frontier().failed(), "only the disallowed item fails");
            if (quirk.equals("503") || quirk.equals("429")) assertEquals(6, api.count("/robots.txt"));
            CrawlTestSupport.assertValid(tmp.resolve("c"));
        }
    }

    static byte[] gzip(String text) throws java.io.UncheckedIOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream g = new java.util.zip.GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /**
     * A robots.txt unreachable for the whole crawl: every item of the host waits (none is failed, none fetched),
     * robots.txt is asked for again with growing gaps, and the crawl ends at its deadline with the items queued
     * for a --resume.
     */
    @Test
    void anUnreachableRobotsTxtKeepsTheItemsWaitingUntilTheDeadline(@TempDir Path tmp) throws Exception {
        try (ScriptedApi api = new ScriptedApi((t, nth) -> t.equals("/robots.txt")
                ? ScriptedApi.Answer.of(503, "text/html", NGINX_503) : null)) {
            CrawlSettings s = api.settings(tmp.resolve("c"), "good", "other");
            s.backoffBaseS = 0.2;
            s.backoffMaxS = 60;
            s.deadline = Instant.now().plusSeconds(4).toString();
            CrawlSummary sum = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            assertEquals(Crawler.Outcome.DEADLINE, sum.outcome());
            assertEquals(0, sum.frontier().failed(), "items failed instead of waiting");
            assertEquals(2, sum.frontier().queued());
            List<ScriptedApi.Hit> robots = api.hits.stream().filter(h -> h.target().equals("/robots.txt")).toList();
            assertTrue(api.hits.stream().allMatch(h -> h.target().equals("/robots.txt")), "an item was fetched: " + api.hits);
            assertTrue(robots.size() >= 3 && robots.size() <= 8, robots.size() + " fetches of robots.txt in 4 s");
            long first = robots.get(1).nanos() - robots.get(0).nanos();
            long last = robots.get(robots.size() - 1).nanos() - robots.get(robots.size() - 2).nanos();
            assertTrue(last > first, "the gaps between fetches of robots.txt do not grow");
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
