package io.lastlight.spark;

import io.lastlight.build.BuildReport;
import io.lastlight.build.DatasetBuilder;
import io.lastlight.build.Manifest;
import io.lastlight.extract.WarcExtractor;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same WARC files (Parler twice, two Mastodon servers with equal ids, revisits of four kinds, a damaged file) built by {@code lastlight build}
 * and by the Spark job in local mode: every table has the same columns and the same rows. A task attempt that fails
 * after writing changes nothing and leaves no second file; a second run skips every unchanged file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkBuildEqualityTest {
    @TempDir
    static Path tmp;
    Path warcs;
    List<String> names;
    Path local;
    Map<String, String> expected;
    BuildReport localReport;

    @BeforeAll
    void localBuild() throws Exception {
        warcs = tmp.resolve("warc");
        names = TestWarcs.write(warcs, 130);
        local = tmp.resolve("local");
        localReport = new DatasetBuilder(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), "parler", s -> { }, 2)
                .build(warcs, local, false);
        expected = DatasetComparison.fingerprint(local);
    }

    @Test
    void sparkJobGivesTheLocalBuildsRowsAndSkipsUnchangedFilesOnTheNextRun() throws Exception {
        // the fixture has what it promises
        assertEquals(2, DatasetComparison.count(local, "SELECT count(DISTINCT platform) FROM posts"));
        assertEquals(2, DatasetComparison.count(local, "SELECT count(DISTINCT instance) FROM posts WHERE platform = 'mastodon'"));
        assertEquals(0, DatasetComparison.count(local, "SELECT count(*) FROM posts WHERE platform = 'parler' AND instance IS NOT NULL"));
        assertTrue(localReport.revisits.get("resolved") > 0 && localReport.revisits.get("unresolved") > 0, localReport.revisits.toString());
        assertFalse(localReport.damage.isEmpty());
        assertTrue(DatasetComparison.count(local, "SELECT count(*) FROM deletions") > 0);

        Path out = tmp.resolve("spark");
        int code = withMaster("local[2]", () -> BuildJob.run("--quiet", "--in", warcs.toString(), "--out", out.toUri().toString()));
        assertEquals(0, code);
        assertEquals(expected, DatasetComparison.fingerprint(out));
        Manifest m = Manifest.read(out);
        Manifest lm = Manifest.read(local);
        assertEquals(names.size(), m.sources.size());
        for (Manifest.Source s : lm.sources) {
            Manifest.Source o = m.source(s.path);
            assertEquals(s.sha256, o.sha256, s.path);
            assertEquals(s.damage, o.damage, s.path);
            assertEquals(s.revisits, o.revisits, s.path);
            assertEquals(s.platform, o.platform, s.path);
            assertEquals(s.platformFrom, o.platformFrom, s.path);
        }
        assertEquals(lm.parseStatus, m.parseStatus);
        assertEquals("warc", m.warcDir.replace("../", ""));
        assertFalse(Files.exists(out.resolve(SparkBuild.CHECKPOINT)));

        SparkBuild.Result again = withMaster("local[2]", () -> new SparkBuild(Clock.systemUTC(), "parler", s -> { })
                .build(List.of(warcs.toString()), out.toString(), false));
        assertEquals(0, again.extracted);
        assertEquals(names.size(), again.skipped);
        assertEquals(expected, DatasetComparison.fingerprint(out));
        assertEquals(lm.parseStatus.size(), again.parseStatus.size());
    }

    @Test
    void aFailedTaskAttemptIsRetriedAndLeavesTheSameRowsAndNoSecondFile() throws Exception {
        Path out = tmp.resolve("spark-retry");
        String victim = TestWarcs.only(warcs, "mastodon-a-").getFileName().toString();
        AtomicInteger failed = new AtomicInteger();
        System.setProperty("spark.lastlight.test.failOnce", victim);
        SparkSession spark = null;
        try {
            System.setProperty("spark.master", "local[2,2]"); // two attempts per task
            spark = SparkSession.builder().appName("retry test").getOrCreate();
            spark.sparkContext().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (!end.taskInfo().successful()) failed.incrementAndGet();
                }
            });
            new SparkBuild(Clock.systemUTC(), "parler", s -> { }).build(List.of(warcs.toString()), out.toString(), false);
        } finally {
            System.clearProperty("spark.lastlight.test.failOnce");
            System.clearProperty("spark.master");
            if (spark != null) spark.stop();
        }
        assertEquals(1, failed.get(), "one attempt failed and was retried");
        assertEquals(expected, DatasetComparison.fingerprint(out));
        for (String t : WarcExtractor.TABLES) {
            List<String> files = new ArrayList<>();
            try (Stream<Path> s = Files.list(out.resolve(t))) {
                s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).forEach(files::add);
            }
            List<String> want = new ArrayList<>();
            for (String n : names) want.add(n + ".parquet");
            want.add("revisits-00000.warc.gz.revisits.parquet");
            files.sort(null);
            want.sort(null);
            assertEquals(want, files, t);
        }
        assertNotNull(Manifest.read(out));
    }

    interface Body<T> {
        T run() throws Exception;
    }

    static <T> T withMaster(String master, Body<T> body) throws Exception {
        System.setProperty("spark.master", master);
        try {
            return body.run();
        } finally {
            System.clearProperty("spark.master");
        }
    }
}
