package io.lastlight.crawlsystem;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 19: the shared frontier's PostgreSQL itself is killed with {@code kill -9} (fsync on) while two workers
 * crawl, and started again on its port a few seconds later. The workers wait (saying so in their logs), carry on
 * and exit 0; every capture the database had committed before the crash is still done after it; every capture
 * marked done points at a WARC record of its URL in its worker's folder; and the dataset equals the truth.
 */
class PostgresCrashSystemTest {
    @Test
    void workersWaitOutADatabaseKilledWithSigkillAndLoseNoCommittedCapture(@TempDir Path tmp) throws Exception {
        TestPostgres pg = TestPostgres.freshSchema();
        TestPostgres.Cluster cluster = TestPostgres.Cluster.current();
        Path log = tmp.resolve("access.log");
        try (SimServer server = SimServer.start(SimConfig.builder().users(120).seed(29).accessLog(log)
                .clock(Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC)).build())) {
            GroundTruth truth = server.truth();
            Path workers = tmp.resolve("workers");
            Process[] p = new Process[3];
            p[1] = start(server, truth, pg.url, workers, 1, true, tmp);
            waitFor(() -> pg.count("SELECT count(*) FROM meta WHERE k = 'settings'") > 0, 30, p, tmp);
            p[2] = start(server, truth, pg.url, workers, 2, false, tmp);
            waitFor(() -> pg.count("SELECT count(*) FROM items WHERE state = 2 AND worker = 'w2'") >= 20
                    && pg.count("SELECT count(*) FROM items WHERE state = 2") >= 120, 120, p, tmp);

            Set<String> committed = ids(pg.rows("SELECT id FROM items WHERE state = 2"));
            cluster.killMinusNine();
            // Both workers notice, say so, and wait (bounded, with backoff) instead of ending.
            waitFor(() -> Files.readString(tmp.resolve("w1.log")).contains("frontier database unreachable")
                    && Files.readString(tmp.resolve("w2.log")).contains("frontier database unreachable"), 60, p, tmp);
            Thread.sleep(3_000);
            for (int i = 1; i <= 2; i++) assertTrue(p[i].isAlive(), "worker " + i + " ended while the database was down");
            cluster.start();

            Set<String> after = ids(pg.rows("SELECT id FROM items WHERE state = 2"));
            Set<String> lost = new HashSet<>(committed);
            lost.removeAll(after);
            assertTrue(lost.isEmpty(), lost.size() + " captures committed before the crash are no longer done: " + lost);
            for (int i = 1; i <= 2; i++) {
                assertTrue(p[i].waitFor(4, TimeUnit.MINUTES), "worker " + i + " did not finish");
                assertEquals(0, p[i].exitValue(), Files.readString(tmp.resolve("w" + i + ".log")));
            }
            server.close();
            assertEquals(0, pg.count("SELECT count(*) FROM items WHERE state <> 2"), "everything captured, nothing failed or left");
            assertTrue(committed.size() < pg.count("SELECT count(*) FROM items WHERE state = 2"), "the crawl ended before the crash");

            // Every capture the frontier calls done has its record in its worker's WARC file, where the row says.
            List<String[]> done = pg.rows("SELECT worker, warc_file, warc_offset, url FROM items WHERE state = 2");
            for (String[] d : done) {
                Path warc = workers.resolve(d[0]).resolve("warc").resolve(d[1]);
                assertTrue(Files.exists(warc), "missing " + warc + " for " + d[3]);
                try (FileChannel ch = FileChannel.open(warc)) {
                    ch.position(Long.parseLong(d[2]));
                    WarcRecord rec = new WarcReader(ch).next().orElse(null);
                    assertTrue(rec != null, "no record at " + d[2] + " of " + warc + " for " + d[3]);
                    assertEquals(d[3], rec.headers().first("WARC-Target-URI").orElse(""), "record at " + d[2] + " of " + warc);
                }
            }

            Path dataset = tmp.resolve("dataset");
            new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(workers, dataset, false);
            assertEquals(new HashSet<>(truth.reachableUserIds()), column(dataset, "SELECT user_id FROM profiles"));
            assertEquals(new HashSet<>(truth.reachablePostIds()), io.lastlight.e2e.EchoedOriginals.listed(truth.reachablePostIds(),
                    column(dataset, "SELECT post_id FROM posts"), column(dataset, io.lastlight.e2e.EchoedOriginals.SQL)));
        }
    }

    private static Set<String> column(Path dataset, String sql) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    static Set<String> ids(List<String[]> rows) {
        Set<String> out = new HashSet<>();
        for (String[] r : rows) out.add(r[0]);
        return out;
    }

    private static Process start(SimServer server, GroundTruth truth, String url, Path workers, int i, boolean first, Path tmp)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", CrashSystemTest.classpath(), "io.lastlight.cli.Main", "crawl", "--frontier", url,
                "--worker", "w" + i, "--out", workers.resolve("w" + i).toString(), "--lease-ttl", "20", "--quiet"));
        if (first) {
            cmd.addAll(List.of("--base", server.baseUri().toString(), "--rate", "30", "--burst", "4", "--concurrency", "4",
                    "--no-adaptive"));
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

    private static void waitFor(Check c, int seconds, Process[] watched, Path tmp) throws Exception {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (!c.ok()) {
            for (int i = 1; i < watched.length; i++) {
                if (watched[i] != null && !watched[i].isAlive()) {
                    fail("worker " + i + " ended early: " + Files.readString(tmp.resolve("w" + i + ".log")));
                }
            }
            if (System.nanoTime() > until) fail("timed out waiting");
            Thread.sleep(100);
        }
    }
}
