package io.lastlight.derive;

import io.lastlight.bench.WarcGen;
import io.lastlight.build.DatasetBuilder;
import io.lastlight.extract.WarcExtractor;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.TableSchema;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Derived tables split into key ranges (one Parquet file per range) hold exactly the rows, in the same order,
 * as the same tables derived in one piece; a later build with fewer ranges leaves no stale part behind.
 */
class KeyRangesTest {
    @TempDir
    static Path tmp;
    static Path dataset;
    static final DatasetSchema SCHEMA = DatasetSchema.bundled();

    @BeforeAll
    static void build() throws Exception {
        Path warc = tmp.resolve("warc");
        WarcGen.main(new String[] {"--users", "300", "--seed", "11", "--threads", "2", "--out", warc.toString()});
        dataset = tmp.resolve("ds");
        new DatasetBuilder(Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC), "parler", s -> { }, 2)
                .build(warc, dataset, false);
    }

    @Test
    void tablesSplitIntoRangesHoldTheSameRowsInTheSameOrder() throws Exception {
        List<String> derived = new DerivedTables(SCHEMA).tables();
        Map<String, String> whole = new LinkedHashMap<>();
        for (String t : derived) {
            assertEquals(List.of("part-0.parquet"), parts(t), t + " fits one range at the default budget");
            whole.put(t, rows(t));
        }
        // ~16 KB of observation data per range: dozens of ranges on this small world
        new DerivedTables(SCHEMA, 16_000, s -> { }).build(dataset, WarcExtractor.TABLES, 2);
        for (String t : derived) {
            boolean split = KeyRanges.declared(DerivedTables.sql(t)).isPresent();
            List<String> parts = parts(t);
            if (split) {
                assertTrue(parts.size() > 10, t + " split into ranges: " + parts);
                assertTrue(!whole.get(t).startsWith("0:"), t + " has rows");
            }
            else assertEquals(List.of("part-0.parquet"), parts, t);
            assertEquals(whole.get(t), rows(t), t + ": same rows in the same order");
            for (String p : parts) assertSorted(t, p);
        }
        // media reads posts and daily_signups reads profiles: both read every part (checked above by equality)
        new DerivedTables(SCHEMA).build(dataset, WarcExtractor.TABLES, 2);
        for (String t : derived) {
            assertEquals(List.of("part-0.parquet"), parts(t), t + ": no stale parts after a build in one range");
            assertEquals(whole.get(t), rows(t), t);
        }
    }

    @Test
    void aTableOutOfMemoryBesideOthersRunsAgainAloneThenNamesTheKnobAndKeepsWhatWasThere() throws Exception {
        List<String> derived = new DerivedTables(SCHEMA).tables();
        Map<String, String> before = new LinkedHashMap<>();
        for (String t : derived) before.put(t, rows(t));
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        // A budget far below what any derived query needs: every first attempt fails, the retry alone too.
        try (BuildDatabase db = BuildDatabase.open(tmp.resolve(".tiny-duckdb"), 2, "2MB")) {
            io.lastlight.core.UserException e = org.junit.jupiter.api.Assertions.assertThrows(io.lastlight.core.UserException.class,
                    () -> new DerivedTables(SCHEMA, DerivedTables.defaultRangeBytes(), log::add).build(dataset, WarcExtractor.TABLES, 2, db));
            assertTrue(e.getMessage().contains("DuckDB ran out of its") && e.getMessage().contains("-Dlastlight.duckdb.memory="), e.getMessage());
            assertEquals(1, e.getCause().getSuppressed().length, "the failure beside other tables is kept with the one alone");
        }
        assertTrue(log.stream().anyMatch(l -> l.endsWith("out of memory beside other tables; running it again alone")), log.toString());
        for (String t : derived) {
            try (Stream<Path> s = Files.list(dataset.resolve(t))) {
                assertEquals(List.of(), s.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".partial")).toList(), t);
            }
            assertEquals(before.get(t), rows(t), t + ": the previous build's rows are untouched");
        }
    }

    @Test
    void theDeclaredSplitsAreTheKeysTheQueriesGroupBy() {
        assertEquals(Optional.of(new KeyRanges.Spec("post_observations", "post_id")), KeyRanges.declared(DerivedTables.sql("posts")));
        assertEquals(Optional.of(new KeyRanges.Spec("post_observations", "post_id")), KeyRanges.declared(DerivedTables.sql("post_versions")));
        assertEquals(Optional.of(new KeyRanges.Spec("profile_observations", "user_id")), KeyRanges.declared(DerivedTables.sql("profiles")));
        assertEquals(Optional.of(new KeyRanges.Spec("profile_observations", "user_id")), KeyRanges.declared(DerivedTables.sql("profile_history")));
        assertEquals(Optional.empty(), KeyRanges.declared(DerivedTables.sql("deletions")));
    }

    @Test
    void partNamesSortInRangeOrder() {
        assertEquals("part-0.parquet", DerivedTables.part(0, 1));
        assertEquals("part-9.parquet", DerivedTables.part(9, 10));
        assertEquals("part-03.parquet", DerivedTables.part(3, 11));
        List<String> names = new ArrayList<>();
        for (int p = 0; p < 120; p++) names.add(DerivedTables.part(p, 120));
        assertEquals(names.stream().sorted().toList(), names);
    }

    @Test
    void sizesReadAsDuckDbReadsThem() {
        assertEquals(3_000_000_000L, DerivedTables.bytes("3GB"));
        assertEquals(1_500_000_000L, DerivedTables.bytes("1.5GB"));
        assertEquals(512L << 20, DerivedTables.bytes("512MiB"));
    }

    private static List<String> parts(String table) throws Exception {
        try (Stream<Path> s = Files.list(dataset.resolve(table))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).sorted().toList();
        }
    }

    /** Row count and a digest of every row of the table's files in name order, each file in its row order. */
    private static String rows(String table) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        long n = 0;
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement()) {
            for (String part : parts(table)) {
                try (ResultSet rs = s.executeQuery("SELECT CAST(t AS VARCHAR) FROM (SELECT * EXCLUDE (file_row_number) FROM read_parquet('"
                        + dataset.resolve(table).resolve(part).toAbsolutePath() + "', file_row_number = true) ORDER BY file_row_number) t")) {
                    while (rs.next()) {
                        md.update((rs.getString(1) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        n++;
                    }
                }
            }
        }
        return n + ":" + java.util.HexFormat.of().formatHex(md.digest());
    }

    private static void assertSorted(String table, String part) throws Exception {
        TableSchema t = SCHEMA.table(table);
        String key = String.join(", ", t.sortBy());
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM (SELECT file_row_number AS n, row_number() OVER (ORDER BY " + key
                     + ", file_row_number) - 1 AS sorted FROM read_parquet('" + dataset.resolve(table).resolve(part).toAbsolutePath()
                     + "', file_row_number = true)) WHERE n <> sorted")) {
            rs.next();
            assertEquals(0, rs.getLong(1), table + "/" + part + " sorted by " + key);
        }
    }
}
