package io.lastlight.crawl;

import io.lastlight.frontier.PgTestSupport;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workers joining a shared crawl (exp5 of the shared-crawl review): a second process given a folder another
 * live process writes is refused before it touches anything, and a worker starting in a folder that holds
 * another worker's {@code .open} WARC file leaves that file as it is.
 */
class SharedWorkerJoinTest {
    /** A finished run's outcome: exit code and what it printed. */
    record Run(int exit, String err) { }

    static Run crawl(List<String> args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new CrawlCommand());
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args.toArray(String[]::new));
        return new Run(exit, err.toString());
    }

    static List<String> first(SimServer server, String url, Path out, String worker) {
        List<String> args = new ArrayList<>(List.of("--base", server.baseUri().toString(), "--out", out.toString(),
                "--rate", "20", "--burst", "2", "--concurrency", "2", "--quiet", "--frontier", url, "--worker", worker));
        for (String u : server.truth().seedUsers()) args.addAll(List.of("--seed-user", u));
        return args;
    }

    static List<String> join(String url, Path out, String worker, String... more) {
        List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--quiet", "--frontier", url, "--worker", worker));
        args.addAll(Arrays.asList(more));
        return args;
    }

    static long count(String url, String sql) throws Exception {
        try (Connection c = PgTestSupport.admin(url); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            if ("42P01".equals(e.getSQLState())) return 0;
            throw e;
        }
    }

    @Test
    void aSecondWorkerGivenALiveWorkersOutIsRefusedAndTheFirstLosesNothing(@TempDir Path tmp) throws Exception {
        String url = PgTestSupport.freshUrl();
        Path out = tmp.resolve("a");
        try (SimServer server = SimServer.start(SimConfig.builder().users(60).seed(7).build())) {
            CompletableFuture<Run> a = CompletableFuture.supplyAsync(() -> crawl(first(server, url, out, "a")));
            long until = System.nanoTime() + 60_000_000_000L;
            while (count(url, "SELECT count(*) FROM items WHERE state = 2") < 10) {
                assertTrue(!a.isDone() && System.nanoTime() < until, "worker a ended or stalled early: " + (a.isDone() ? a.get().err() : ""));
                Thread.sleep(50);
            }
            Run b = crawl(join(url, out, "b"));
            assertEquals(1, b.exit(), b.err());
            assertTrue(b.err().contains("--out " + out) && b.err().contains("its own --out"), b.err());
            Run done = a.get(120, TimeUnit.SECONDS);
            assertEquals(0, done.exit(), done.err());
            assertEquals(0, count(url, "SELECT count(*) FROM items WHERE state <> 2"), "worker a captured everything");
            assertEquals(0, count(url, "SELECT count(*) FROM items WHERE worker <> 'a'"), "worker b captured nothing");
            CrawlTestSupport.assertValid(out);
        }
    }

    @Test
    void aWorkerLeavesAnotherWorkersOpenWarcFileInItsFolderAsItIs(@TempDir Path tmp) throws Exception {
        String url = PgTestSupport.freshUrl();
        try (SimServer server = SimServer.start(SimConfig.builder().users(20).seed(7).build())) {
            Run a = crawl(first(server, url, tmp.resolve("a"), "a"));
            assertEquals(0, a.exit(), a.err());
            // b's folder holds a file of worker c's still open (c may be alive, writing it): a copy of a's file
            // with a torn record at its end, which a recovery would cut and rename
            Path warc = Files.createDirectories(tmp.resolve("b").resolve("warc"));
            Path source = CrawlTestSupport.warcs(tmp.resolve("a")).get(0);
            Path foreign = warc.resolve("parler-c-20210109000000000-00000.warc.gz.open");
            byte[] bytes = Files.readAllBytes(source);
            byte[] torn = Arrays.copyOf(bytes, bytes.length + 7);
            Files.write(foreign, torn);
            Run b = crawl(join(url, tmp.resolve("b"), "b"));
            assertEquals(0, b.exit(), b.err());
            assertTrue(Files.exists(foreign), "the other worker's file is still open");
            assertArrayEquals(torn, Files.readAllBytes(foreign), "the other worker's file is unchanged");
        }
    }

    @Test
    void aWorkerNamingAnotherPlatformBaseOrSeedsIsRefusedAndOneNamingTheCrawlsOwnJoins(@TempDir Path tmp) throws Exception {
        String url = PgTestSupport.freshUrl();
        try (SimServer server = SimServer.start(SimConfig.builder().users(20).seed(7).build())) {
            Run a = crawl(first(server, url, tmp.resolve("a"), "a"));
            assertEquals(0, a.exit(), a.err());
            String base = server.baseUri().toString();
            List<String[]> others = List.of(new String[]{"--platform", "mastodon"}, new String[]{"--base", "http://127.0.0.1:9/"},
                    new String[]{"--seed-user", "somebody-else"}, new String[]{"--dialect", "gab"});
            for (String[] other : others) {
                Run b = crawl(join(url, tmp.resolve("b"), "b", other));
                assertEquals(1, b.exit(), String.join(" ", other) + ": " + b.err());
                assertTrue(b.err().contains(String.join(" ", other)) && b.err().contains("--platform parler --base " + base)
                        && b.err().contains("leave out --platform"), b.err());
            }
            assertEquals(0, count(url, "SELECT count(*) FROM items WHERE worker = 'b'"), "the refused worker crawled nothing");
            assertEquals(1, count(url, "SELECT count(*) FROM meta WHERE k = 'platform' AND v = 'parler'"), "the crawl is still parler's");
            assertEquals(1, count(url, "SELECT count(*) FROM meta WHERE k = 'base' AND v = '" + base + "'"), "and its base");
            List<String> same = new ArrayList<>(List.of("--platform", "parler", "--base", base));
            for (String u : server.truth().seedUsers()) same.addAll(List.of("--seed-user", u));
            Run c = crawl(join(url, tmp.resolve("c"), "c", same.toArray(String[]::new)));
            assertEquals(0, c.exit(), c.err());
        }
    }

    @Test
    void aJoiningWorkersRateCapsThatWorkerAndLeavesTheCrawlsSharedBudget(@TempDir Path tmp) throws Exception {
        String url = PgTestSupport.freshUrl();
        try (SimServer server = SimServer.start(SimConfig.builder().users(20).seed(7).build())) {
            Run a = crawl(first(server, url, tmp.resolve("a"), "a"));
            assertEquals(0, a.exit(), a.err());
            Run b = crawl(join(url, tmp.resolve("b"), "b", "--rate", "2", "--burst", "1"));
            assertEquals(0, b.exit(), b.err());
            assertTrue(b.err().contains("rate = 2.0 (given for this worker) caps this worker only; the crawl's shared budget"
                    + " stays 20.0"), b.err());
            assertTrue(b.err().contains("the crawl's shared budget keeps burst 2"), b.err());
            assertEquals(1, count(url, "SELECT count(*) FROM rate_budget WHERE name = 'global' AND rate = 20 AND burst = 2"),
                    "the crawl's budget is as the crawl was created");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "40, 40, 0, 0",     // the crawl's own rate: no ceiling of its own
            "40, 40, 12, 12",   // --worker-rate
            "5, 40, 0, 5",      // a joining worker's lower --rate caps it
            "5, 40, 3, 3",      // the stricter of the two
            "5, 40, 12, 5",
            "100, 40, 0, 100",  // a higher one too (the crawl's budget still binds it)
            "0, 40, 12, 12",    // --rate 0 (no ceiling) adds none
            "5, 0, 0, 5"})      // a crawl without a budget: its own --rate is its ceiling
    void aWorkersOwnCeilingIsItsWorkerRateAndARateOtherThanTheCrawls(double rate, double crawlRate, double workerRate,
                                                                      double expected) {
        assertEquals(expected, WorkerRate.ownCeiling(rate, crawlRate, workerRate));
    }
}
