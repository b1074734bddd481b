package io.lastlight.build;

import io.lastlight.bench.WarcGen;
import io.lastlight.derive.DuckDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Parquet file of a build, observation and derived, holds the same rows in the same order whatever the
 * number of threads extracting and deriving (one, or more than there are WARC files).
 */
class ThreadCountDeterminismTest {
    @TempDir
    Path tmp;

    @Test
    void everyFileHasTheSameRowsInTheSameOrderForAnyThreadCount() throws Exception {
        Path warc = tmp.resolve("warc");
        WarcGen.main(new String[] {"--users", "300", "--seed", "5", "--threads", "2", "--out", warc.toString()});
        Clock clock = Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC);
        Path one = tmp.resolve("one"), three = tmp.resolve("three");
        new DatasetBuilder(clock, "parler", s -> { }, 1).build(warc, one, false);
        new DatasetBuilder(clock, "parler", s -> { }, 3).build(warc, three, false);

        List<Path> files;
        try (Stream<Path> s = Files.walk(one)) {
            files = s.filter(p -> p.toString().endsWith(".parquet")).map(one::relativize).sorted().toList();
        }
        assertTrue(files.size() >= 13, "observation files per WARC and derived files: " + files);
        long posts = 0;
        for (Path f : files) {
            assertTrue(Files.exists(three.resolve(f)), f + " missing with 3 threads");
            String a = ordered(one.resolve(f)), b = ordered(three.resolve(f));
            assertEquals(a, b, f.toString());
            if (f.startsWith("posts")) posts = Long.parseLong(a.substring(0, a.indexOf(':')));
        }
        assertTrue(posts > 100, "the world has posts: " + posts);
    }

    /** Row count and a digest of every row in file order. */
    private static String ordered(Path parquet) throws Exception {
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), md5(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY n)) FROM ("
                     + "SELECT * EXCLUDE (file_row_number), file_row_number AS n FROM read_parquet('" + parquet.toAbsolutePath()
                     + "', file_row_number = true)) t")) {
            rs.next();
            return rs.getLong(1) + ":" + rs.getString(2);
        }
    }
}
