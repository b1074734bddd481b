package io.lastlight.parquet;

import io.lastlight.derive.DuckDb;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.TableSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A written file is in its table's sort_by order, whatever order its rows came in, and keeps its metadata. */
class SortedTableWriterTest {
    private static final TableSchema FOLLOWS = DatasetSchema.bundled().table("follows");

    @TempDir
    Path tmp;

    private static Row follow(String follower, String followee, long offset) {
        return new Row(FOLLOWS).set("platform", "parler").set("follower_id", follower).set("followee_id", followee)
                .set("source", "followers").set("target_uri", "http://x/" + followee).set("warc_file", "a.warc.gz")
                .set("warc_offset", offset).set("warc_record_id", "<urn:uuid:" + offset + ">")
                .set("capture_time", Instant.parse("2021-01-09T00:00:00Z").plusSeconds(offset));
    }

    @Test
    void rowsOutOfKeyOrderAreSortedOnCommitTiesInWrittenOrderAndMetadataKept() throws Exception {
        Path target = tmp.resolve("follows").resolve("a.warc.gz.parquet");
        // followee ids out of order; "é" (U+00E9) and an emoji (above the BMP) sort by code point, as DuckDB does;
        // two rows with the same key keep the order they were written in (offsets 3 then 4).
        List<Row> rows = List.of(follow("u9", "zed", 0), follow("u1", "\uD83D\uDE00", 1), follow("u2", "é", 2),
                follow("u5", "amy", 3), follow("u5", "amy", 4), follow("u0", "amy", 5), follow("u3", "\uFFFD", 6));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("lastlight.source_warc", "a.warc.gz");
        try (ParquetSorter sorter = new ParquetSorter(tmp.resolve(".spill"), 1, "256MB");
             TableWriter w = new TableWriter(FOLLOWS, target, meta, sorter)) {
            for (Row r : rows) w.write(r);
            assertFalse(w.inOrder());
            w.putMetadata("lastlight.source_sha256", "abc");
            w.putMetadata("lastlight.source_warc", "b.warc.gz");   // a late value overrides the first
            w.commit();
        }
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement()) {
            List<String> got = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT followee_id, follower_id, warc_offset FROM read_parquet('" + target
                    + "', file_row_number = true) ORDER BY file_row_number")) {
                while (rs.next()) got.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getLong(3));
            }
            assertEquals(List.of("amy/u0/5", "amy/u5/3", "amy/u5/4", "zed/u9/0", "é/u2/2", "\uFFFD/u3/6", "\uD83D\uDE00/u1/1"), got);
            Map<String, String> kv = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT decode(key), decode(value) FROM parquet_kv_metadata('" + target + "')")) {
                while (rs.next()) kv.put(rs.getString(1), rs.getString(2));
            }
            assertEquals(DatasetSchema.bundled().version(), kv.get(DatasetSchema.VERSION_METADATA_KEY));
            assertEquals("follows", kv.get(DatasetSchema.TABLE_METADATA_KEY));
            assertEquals("b.warc.gz", kv.get("lastlight.source_warc"));
            assertEquals("abc", kv.get("lastlight.source_sha256"));
        }
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of(target), s.toList(), "no temporary file is left beside the output");
        }
        assertFalse(Files.exists(tmp.resolve(".spill")), "the sorter's spill folder is removed on close");
    }

    @Test
    void rowsSpilledInManyRunsComeOutSortedInRowGroupsSizedByTheirBytes() throws Exception {
        Path target = tmp.resolve("follows").resolve("runs.warc.gz.parquet");
        List<String> expected = new ArrayList<>();
        String old = System.getProperty(ExternalSort.BUFFER_PROPERTY);
        System.setProperty(ExternalSort.BUFFER_PROPERTY, "64KiB");   // a run every ~150 rows
        try (ParquetSorter sorter = new ParquetSorter(tmp.resolve(".spill"), 1, "256MB");
             TableWriter w = new TableWriter(FOLLOWS, target, Map.of(), sorter)) {
            assertEquals(64 * 1024, sorter.sortBuffer());
            java.util.Random r = new java.util.Random(7);
            for (int i = 0; i < 20_000; i++) {
                String followee = "u" + r.nextInt(500);
                w.write(follow("f" + r.nextInt(1000), followee, i));
            }
            try (Stream<Path> s = Files.list(target.getParent())) {
                assertTrue(s.filter(p -> p.getFileName().toString().contains(".run-")).count() > 50, "runs were spilled beside the output");
            }
            w.commit();
        } finally {
            if (old == null) System.clearProperty(ExternalSort.BUFFER_PROPERTY);
            else System.setProperty(ExternalSort.BUFFER_PROPERTY, old);
        }
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE k < lag_k), "
                    + "count(*) FILTER (WHERE target_uri <> 'http://x/' || followee_id OR warc_record_id <> '<urn:uuid:' || warc_offset || '>') "
                    + "FROM (SELECT *, followee_id || '/' || follower_id || '/' || lpad(warc_offset::VARCHAR, 6, '0') k, "
                    + "lag(k) OVER (ORDER BY file_row_number) lag_k FROM read_parquet('" + target + "', file_row_number = true))")) {
                rs.next();
                assertEquals(20_000, rs.getLong(1));
                assertEquals(0, rs.getLong(2), "every row at or after the one before it, ties in the order written");
                assertEquals(0, rs.getLong(3), "values outside the key (read back from runs as bytes) belong to their rows");
            }
        }
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of(target), s.toList(), "no run file is left beside the output");
        }
    }

    @Test
    void aSortedFileHasAboutGroupPlainBytesOfRowDataPerRowGroup() {
        assertEquals(125_000, TableWriter.groupRows(1_000_000, 1L << 30));   // 1,074 bytes a row: 128 MiB in 125k rows
        assertEquals(TableWriter.MIN_GROUP_ROWS, TableWriter.groupRows(10, 1L << 40), "never below DuckDB's vector size");
        assertEquals(Integer.MAX_VALUE, TableWriter.groupRows(0, 0));
    }

    private static final TableSchema STATS = DatasetSchema.bundled().table("platform_stats");

    private static Row stat(long offset, String pad) {
        return new Row(STATS).set("platform", "gab").set("metric", "user_count").set("value", offset)
                .set("detail", pad).set("target_uri", "http://x/").set("warc_file", "a.warc.gz").set("warc_offset", offset)
                .set("warc_record_id", "<urn:uuid:" + offset + ">").set("capture_time", Instant.parse("2021-01-09T00:00:00Z"));
    }

    @Test
    void rowsOfATableKeyedByWarcPositionOutOfOrderAreSortedByDuckDb() throws Exception {
        Path target = tmp.resolve("platform_stats").resolve("a.warc.gz.parquet");
        try (ParquetSorter sorter = new ParquetSorter(tmp.resolve(".spill"), 1, "256MB");
             TableWriter w = new TableWriter(STATS, target, Map.of(), sorter)) {
            for (long offset : new long[] {30, 10, 20}) w.write(stat(offset, null));
            assertFalse(w.inOrder());
            w.commit();
        }
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(warc_offset::VARCHAR, ',' ORDER BY file_row_number) FROM read_parquet('"
                     + target + "', file_row_number = true)")) {
            rs.next();
            assertEquals("10,20,30", rs.getString(1));
        }
    }

    @Test
    void aSortOutOfMemoryEvenAloneNamesTheKnobAndLeavesNoOutput() throws Exception {
        Path target = tmp.resolve("platform_stats").resolve("big.warc.gz.parquet");
        Map<String, String> meta = new LinkedHashMap<>();
        String pad = "x".repeat(200);
        io.lastlight.core.UserException e;
        // A table keyed by WARC position whose rows came out of that order is sorted again by DuckDB; with a budget far
        // below what DuckDB needs to read, sort and write the file, the sort fails, is tried once more with no other
        // sort beside it, and then says which knob to turn.
        List<String> log = new ArrayList<>();
        try (ParquetSorter sorter = new ParquetSorter(tmp.resolve(".spill"), 2, "1MB").log(log::add);
             TableWriter w = new TableWriter(STATS, target, meta, sorter)) {
            for (int i = 0; i < 50_000; i++) w.write(stat(50_000 - i, i + pad));
            e = assertThrows(io.lastlight.core.UserException.class, w::commit);
        }
        assertTrue(e.getMessage().contains("ran out of its 1MB memory budget, also with no other sort beside it"), e.getMessage());
        assertTrue(e.getMessage().contains("JAVA_OPTS=-Dlastlight.duckdb.memory="), e.getMessage());
        assertEquals(1, e.getCause().getSuppressed().length, "the first failure (beside other sorts) is kept with the second");
        assertFalse(Files.exists(target), "no partial output");
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).endsWith(": out of memory beside other sorts; running it again alone"), log.toString());
    }

    @Test
    void rowsAlreadyInOrderAreWrittenWithoutASortPass() throws Exception {
        Path target = tmp.resolve("in-order.parquet");
        try (TableWriter w = new TableWriter(FOLLOWS, target, Map.of())) {
            w.write(follow("u1", "amy", 0));
            w.write(follow("u2", "amy", 1));
            w.write(follow("u0", "bob", 2));
            assertTrue(w.inOrder());
            w.commit();
        }
        assertTrue(Files.exists(target));
    }

    @Test
    void withoutASorterRowsOutOfOrderAreRefusedAndNothingIsWritten() throws Exception {
        Path target = tmp.resolve("refused.parquet");
        try (TableWriter w = new TableWriter(FOLLOWS, target, Map.of())) {
            w.write(follow("u1", "bob", 0));
            w.write(follow("u2", "amy", 1));
            IllegalStateException e = assertThrows(IllegalStateException.class, w::commit);
            assertTrue(e.getMessage().contains("[platform, followee_id, follower_id]"), e.getMessage());
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "neither the output nor a temporary file remains");
        }
    }

    @Test
    void stringsCompareByCodePointLikeUtf8Bytes() {
        List<String> words = List.of("a", "ab", "b", "é", "\uFFFD", "\uD83D\uDE00", "");
        for (String x : words) {
            for (String y : words) {
                int expected = Integer.signum(compareBytes(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
                assertEquals(expected, Integer.signum(SortOrder.compareCodePoints(x, y)), x + " vs " + y);
            }
        }
    }

    private static int compareBytes(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }
}
