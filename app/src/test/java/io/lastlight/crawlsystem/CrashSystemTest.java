package io.lastlight.crawlsystem;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierStats;
import io.lastlight.frontier.SqliteFrontier;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.warc.JwarcValidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

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
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9's crash suite: {@code lastlight crawl} runs as a separate process and is killed with
 * {@code kill -9} at seeded random moments (five times), then stopped once with SIGTERM, resuming each
 * time. At the end every reachable item is captured, every WARC file passes jwarc's validator, duplicate
 * captures are at most the in-flight count per crash, and the built dataset equals the ground truth.
 */
class CrashSystemTest {
    static final int CONCURRENCY = 6;

    @Test
    void killMinusNineFiveTimesThenResumeLosesNothing(@TempDir Path tmp) throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().users(400).seed(17)
                .clock(Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC)).build())) {
            GroundTruth truth = server.truth();
            Path out = tmp.resolve("crawl");
            Path cfg = tmp.resolve("crawl.yaml");
            Files.writeString(cfg, "comments: false\nbackoff_base_s: 0.05\nbackoff_max_s: 1\nstats_interval_s: 1\n");
            Random random = new Random(20210109);
            int kills = 0;
            boolean first = true;
            boolean sigtermDone = false;
            for (int round = 0; round < 30; round++) {
                Process p = start(server, truth, out, cfg, !first, tmp.resolve("run-" + round + ".log"));
                first = false;
                if (kills < 5) {
                    // A moment after the JVM is up and the crawl is under way, or already past the first commits.
                    long wait = 900 + random.nextInt(1400);
                    if (p.waitFor(wait, TimeUnit.MILLISECONDS)) {
                        throw new AssertionError("the crawl ended (exit " + p.exitValue() + ") before kill " + (kills + 1)
                                + "; make the world bigger. Its output:\n" + Files.readString(tmp.resolve("run-" + round + ".log"))
                                + "\ncommand: " + Files.readString(tmp.resolve("run-" + round + ".log.cmd")).replaceAll("-cp \\S+", "-cp CP"));
                    }
                    p.destroyForcibly().waitFor();
                    kills++;
                    continue;
                }
                if (!sigtermDone) {
                    // SIGTERM once the crawl is under way (robots.txt fetched: recovery and seeding are done).
                    Path runLog = tmp.resolve("run-" + round + ".log");
                    for (int i = 0; i < 300 && p.isAlive() && !Files.readString(runLog).contains("\"event\":\"robots\""); i++) {
                        Thread.sleep(100);
                    }
                    if (p.waitFor(400, TimeUnit.MILLISECONDS)) break;
                    p.destroy(); // SIGTERM: a clean stop
                    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "SIGTERM did not stop the crawl");
                    sigtermDone = true;
                    try (Stream<Path> s = Files.list(out.resolve("warc"))) {
                        assertTrue(s.noneMatch(f -> f.toString().endsWith(".open")), "SIGTERM left a .open WARC file");
                    }
                    try (SqliteFrontier f = new SqliteFrontier(out.resolve("frontier.db"), Frontier.Order.TIERED)) {
                        assertEquals(0, f.stats().leased(), "SIGTERM left leased items");
                    }
                    continue;
                }
                assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the final crawl did not finish");
                assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("run-" + round + ".log")));
                break;
            }
            assertEquals(5, kills, "the crawl finished before it could be killed five times; make the world bigger");
            try (SqliteFrontier f = new SqliteFrontier(out.resolve("frontier.db"), Frontier.Order.TIERED)) {
                FrontierStats st = f.stats();
                assertEquals(0, st.queued() + st.leased() + st.failed(), "not everything captured: " + st);
            }

            List<Path> warcs;
            try (Stream<Path> s = Files.list(out.resolve("warc"))) {
                warcs = s.filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList();
            }
            JwarcValidate.Result v = JwarcValidate.validate(warcs);
            assertTrue(v.ok(), v.output());

            Map<String, Integer> byUrl = new HashMap<>();
            for (Path w : warcs) {
                try (WarcReader r = new WarcReader(w)) {
                    for (WarcRecord rec : r) {
                        if (rec instanceof WarcResponse resp && !resp.target().endsWith("/robots.txt")) {
                            byUrl.merge(resp.target(), 1, Integer::sum);
                        }
                    }
                }
            }
            int duplicates = byUrl.values().stream().mapToInt(n -> n - 1).sum();
            assertTrue(duplicates <= CONCURRENCY * kills, duplicates + " duplicate captures after " + kills + " crashes");

            Path dataset = tmp.resolve("dataset");
            new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(out, dataset, false);
            assertEquals(new HashSet<>(truth.reachableUserIds()), column(dataset, "SELECT user_id FROM profiles"));
            assertEquals(new HashSet<>(truth.reachablePostIds()), io.lastlight.e2e.EchoedOriginals.listed(truth.reachablePostIds(),
                    column(dataset, "SELECT post_id FROM posts"), column(dataset, io.lastlight.e2e.EchoedOriginals.SQL)));
        }
    }

    private static Process start(SimServer server, GroundTruth truth, Path out, Path cfg, boolean resume, Path log)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath(), "io.lastlight.cli.Main", "crawl",
                "--config", cfg.toString(), "--base", server.baseUri().toString(), "--out", out.toString(),
                "--rate", "250", "--burst", "10", "--concurrency", Integer.toString(CONCURRENCY), "--quiet"));
        for (String u : truth.seedUsers()) {
            cmd.add("--seed-user");
            cmd.add(u);
        }
        if (resume) cmd.add("--resume");
        Files.writeString(log.resolveSibling(log.getFileName() + ".cmd"), String.join(" ", cmd));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Set<String> column(Path dataset, String sql) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** The test classpath (surefire's real one, not its manifest-only booter jar). */
    static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
