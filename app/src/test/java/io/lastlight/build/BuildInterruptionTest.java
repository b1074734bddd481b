package io.lastlight.build;

import io.lastlight.crawl.CrawlSession;
import io.lastlight.crawl.Progress;
import io.lastlight.derive.DuckDb;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} during {@code lastlight build} at random moments: no partial Parquet file is ever visible,
 * and re-running gives the same dataset as an uninterrupted build.
 */
class BuildInterruptionTest {
    @TempDir
    Path tmp;

    @Test
    void killedBuildsNeverExposePartialFilesAndARerunCompletesTheDataset() throws Exception {
        Path crawl = tmp.resolve("crawl");
        try (SimServer server = SimServer.start(SimConfig.builder().users(500).seed(3)
                .clock(Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC)).build())) {
            GroundTruth truth = server.truth();
            CrawlSession.run(io.lastlight.e2e.EndToEndTest.config(server, truth, crawl, 3000), false, false, Clock.systemUTC(),
                    new Progress(new PrintStream(new ByteArrayOutputStream()), false, true));
        }
        Path reference = tmp.resolve("reference");
        new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(crawl, reference, false);

        Path ds = tmp.resolve("ds");
        Random random = new Random(20210111);
        int killedMidway = 0;
        for (int i = 0; i < 6; i++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "io.lastlight.cli.Main", "build", "--in", crawl.toString(),
                    "--out", ds.toString(), i % 2 == 0 ? "--force" : "--quiet")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("build-" + i + ".log").toFile()).start();
            Thread.sleep(400 + random.nextInt(2500));
            if (p.isAlive()) killedMidway++;
            p.destroyForcibly().waitFor();
            assertEveryVisibleParquetFileIsComplete(ds);
        }
        assertTrue(killedMidway >= 3, "only " + killedMidway + " builds were killed mid-way; the test proves little");
        new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(crawl, ds, false);
        for (String table : List.of("captures", "profiles", "posts", "follows", "deletions", "daily_signups")) {
            assertEquals(digest(reference, table), digest(ds, table), table);
        }
        try (Stream<Path> s = Files.walk(ds)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith(".tmp-")), "temporary files left behind");
        }
    }

    private static void assertEveryVisibleParquetFileIsComplete(Path ds) throws Exception {
        if (!Files.isDirectory(ds)) return;
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ds)) {
            s.filter(f -> f.getFileName().toString().endsWith(".parquet") && !f.getFileName().toString().startsWith("."))
                    .forEach(files::add);
        }
        try (Connection c = DuckDb.inMemory(); Statement st = c.createStatement()) {
            for (Path f : files) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM parquet_file_metadata('" + f.toAbsolutePath() + "')")) {
                    assertTrue(rs.next(), f.toString());
                }
            }
        }
        if (Files.exists(ds.resolve("lastlight.duckdb"))) {
            try (Connection c = DuckDb.open(ds.resolve("lastlight.duckdb"), true)) {
                assertTrue(c.isValid(5));
            }
        }
    }

    /** Row count and an order-free hash of a table's rows, read through the dataset's views. */
    static String digest(Path ds, String table) throws Exception {
        try (Connection c = io.lastlight.query.Dataset.open(ds); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), bit_xor(hash(t)) FROM " + table + " t")) {
            rs.next();
            return rs.getLong(1) + ":" + rs.getString(2);
        }
    }
}
