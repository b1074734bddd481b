package io.lastlight.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.crawl.ScriptedApi.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed users are looked up even when the server does not describe itself, and a crawl none of whose seeds could be
 * resolved (a wrong --base answering HTML, robots.txt, a mistyped name) says so and exits 4; a mistyped seed among
 * good ones is an event and a failed seed in coverage.json, not silence. Loopback servers on ephemeral ports.
 */
class SeedResolutionTest {
    static final String JSON = "application/json; charset=utf-8";

    /** A tiny Mastodon server: account 1 is "alice", with empty lists; {@code instance} and robots.txt as given. */
    static Answer mastodon(String t, Answer instance, String robots) {
        if (t.equals("/robots.txt")) return Answer.of(200, "text/plain", robots);
        if (t.startsWith("/api/v1/instance")) return instance;
        if (t.equals("/api/v1/accounts/lookup?acct=alice") || t.equals("/api/v1/accounts/1")) {
            return Answer.of(200, JSON, "{\"id\":\"1\",\"username\":\"alice\",\"acct\":\"alice\",\"followers_count\":0}");
        }
        if (t.startsWith("/api/v1/accounts/1/") || t.startsWith("/api/v1/timelines/")) return Answer.of(200, JSON, "[]");
        return Answer.of(404, JSON, "{\"error\":\"Record not found\"}");
    }

    static CrawlSummary crawl(ScriptedApi api, Path out, String... seeds) throws Exception {
        CrawlSettings s = api.settings(out, seeds);
        s.platform = "mastodon";
        s.maxAttempts = 2;
        return CrawlSession.run(s.toConfig(), CrawlMode.NEW, CrawlEnvironment.system(Clock.systemUTC()), CrawlTestSupport.quiet());
    }

    static String logOf(ThrowingRunnable r) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream old = System.err;
        CrawlLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            CrawlLog.redirect(old);
        }
        return log.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void seedsAreLookedUpWhenTheInstanceAnswers404AndTheLogSaysSo(@TempDir Path tmp) throws Exception {
        Answer noInstance = Answer.of(404, JSON, "{\"error\":\"nope\"}");
        try (ScriptedApi api = new ScriptedApi((t, nth) -> mastodon(t, noInstance, "User-agent: *\nDisallow:\n"))) {
            CrawlSummary[] sum = new CrawlSummary[1];
            String log = logOf(() -> sum[0] = crawl(api, tmp.resolve("c"), "alice"));
            assertEquals(1, api.count("/api/v1/accounts/lookup?acct=alice"), "the seed was never looked up");
            assertTrue(api.count("/api/v1/accounts/1/statuses?limit=40") == 1, "the seed's lists were not crawled");
            assertTrue(log.contains("\"late-requests\"") && log.contains("looked up as on mastodon"), log);
            assertFalse(sum[0].noSeedResolved());
            assertEquals(List.of("alice"), sum[0].seeds().resolved());
        }
    }

    @Test
    void aBaseAnsweringHtmlResolvesNoSeedAndSaysWhy(@TempDir Path tmp) throws Exception {
        Answer html = Answer.of(200, "text/html", "<html><body><h1>Welcome</h1></body></html>");
        try (ScriptedApi api = new ScriptedApi((t, nth) -> t.startsWith("/api/") ? html
                : mastodon(t, html, "User-agent: *\nDisallow:\n"))) {
            CrawlSummary sum = crawl(api, tmp.resolve("c"), "alice");
            assertEquals(2, api.count("/api/v1/accounts/lookup?acct=alice"), "looked up, retried once (max attempts 2)");
            assertTrue(sum.noSeedResolved());
            String msg = sum.noSeedMessage("B", "W");
            assertTrue(msg.contains("alice: HTML instead of JSON") && msg.contains("--base"), msg);
        }
    }

    @Test
    void robotsDisallowingTheApiExits4NamingTheSeedsAndRobots(@TempDir Path tmp) throws Exception {
        Answer instance = Answer.of(200, JSON, "{\"uri\":\"x\",\"version\":\"4.2.0\"}");
        try (ScriptedApi api = new ScriptedApi((t, nth) -> mastodon(t, instance, "User-agent: *\nDisallow: /api/\n"))) {
            StringWriter err = new StringWriter();
            int[] rc = new int[1];
            logOf(() -> {
                CommandLine cl = new CommandLine(new CrawlCommand());
                cl.setErr(new PrintWriter(err, true));
                rc[0] = cl.execute("--platform", "mastodon", "--base", api.base(), "--seed-user", "alice", "--seed-user", "bob",
                        "--out", tmp.resolve("c").toString(), "--rate", "100", "--quiet");
            });
            assertEquals(CrawlCommand.EXIT_NO_SEEDS, rc[0], err.toString());
            String e = err.toString().trim();
            assertEquals(1, e.lines().count(), e);
            assertTrue(e.contains("error: no seed user could be resolved") && e.contains("alice: disallowed by robots.txt")
                    && e.contains("bob: disallowed by robots.txt") && e.contains("robots.txt forbids"), e);
            JsonNode cov = new ObjectMapper().readTree(tmp.resolve("c/coverage.json").toFile());
            assertEquals(2, cov.path("seeds").path("failed").size(), cov.toString());
            String help = new CommandLine(new CrawlCommand()).getUsageMessage();
            assertTrue(help.contains("  4  no seed user could be resolved"), help);
        }
    }

    @Test
    void aMistypedSeedFailsVisiblyAloneOrAmongGoodOnes(@TempDir Path tmp) throws Exception {
        // Parler: /v1/profile?username=NAME; the scripted server knows every name but "nosuchuser".
        ScriptedApi.Script script = (t, nth) -> t.contains("username=nosuchuser")
                ? Answer.of(404, "application/json", "{\"message\":\"not found\"}") : null;
        try (ScriptedApi api = new ScriptedApi(script)) {
            CrawlSummary[] alone = new CrawlSummary[1];
            String log = logOf(() -> alone[0] = CrawlTestSupport.crawl(api.settings(tmp.resolve("a"), "nosuchuser"), CrawlMode.NEW));
            assertTrue(alone[0].noSeedResolved(), "a crawl of one mistyped seed reported success");
            assertTrue(alone[0].noSeedMessage("B", "W").contains("nosuchuser: not found (HTTP 404"), alone[0].noSeedMessage("B", "W"));
            assertTrue(log.contains("\"seed-not-found\""), log);

            CrawlSummary mixed = CrawlTestSupport.crawl(api.settings(tmp.resolve("m"), "someone", "nosuchuser"), CrawlMode.NEW);
            assertFalse(mixed.noSeedResolved());
            assertEquals(0, mixed.frontier().failed(), "the lookup was answered (404): the seed, not the item, failed");
            assertEquals(List.of("someone"), mixed.seeds().resolved());
            assertTrue(mixed.seeds().failed().containsKey("nosuchuser"), mixed.seeds().toString());
            JsonNode cov = new ObjectMapper().readTree(tmp.resolve("m/coverage.json").toFile());
            assertTrue(cov.path("seeds").path("failed").has("nosuchuser"), cov.toString());
        }
    }

    /** Why a seed failed is kept in the frontier: the coverage report of a --resume still says it, and when. */
    @Test
    void aSeedsFailureReasonOutlivesAResume(@TempDir Path tmp) throws Exception {
        ScriptedApi.Script script = (t, nth) -> t.contains("username=nosuchuser")
                ? Answer.of(404, "application/json", "{\"message\":\"not found\"}") : null;
        try (ScriptedApi api = new ScriptedApi(script)) {
            CrawlSettings s = api.settings(tmp.resolve("c"), "someone", "nosuchuser");
            CrawlSummary first = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            String reason = first.seeds().failed().get("nosuchuser");
            assertTrue(reason != null && reason.startsWith("not found (HTTP 404"), first.seeds().toString());
            assertEquals(List.of(), first.seeds().failedEarlier());

            CrawlSummary again = CrawlTestSupport.crawl(s, new CrawlMode(true, false, false));
            assertEquals(1, api.count("/v1/profile?username=nosuchuser"), "the resumed crawl did not ask again");
            assertFalse(again.noSeedResolved());
            assertEquals(reason, again.seeds().failed().get("nosuchuser"), again.seeds().toString());
            assertEquals(List.of("nosuchuser"), again.seeds().failedEarlier());
            JsonNode seeds = new ObjectMapper().readTree(tmp.resolve("c/coverage.json").toFile()).path("seeds");
            assertEquals(reason, seeds.path("failed").path("nosuchuser").asText(), seeds.toString());
            assertTrue(seeds.path("failed_at").has("nosuchuser"), seeds.toString());
            assertEquals("nosuchuser", seeds.path("failed_in_earlier_run").path(0).asText(), seeds.toString());
            assertEquals("someone", seeds.path("resolved").path(0).asText(), seeds.toString());
        }
    }

    @Test
    void aResumedCrawlPastItsSeedsIsNoFailure(@TempDir Path tmp) throws Exception {
        try (ScriptedApi api = new ScriptedApi((t, nth) -> null)) {
            CrawlSettings s = api.settings(tmp.resolve("c"), "someone");
            assertFalse(CrawlTestSupport.crawl(s, CrawlMode.NEW).noSeedResolved());
            CrawlSummary again = CrawlTestSupport.crawl(s, new CrawlMode(true, false, false));
            assertFalse(again.noSeedResolved());
            assertEquals(new ArrayList<>(List.of("someone")), new ArrayList<>(again.seeds().resolved()));
        }
    }
}
