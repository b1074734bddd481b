package io.lastlight.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.platform.Capture;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.parler.ParlerPlatform;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9's fault suite: 10% 5xx, 2% connection resets, 1% truncated bodies, 3% slow responses and a 429
 * storm (4 requests in a row answered 429 in every hundred), behind a hidden rate limit a tenth of the
 * crawler's ceiling. Every fault kind is shown to have happened (the
 * simulator's access log notes each injected fault), the crawl still captures 100% of the reachable profiles
 * and posts, and every failed attempt is visible: 5xx and 429 answers as WARC records, resets and truncated
 * bodies (fewer bytes than Content-Length) as {@code fetch-error} events in the crawl log, each followed by a
 * successful retry of the same URL. 40 accounts give ~400 faultable requests: the simulator lays faults out
 * exactly per 100 requests, so that is 4 truncations, ~8 resets, ~40 5xx and ~12 slow answers, in ~80 s.
 */
class FaultsSystemTest {
    static final Clock FROZEN = Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyFaultKindHappensIsSurvivedWithFullCoverageAndEveryFailedAttemptIsVisible(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("access.log");
        ByteArrayOutputStream crawlLog = new ByteArrayOutputStream();
        try (SimServer server = SimServer.start(SimConfig.builder().users(26).seed(21).clock(FROZEN)
                .faults("5xx=0.1,reset=0.02,truncate=0.01,slow=0.03,storm=0.04").slowDelay(Duration.ofMillis(800))
                .rate(60).burst(5).rateHeaders(false).accessLog(log).build())) {
            CrawlSettings s = CrawlTestSupport.settings(server, tmp.resolve("crawl"));
            s.rate = 600;          // ten times the hidden limit: the crawler has to find it (AIMD)
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
            server.close();

            // Each fault kind happened, counted from the simulator's own access log.
            List<CrawlTestSupport.Hit> hits = CrawlTestSupport.accessLog(log);
            Map<String, Integer> injected = new HashMap<>();
            for (CrawlTestSupport.Hit h : hits) {
                if (h.status() == 429) injected.merge("429", 1, Integer::sum);
                if (h.note() != null && h.note().startsWith("fault=")) injected.merge(h.note().substring(6), 1, Integer::sum);
            }
            long faultable = hits.stream().filter(h -> h.status() != 429 && !h.target().equals("/robots.txt")).count();
            System.out.printf(Locale.ROOT, "faults over %d faultable requests: %s; crawler saw %d 429s, %d 5xx%n", faultable,
                    injected, sum.stats().status429.get(), sum.stats().status5xx.get());
            StringBuilder perTen = new StringBuilder();
            long t0 = hits.get(0).nanos();
            Map<Long, Integer> tens = new java.util.TreeMap<>();
            for (CrawlTestSupport.Hit h : hits) tens.merge((h.nanos() - t0) / 10_000_000_000L, 1, Integer::sum);
            tens.forEach((k, v) -> perTen.append(' ').append(v));
            System.out.printf(Locale.ROOT, "requests per 10 s:%s%n", perTen);
            for (String kind : List.of("5xx", "reset", "truncate", "slow", "storm", "429")) {
                assertTrue(injected.getOrDefault(kind, 0) > 0, "the " + kind + " fault never happened: " + injected);
            }
            // Exact shares per 100 requests (FaultSpec.BLOCK): the whole blocks served hold exactly 1% truncations.
            assertTrue(injected.get("truncate") >= faultable / 100, "truncations " + injected.get("truncate") + " of " + faultable);
            // The storm: 4 requests in a row answered 429 at the start of every hundred, however slowly the crawler sends.
            assertTrue(injected.get("storm") >= 4 * (faultable / 100), "storm 429s " + injected.get("storm") + " of " + faultable);

            // 100% coverage: every reachable profile and every reachable post captured with 200.
            Set<String> profiles = new HashSet<>();
            Set<String> posts = new HashSet<>(), originals = new HashSet<>(), deleted = new HashSet<>();
            Map<String, Integer> warcStatusByTarget = new HashMap<>();
            ParlerPlatform parler = new ParlerPlatform();
            CrawlTestSupport.eachRecord(tmp.resolve("crawl"), rec -> {
                if (!(rec instanceof WarcResponse)) return;
                WarcResponse r = (WarcResponse) rec;
                try {
                    int st = r.http().status();
                    URI u = URI.create(r.target());
                    warcStatusByTarget.merge(pathAndQuery(u) + " " + st, 1, Integer::sum);
                    if (st != 200) return;
                    if (u.getPath().equals("/v1/profile")) profiles.add(u.getQuery().substring("username=".length()));
                    if (parler.kindOf(u).equals(ParlerPlatform.KIND_POSTS)) {
                        Capture c = new Capture(u, r.date(), st, r.http().headers().map(),
                                r.http().body().stream().readAllBytes(), false);
                        Extraction x = parler.extract(c);
                        assertEquals(Extraction.OK, x.status(), u + ": " + x.detail());
                        for (PostObservation p : x.posts()) {
                            posts.add(p.postId());
                            if (p.deleted()) deleted.add(p.postId());
                            if (p.isRepost()) { // the page carries the originals its echoes point to (postRefs[])
                                if (p.parentId() != null) originals.add(p.parentId());
                                if (p.rootId() != null) originals.add(p.rootId());
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Set<String> expected = new HashSet<>();
            for (String id : server.truth().reachableUserIds()) expected.add(server.world().user(server.world().userIndexOfId(id)).username());
            assertEquals(expected, profiles);
            // The world's listed posts, and the originals of echoes it no longer lists (deleted: observed as such).
            Set<String> listed = new HashSet<>(server.truth().reachablePostIds());
            posts.removeIf(id -> originals.contains(id) && deleted.contains(id) && !listed.contains(id));
            assertEquals(listed, posts);

            // Every failed attempt is visible: 5xx and 429 as WARC records, resets and truncations as log events.
            Map<String, List<String>> fetchErrors = new HashMap<>();
            for (String line : crawlLog.toString(StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("{")) continue;
                JsonNode e = JSON.readTree(line);
                if (e.path("event").asText().equals("fetch-error")) {
                    fetchErrors.computeIfAbsent(e.path("url").asText(), k -> new ArrayList<>()).add(e.path("error").asText());
                }
            }
            int missing = 0, truncationsLogged = 0;
            Map<String, Integer> seen = new HashMap<>();
            List<String> unexplained = new ArrayList<>();
            for (CrawlTestSupport.Hit h : hits) {
                if (h.target().equals("/robots.txt")) continue;
                if (h.status() >= 500 || h.status() == 429) {
                    String key = h.target() + " " + h.status();
                    int n = seen.merge(key, 1, Integer::sum);
                    if (warcStatusByTarget.getOrDefault(key, 0) < n) missing++;
                } else if ("fault=reset".equals(h.note()) || "fault=truncate".equals(h.note())) {
                    String url = server.baseUri() + h.target();
                    List<String> errors = fetchErrors.getOrDefault(url, List.of());
                    if (errors.isEmpty()) {
                        missing++;
                        unexplained.add(h.note() + " " + url);
                    }
                    if (h.note().equals("fault=truncate")) {
                        // HttpClient: "premature end of content-length delimited message body (expected: n; received: m)"
                        if (errors.stream().anyMatch(m -> m.contains("premature end") || m.contains("content-length"))) truncationsLogged++;
                        else unexplained.add("truncation logged as " + errors + " " + url);
                        // ... and it was retried: the same URL is in the WARC with 200
                        assertTrue(warcStatusByTarget.getOrDefault(h.target() + " 200", 0) > 0, "truncated, never recaptured: " + url);
                    }
                }
            }
            assertEquals(0, missing, "failed attempts not visible in WARC or log: " + unexplained);
            assertEquals(injected.get("truncate").intValue(), truncationsLogged, "truncated bodies not logged as such: " + unexplained);
            CrawlTestSupport.assertValid(tmp.resolve("crawl"));
        }
    }

    static final String NGINX_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway"
            + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    /**
     * A short outage (nginx answering 502 for 2 s, as when the backend restarts) is ridden out: the items back off
     * exponentially and are captured once it is over, though max_attempts (2 here) is used up long before. The
     * review's crawl failed every item of a 60 s outage after 6 attempts in 14 s.
     */
    @Test
    void aShortOutageIsRiddenOutWithGrowingBackoffNotFailed(@TempDir Path tmp) throws Exception {
        long start = System.nanoTime();
        try (ScriptedApi api = new ScriptedApi((t, nth) -> !t.equals("/robots.txt") && System.nanoTime() - start < 2_000_000_000L
                ? ScriptedApi.Answer.of(502, "text/html", NGINX_502, "Server", "nginx") : null)) {
            CrawlSettings s = api.settings(tmp.resolve("c"), "good", "other");
            s.maxAttempts = 2;
            s.backoffBaseS = 0.05;
            CrawlSummary sum = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            assertEquals(Crawler.Outcome.COMPLETE, sum.outcome());
            assertEquals(0, sum.frontier().failed(), "items failed during a 2 s outage");
            for (String name : List.of("good", "other")) {
                List<ScriptedApi.Hit> tries = api.hits.stream().filter(h -> h.target().equals("/v1/profile?username=" + name)).toList();
                assertEquals(200, tries.get(tries.size() - 1).status(), name + " was not captured");
                assertTrue(tries.size() >= 4, name + ": " + tries.size() + " attempts");
                long firstGap = tries.get(1).nanos() - tries.get(0).nanos();
                long lastGap = tries.get(tries.size() - 1).nanos() - tries.get(tries.size() - 2).nanos();
                assertTrue(lastGap > 2 * firstGap, name + ": the backoff does not grow (" + firstGap + " ns, then " + lastGap + " ns)");
            }
        }
    }

    /**
     * An outage that outlasts outage_window_s (and dark_after_failures answers in a row) is the platform gone dark:
     * the crawl stops so, with every item still queued (not failed) for a --resume.
     */
    @Test
    void anOutageLongerThanTheWindowIsThePlatformGoneDarkWithItsItemsQueued(@TempDir Path tmp) throws Exception {
        try (ScriptedApi api = new ScriptedApi((t, nth) -> t.equals("/robots.txt") ? null
                : ScriptedApi.Answer.of(502, "text/html", NGINX_502, "Server", "nginx"))) {
            CrawlSettings s = api.settings(tmp.resolve("c"), "good", "other", "third");
            s.darkAfterFailures = 3;
            s.outageWindowS = 1.5;
            long start = System.nanoTime();
            CrawlSummary sum = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            assertEquals(Crawler.Outcome.PLATFORM_DARK, sum.outcome());
            assertTrue(System.nanoTime() - start >= 1_500_000_000L, "called dark before the outage window");
            assertEquals(0, sum.frontier().failed());
            assertEquals(3, sum.frontier().queued());
        }
    }

    /** A crawl that finishes with every item failed says so and exits 1 (crawl --help), not 0. */
    @Test
    void aCrawlWhoseItemsAllFailedExitsOneSayingSo(@TempDir Path tmp) throws Exception {
        try (ScriptedApi api = new ScriptedApi((t, nth) -> t.equals("/robots.txt") ? null
                : ScriptedApi.Answer.of(502, "text/html", NGINX_502, "Server", "nginx"))) {
            Path cfg = java.nio.file.Files.writeString(tmp.resolve("c.yaml"),
                    "rate: 200\nbackoff_base_s: 0.01\nbackoff_max_s: 0.1\noutage_window_s: 0\nmax_attempts: 2\n");
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine cl = new picocli.CommandLine(new CrawlCommand());
            cl.setErr(new java.io.PrintWriter(err, true));
            PrintStream old = System.err;
            CrawlLog.redirect(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int code;
            try {
                code = cl.execute("--base", api.base(), "--seed-user", "good", "--out", tmp.resolve("c").toString(),
                        "--config", cfg.toString(), "--quiet");
            } finally {
                CrawlLog.redirect(old);
            }
            assertEquals(1, code, err.toString());
            assertTrue(err.toString().contains("every item failed"), err.toString());
        }
    }

    static final String CF_BLOCK = "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>\n"
            + "<div id=\"cf-wrapper\"><div id=\"cf-error-details\"><h1>Sorry, you have been blocked</h1>\n"
            + "<h2>You are unable to access example.com</h2><p>Cloudflare Ray ID: 7d1f2e3a4b5c6d7e</p>\n"
            + "<span class=\"cf-footer-item\">Error 1020</span></div></div></body></html>";
    static final String CF_CHALLENGE = "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title></head><body>"
            + "<noscript>Enable JavaScript and cookies to continue</noscript><script src=\"/cdn-cgi/challenge-platform/h/g/orchestrate/"
            + "chl_page/v1?ray=7d1f\"></script></body></html>";

    /**
     * Cloudflare's answers instead of the content (the review's cfblock and cf503 servers): each is kept in the WARC
     * and counted as blocked, the item is not done (it fails after its attempts), and --retry-failed fetches it
     * again once the block is lifted.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"403 error 1020", "503 challenge"})
    void aCloudflareBlockIsKeptCountedNotDoneAndRetriedByRetryFailed(String page, @TempDir Path tmp) throws Exception {
        boolean[] blocking = {true};
        ScriptedApi.Answer block = page.startsWith("403")
                ? ScriptedApi.Answer.of(403, "text/html; charset=UTF-8", CF_BLOCK, "Server", "cloudflare", "CF-RAY", "7d1f2e3a4b5c6d7e-FRA")
                : ScriptedApi.Answer.of(503, "text/html; charset=UTF-8", CF_CHALLENGE, "Server", "cloudflare", "cf-mitigated", "challenge");
        String target = "/v1/profile?username=blocked";
        try (ScriptedApi api = new ScriptedApi((t, nth) -> blocking[0] && t.equals(target) ? block : null)) {
            Path out = tmp.resolve("c");
            CrawlSettings s = api.settings(out, "good", "blocked");
            s.maxAttempts = 2;
            s.outageWindowS = 0;
            CrawlSummary first = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            assertEquals(Crawler.Outcome.COMPLETE, first.outcome());
            assertEquals(2, first.stats().blocked.get(), "block pages not recognised");
            assertEquals(1, first.frontier().done());
            assertEquals(1, first.frontier().failed(), "the blocked item was not failed");
            int[] kept = {0};
            CrawlTestSupport.eachRecord(out, rec -> {
                try {
                    if (rec instanceof WarcResponse r && r.target().endsWith(target) && r.http().status() == block.status()) kept[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertEquals(2, kept[0], "the block pages are not in the WARC");
            blocking[0] = false;
            CrawlSummary again = CrawlSession.run(s.toConfig(), new CrawlMode(true, true, false),
                    CrawlEnvironment.system(Clock.systemUTC()), CrawlTestSupport.quiet());
            assertEquals(0, again.frontier().failed());
            assertEquals(2, again.frontier().done());
            assertEquals(3, api.count(target));
        }
    }

    private static String pathAndQuery(URI u) {
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }
}
