package io.lastlight.crawlsystem;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.warc.JwarcValidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 19: four {@code lastlight crawl} worker processes, each sending from its own loopback address
 * (127.0.0.2-5), share one PostgreSQL frontier and crawl one simulated world that limits each address
 * (a hidden 15/s, no rate headers) under a global {@code --rate 40 --burst 4}. Two workers are killed with
 * {@code kill -9} mid-crawl and started again under their names. The simulator's access log, across all
 * workers, never shows a window over burst + rate·(t + 150 ms of jitter tolerance); nothing is lost;
 * duplicates are within what the killed workers held; and the dataset built from the four worker folders
 * equals the ground truth.
 */
class SharedCrawlSystemTest {
    static final double RATE = 40;
    static final int BURST = 4;
    /** Jitter between the budget's decision and the request's arrival that the receiver-side check allows. */
    static final double JITTER_S = 0.15;

    @Test
    void fourWorkersOnFourAddressesShareOneBudgetAndSurviveKillMinusNine(@TempDir Path tmp) throws Exception {
        TestPostgres pg = TestPostgres.freshSchema();
        String url = pg.url;
        Path log = tmp.resolve("access.log");
        try (SimServer server = SimServer.start(SimConfig.builder().users(150).seed(23).rate(15).rateHeaders(false)
                .accessLog(log).clock(Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC)).build())) {
            GroundTruth truth = server.truth();
            Path workers = tmp.resolve("workers");
            Process[] p = new Process[5];
            p[1] = start(server, truth, url, workers, 1, true, tmp);
            waitFor(() -> pg.count("SELECT count(*) FROM meta WHERE k = 'settings'") > 0, 30, p[1], tmp, 1);
            for (int i = 2; i <= 4; i++) p[i] = start(server, truth, url, workers, i, false, tmp);
            waitFor(() -> pg.count("SELECT count(*) FROM items WHERE state = 2") >= 250, 120, p[1], tmp, 1);
            p[2].destroyForcibly().waitFor();
            p[3].destroyForcibly().waitFor();
            long held = pg.count("SELECT count(*) FROM items WHERE state = 1 AND lease_owner IN ('w2', 'w3')");
            assertTrue(pg.count("SELECT count(*) FROM items WHERE state = 0") > 0, "the crawl ended before the kill; make the world bigger");
            p[2] = start(server, truth, url, workers, 2, false, tmp);
            p[3] = start(server, truth, url, workers, 3, false, tmp);
            for (int i = 1; i <= 4; i++) {
                assertTrue(p[i].waitFor(4, TimeUnit.MINUTES), "worker " + i + " did not finish");
                assertEquals(0, p[i].exitValue(), Files.readString(tmp.resolve("w" + i + ".log")));
            }
            server.close();
            assertEquals(0, pg.count("SELECT count(*) FROM items WHERE state <> 2"), "everything captured, nothing failed or left");
            assertEquals(4, pg.count("SELECT count(DISTINCT worker) FROM items WHERE state = 2"), "every worker captured");

            List<long[]> hits = accessLog(log);
            assertTrue(hits.size() > 600, "too few requests to judge: " + hits.size());
            double worst = maxWindowCount(hits, RATE);
            // The budget decides on the database's clock; the log records arrival. What lies between (the commit's
            // round trip, a thread waiting for one of 2 cores shared by four worker JVMs, the simulator and
            // PostgreSQL) delays some sends more than others and brings them closer: a token bucket checked at the
            // receiver needs a jitter tolerance (ATM's cell delay variation tolerance), rate·τ requests. Measured
            // here: 50-58 ms at load 8-14. A budget that is not shared (4 × --worker-rate 12 = 48/s) runs over by
            // 8 requests every second, so the check still catches it within its first two seconds.
            double tolerance = RATE * JITTER_S;
            System.out.println("shared budget: worst window " + worst + " beyond rate·t over " + hits.size() + " requests");
            assertTrue(worst <= BURST + tolerance, "a window saw " + worst + " requests beyond rate·t (burst " + BURST
                    + ", jitter tolerance " + tolerance + ")");
            double seconds = (hits.get(hits.size() - 1)[0] - hits.get(0)[0]) / 1e9;
            assertTrue(hits.size() <= BURST + RATE * seconds, hits.size() + " requests in " + seconds + " s at " + RATE + "/s");

            List<Path> warcs = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                try (Stream<Path> s = Files.list(workers.resolve("w" + i).resolve("warc"))) {
                    List<Path> mine = s.filter(f -> f.toString().endsWith(".warc.gz")).sorted().toList();
                    String prefix = "parler-w" + i + "-";
                    assertTrue(mine.stream().allMatch(f -> f.getFileName().toString().startsWith(prefix)), mine.toString());
                    warcs.addAll(mine);
                }
            }
            JwarcValidate.Result v = JwarcValidate.validate(warcs);
            assertTrue(v.ok(), v.output());
            Map<String, Integer> byUrl = new HashMap<>();
            for (Path w : warcs) {
                try (WarcReader r = new WarcReader(w)) {
                    for (WarcRecord rec : r) {
                        if (rec instanceof WarcResponse resp && !resp.target().endsWith("/robots.txt") && resp.http().status() != 429) {
                            byUrl.merge(resp.target(), 1, Integer::sum);
                        }
                    }
                }
            }
            int duplicates = byUrl.values().stream().mapToInt(n -> n - 1).sum();
            assertTrue(duplicates <= held, duplicates + " duplicate captures; the killed workers held " + held);

            Path dataset = tmp.resolve("dataset");
            new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(workers, dataset, false);
            assertEquals(new HashSet<>(truth.reachableUserIds()), column(dataset, "SELECT user_id FROM profiles"));
            assertEquals(new HashSet<>(truth.reachablePostIds()), io.lastlight.e2e.EchoedOriginals.listed(truth.reachablePostIds(),
                    column(dataset, "SELECT post_id FROM posts"), column(dataset, io.lastlight.e2e.EchoedOriginals.SQL)));
        }
    }

    private static Process start(SimServer server, GroundTruth truth, String url, Path workers, int i, boolean first, Path tmp)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", CrashSystemTest.classpath(), "io.lastlight.cli.Main", "crawl", "--frontier", url,
                "--worker", "w" + i, "--out", workers.resolve("w" + i).toString(), "--bind-address", "127.0.0." + (i + 1),
                "--worker-rate", "12", "--lease-ttl", "20", "--quiet"));
        if (first) {
            cmd.addAll(List.of("--base", server.baseUri().toString(), "--rate", Double.toString(RATE), "--burst",
                    Integer.toString(BURST), "--concurrency", "4", "--no-adaptive"));
            for (String u : truth.seedUsers()) cmd.addAll(List.of("--seed-user", u));
            Path cfg = tmp.resolve("crawl.yaml");
            Files.writeString(cfg, "comments: false\nbackoff_base_s: 0.05\nbackoff_max_s: 1\n");
            cmd.addAll(List.of("--config", cfg.toString()));
        }
        Path log = tmp.resolve("w" + i + ".log");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check c, int seconds, Process watched, Path tmp, int i) throws Exception {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (!c.ok()) {
            if (!watched.isAlive()) fail("worker " + i + " ended early: " + Files.readString(tmp.resolve("w" + i + ".log")));
            if (System.nanoTime() > until) fail("timed out waiting");
            Thread.sleep(100);
        }
    }

    /** The nanos of each access-log line, sorted. */
    private static List<long[]> accessLog(Path file) throws Exception {
        List<long[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ", 3);
            if (f.length >= 2) out.add(new long[]{Long.parseLong(f[0]), Integer.parseInt(f[1])});
        }
        out.sort((a, b) -> Long.compare(a[0], b[0]));
        return out;
    }

    /** The largest count in any window beyond rate·t: max over i ≤ j of (j − i + 1) − rate·(t_j − t_i). */
    static double maxWindowCount(List<long[]> hits, double rate) {
        double best = 0;
        double minStart = Double.POSITIVE_INFINITY;
        for (int j = 0; j < hits.size(); j++) {
            double t = hits.get(j)[0] / 1e9;
            minStart = Math.min(minStart, j - rate * t);
            best = Math.max(best, (j - rate * t) - minStart + 1);
        }
        return best;
    }

    private static Set<String> column(Path dataset, String sql) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
