package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.PgTestSupport;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resumed crawl, and a worker joining a shared one, run with the settings the crawl was started with
 * (measured before this: --resume without flags fell back to 5 requests/s from 150); a flag given again wins
 * for that run and says so.
 */
class StoredSettingsResumeTest {
    private static List<String> startFlags(SimServer server, Path out) {
        List<String> a = new ArrayList<>(List.of("--base", server.baseUri().toString(), "--out", out.toString(),
                "--rate", "150", "--burst", "7", "--concurrency", "3", "--schedule", "fifo", "--deadline", "+2h",
                "--max-attempts", "4", "--scope-host", "media.example.org", "--operator", "ops@example.org", "--quiet",
                "--stats-interval", "60"));
        for (String u : server.truth().seedUsers()) a.addAll(List.of("--seed-user", u));
        return a;
    }

    private static int run(List<String> args, StringWriter err) {
        CommandLine cl = new CommandLine(new CrawlCommand());
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args.toArray(String[]::new));
    }

    private static CrawlConfig resolve(StringWriter err, String... args) {
        CrawlCommand cmd = new CrawlCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.setErr(new PrintWriter(err, true));
        cl.parseArgs(args);
        return cmd.resolve();
    }

    private static void assertStored(CrawlConfig c, Instant deadline) {
        assertEquals(150, c.rate(), "the crawl's rate, not the default 5/s");
        assertEquals(7, c.burst());
        assertEquals(3, c.concurrency());
        assertEquals(Frontier.Order.FIFO, c.order());
        assertEquals(4, c.maxAttempts());
        assertEquals(List.of("media.example.org"), c.scopeHosts());
        assertEquals("ops@example.org", c.operator());
        assertEquals(deadline, c.deadline(), "+2h was stored as the time it meant, not restarted");
    }

    @Test
    void resumeWithoutFlagsRunsAtTheStoredRateAndAFlagGivenAgainWinsWithANote(@TempDir Path tmp) throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().users(40).seed(5).build())) {
            Path out = tmp.resolve("crawl");
            StringWriter err = new StringWriter();
            assertEquals(0, run(startFlags(server, out), err), err.toString());
            Instant deadline = resolve(new StringWriter(), "--resume", "--out", out.toString()).deadline();
            assertTrue(deadline.isAfter(Instant.now().plus(Duration.ofMinutes(110))));

            StringWriter quiet = new StringWriter();
            assertStored(resolve(quiet, "--resume", "--out", out.toString()), deadline);
            assertFalse(quiet.toString().contains("note:"), quiet.toString());

            StringWriter noted = new StringWriter();
            CrawlConfig changed = resolve(noted, "--resume", "--out", out.toString(), "--rate", "10");
            assertEquals(10, changed.rate());
            assertEquals(3, changed.concurrency(), "the rest stays stored");
            assertTrue(noted.toString().contains("rate = 10.0 (given for this run) overrides the crawl's stored 150.0"),
                    noted.toString());

            assertEquals(0, run(List.of("--resume", "--out", out.toString(), "--quiet"), err), err.toString());
            assertStored(resolve(new StringWriter(), "--resume", "--out", out.toString()), deadline);
        }
    }

    @Test
    void aWorkerJoiningASharedCrawlTakesTheCrawlsSettings(@TempDir Path tmp) throws Exception {
        String url = PgTestSupport.freshUrl();
        try (SimServer server = SimServer.start(SimConfig.builder().users(40).seed(5).build())) {
            List<String> first = startFlags(server, tmp.resolve("a"));
            first.addAll(List.of("--frontier", url, "--worker", "a"));
            StringWriter err = new StringWriter();
            assertEquals(0, run(first, err), err.toString());

            CrawlConfig joined = resolve(new StringWriter(), "--frontier", url, "--worker", "b", "--out", tmp.resolve("b").toString());
            assertStored(joined, joined.deadline());
            assertEquals(server.baseUri(), joined.base());
            assertEquals(server.truth().seedUsers(), joined.seedUsers());
            assertEquals(tmp.resolve("b"), joined.out(), "its own output folder");
            StringWriter noted = new StringWriter();
            assertEquals(5, resolve(noted, "--frontier", url, "--worker", "b", "--out", tmp.resolve("b").toString(),
                    "--concurrency", "5").concurrency());
            assertTrue(noted.toString().contains("concurrency = 5 (given for this run) overrides the crawl's stored 3"), noted.toString());
            assertEquals(0, run(List.of("--frontier", url, "--worker", "b", "--out", tmp.resolve("b").toString(), "--quiet"), err),
                    err.toString());
        }
    }

    /**
     * --resume (or --revisit) on a folder with no crawl says so and what to do; it answered "--base URL is required"
     * (the review's {@code crawl --resume --out nonexistentcrawl}). Given what a new crawl needs, --resume still starts
     * one there, as "run the same command again with --resume" after a crash before anything was stored expects.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "--resume  | holds no crawl to resume (no frontier.db there): check --out, or start a new crawl there without --resume",
            "--revisit | holds no crawl to revisit; run a crawl into it first (or check --out)"})
    void resumingAFolderWithNoCrawlSaysThereIsNothingToResume(String flag, String says, @TempDir Path tmp) {
        Path out = tmp.resolve("nonexistentcrawl");
        StringWriter err = new StringWriter();
        int code = run(List.of(flag, "--out", out.toString()), err);
        assertTrue(code != 0, "exit " + code);
        assertTrue(err.toString().contains(out + " " + says), err.toString());
        assertFalse(err.toString().contains("--base URL is required"), err.toString());
        assertFalse(java.nio.file.Files.exists(out), "the folder was created");

        CrawlConfig fresh = resolve(new StringWriter(), "--resume", "--out", out.toString(), "--base", "http://127.0.0.1:9",
                "--seed-user", "a");
        assertEquals("http://127.0.0.1:9", fresh.base().toString());
    }
}
