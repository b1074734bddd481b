package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.PgTestSupport;
import io.lastlight.frontier.PostgresFrontier;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crawl-wide stop raised by one worker of a shared crawl (its login expired, the platform went dark for it)
 * stops another worker that saw nothing wrong itself: it ends with the same outcome and exit code, keeping
 * what is left queued (none of it failed) for a run with fresh cookies or after the platform is back.
 */
class SharedStopTest {
    @ParameterizedTest
    @CsvSource({"AUTH_EXPIRED, 3", "PLATFORM_DARK, 0"})
    void aStopRaisedByOneWorkerStopsAnotherCleanly(String outcome, int exit, @TempDir Path tmp) throws Exception {
        String url = PgTestSupport.freshUrl();
        try (SimServer server = SimServer.start(SimConfig.builder().users(80).seed(7).build())) {
            List<String> args = new ArrayList<>(List.of("--base", server.baseUri().toString(), "--out", tmp.resolve("a").toString(),
                    "--rate", "20", "--burst", "2", "--concurrency", "2", "--quiet",
                    "--frontier", url, "--worker", "a"));
            for (String u : server.truth().seedUsers()) args.addAll(List.of("--seed-user", u));
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> {
                CommandLine cl = new CommandLine(new CrawlCommand());
                cl.setErr(new PrintWriter(err, true));
                return cl.execute(args.toArray(String[]::new));
            });
            long until = System.nanoTime() + 60_000_000_000L;
            while (done(url) < 20) {
                assertTrue(!a.isDone() && System.nanoTime() < until, "worker a ended or stalled early: " + err);
                Thread.sleep(50);
            }
            try (PostgresFrontier b = new PostgresFrontier(PgTestSupport.target(url), "b", Frontier.Order.TIERED,
                    Duration.ofSeconds(30), m -> { })) {
                b.raiseStop(outcome, "seen by b");
            }
            assertEquals(exit, a.get(30, TimeUnit.SECONDS), err.toString());
            try (Connection c = PgTestSupport.admin(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE state = 0), count(*) FILTER (WHERE state = 1),"
                         + " count(*) FILTER (WHERE state = 3) FROM items")) {
                rs.next();
                assertTrue(rs.getLong(1) > 0, "the rest stays queued");
                assertEquals(0, rs.getLong(2), "nothing left leased");
                assertEquals(0, rs.getLong(3), "nothing failed");
            }
            CrawlTestSupport.assertValid(tmp.resolve("a"));
        }
    }

    private static long done(String url) throws Exception {
        try (Connection c = PgTestSupport.admin(url); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM items WHERE state = 2")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            if ("42P01".equals(e.getSQLState())) return 0;
            throw e;
        }
    }
}
