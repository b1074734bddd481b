package io.lastlight.parquet;

import io.lastlight.core.UserException;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.FieldSchema;
import io.lastlight.schema.FieldType;
import io.lastlight.schema.TableSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rows sorted in the JVM: spilled runs merged back in key order, ties in the order added, every value intact. */
class ExternalSortTest {
    private static final TableSchema POSTS = DatasetSchema.bundled().table("post_observations");

    @TempDir
    Path tmp;

    /** A row with a value of its declared type in every column (nulls in a third of the nullable ones). */
    private static Row randomRow(Random r, int seq) {
        Row row = new Row(POSTS);
        List<FieldSchema> fields = POSTS.fields();
        for (int i = 0; i < fields.size(); i++) {
            FieldSchema f = fields.get(i);
            if (f.nullable() && r.nextInt(3) == 0) continue;
            row.set(i, switch (f.type()) {
                case STRING -> text(r);
                case INT32 -> r.nextInt();
                case INT64 -> r.nextLong();
                case DOUBLE -> r.nextDouble() * 1e6;
                case BOOLEAN -> r.nextBoolean();
                case TIMESTAMP -> Instant.ofEpochSecond(1_600_000_000L + r.nextInt(1_000_000), r.nextInt(1_000_000) * 1000);
                case DATE -> LocalDate.ofEpochDay(18_000 + r.nextInt(1000));
                case STRING_LIST -> {
                    List<String> l = new ArrayList<>();
                    for (int k = r.nextInt(4); k > 0; k--) l.add(r.nextInt(5) == 0 ? null : text(r));
                    yield l;
                }
            });
        }
        // few distinct keys: many ties, and ties across runs; the sequence number tells the order they were added
        row.set("platform", r.nextInt(4) == 0 ? "gab" : "parler");
        row.set("post_id", List.of("p1", "p2", "é3", "\uD83D\uDE00", "p10").get(r.nextInt(5)));
        row.set("capture_time", Instant.ofEpochSecond(1_610_000_000L + r.nextInt(3)));
        row.set("warc_offset", (long) seq);
        return row;
    }

    private static String text(Random r) {
        String[] parts = {"a", "Ωmega", "\uD83C\uDDFA\uD83C\uDDF8", " ", "x".repeat(r.nextInt(2) == 0 ? 3 : 300)};
        StringBuilder b = new StringBuilder();
        for (int k = r.nextInt(6); k > 0; k--) b.append(parts[r.nextInt(parts.length)]);
        return b.toString();
    }

    private List<Row> sorted(List<Row> rows, long budget) throws Exception {
        List<Row> out = new ArrayList<>();
        try (ExternalSort sort = new ExternalSort(POSTS, tmp.resolve(".tmp-x.parquet"), budget)) {
            for (Row row : rows) sort.add(row);
            if (budget < 1_000_000 && rows.size() > 100) assertTrue(sort.runs() > 10, "a small budget spills many runs: " + sort.runs());
            if (budget < 10_000 && rows.size() > 100) {
                assertTrue(sort.runs() > 2 * ExternalSort.MAX_FAN_IN, "more runs than one merge takes: " + sort.runs());
            }
            sort.drain(out::add);
            assertEquals(0, sort.runs());
        }
        return out;
    }

    /** Values as handed over: strings read back from a run as UTF-8 bytes (columns outside the key) decoded. */
    private static Object[] strings(Object[] values) {
        Object[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof byte[] b) out[i] = new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return out;
    }

    @Test
    void spilledRunsMergeIntoAStableSortWithEveryValueIntact() throws Exception {
        Random r = new Random(42);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 5000; i++) rows.add(randomRow(r, i));
        List<Row> expected = new ArrayList<>(rows);
        expected.sort((a, b) -> SortOrder.comparator(POSTS).compare(a.values(), b.values()));   // List.sort is stable

        for (long budget : new long[] {8 * 1024, 64 * 1024, 1L << 30}) {
            List<Row> got = sorted(rows, budget);
            assertEquals(expected.size(), got.size());
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(expected.get(i).values(), strings(got.get(i).values()), "row " + i + " at budget " + budget);
            }
            try (Stream<Path> s = Files.list(tmp)) {
                assertEquals(List.of(), s.toList(), "no run file is left after the merge");
            }
        }
    }

    @Test
    void keysSharingLongPrefixesAndEndingInsideTheComparedBytesSortAsSortOrderDoes() throws Exception {
        // follows sorts by (platform, followee_id, follower_id): every key starts alike and ends in a string, so the
        // 8 bytes compared after what all held keys share often run past a key's end, tie, or differ only by NULs;
        // the order must still be SortOrder's
        TableSchema follows = DatasetSchema.bundled().table("follows");
        Random r = new Random(11);
        String[] tails = {"", "\u0000", "\u0000\u0000", "a", "\u0000a", "a\u0000", "ab", "\uE000", "\uD83D\uDE00", "é"};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Row row = new Row(follows);
            for (FieldSchema f : follows.fields()) {
                if (f.type() == FieldType.STRING) row.set(f.name(), "v" + r.nextInt(3));
                else if (f.type() == FieldType.INT64) row.set(f.name(), (long) i);
                else if (f.type() == FieldType.TIMESTAMP) row.set(f.name(), Instant.ofEpochSecond(1_610_000_000L));
                else if (!f.nullable()) throw new AssertionError("follows has a required " + f.type() + ": " + f.name());
            }
            row.set("platform", "parler").set("followee_id", "x" + tails[r.nextInt(tails.length)])
                    .set("follower_id", tails[r.nextInt(tails.length)] + (r.nextBoolean() ? "" : tails[r.nextInt(tails.length)]));
            rows.add(row);
        }
        List<Row> expected = new ArrayList<>(rows);
        expected.sort((a, b) -> SortOrder.comparator(follows).compare(a.values(), b.values()));   // stable
        for (long budget : new long[] {16 * 1024, 1L << 30}) {
            List<Object> got = new ArrayList<>(), want = new ArrayList<>();
            try (ExternalSort sort = new ExternalSort(follows, tmp.resolve(".tmp-f.parquet"), budget)) {
                for (Row row : rows) sort.add(row);
                sort.drain(row -> got.add(row.get("warc_offset")));
            }
            for (Row row : expected) want.add(row.get("warc_offset"));
            assertEquals(want, got, "budget " + budget);
        }
    }

    @Test
    void keysSortAsTheFileWillHoldThemLoneSurrogatesAndNanosecondsIncluded() throws Exception {
        // parquet-java writes a lone surrogate as '?' (0x3F) and times in microseconds: DuckDB sorted those values, so
        // the JVM sorts them too (held rows and rows read back from runs alike)
        Instant t = Instant.parse("2021-01-09T00:00:00Z");
        List<Row> rows = new ArrayList<>();
        String[] ids = {"a@", "a\uD800", "a>"};
        for (int i = 0; i < ids.length; i++) {
            rows.add(randomRow(new Random(10 + i), i).set("platform", "parler").set("post_id", ids[i]).set("capture_time", t));
        }
        rows.add(randomRow(new Random(20), 3).set("platform", "parler").set("post_id", "b").set("capture_time", t.plusNanos(500)));
        rows.add(randomRow(new Random(21), 4).set("platform", "parler").set("post_id", "b").set("capture_time", t.plusNanos(100)));
        for (long budget : new long[] {1, 1L << 30}) {
            List<String> got = new ArrayList<>();
            for (Row r : sorted(rows, budget)) got.add(r.get("post_id") + "/" + r.get("warc_offset"));
            assertEquals(List.of("a>/2", "a?/1", "a@/0", "b/3", "b/4"), got, "budget " + budget + ": the same microsecond is a tie");
        }
    }

    @Test
    void aStringLongerThanTheRunBufferSurvives() throws Exception {
        // 6 MB of UTF-8, above the 1 MiB buffers
        Row big = randomRow(new Random(1), 0).set("platform", "parler").set("post_id", "p1").set("text", "é".repeat(3_000_000));
        Row small = randomRow(new Random(2), 1).set("platform", "parler").set("post_id", "p0");
        List<Row> got = sorted(List.of(big, small, big), 1);
        assertEquals(3, got.size());
        assertEquals("p0", got.get(0).get("post_id"));
        assertEquals(big.get("text"), strings(got.get(1).values())[POSTS.indexOf("text")]);
    }

    @Test
    void aRequiredNullFailsWhenAddedAndCloseDeletesRuns() throws Exception {
        try (ExternalSort sort = new ExternalSort(POSTS, tmp.resolve(".tmp-y.parquet"), 1)) {
            sort.add(randomRow(new Random(3), 0));
            sort.add(randomRow(new Random(4), 1));
            assertEquals(2, sort.runs());
            Row bad = randomRow(new Random(5), 2).set("content_digest", null);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sort.add(bad));
            assertEquals("table post_observations: required field content_digest is null", e.getMessage());
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "closing without a merge deletes the runs");
        }
    }

    @Test
    void aTruncatedRunSaysWhereItEnded() throws Exception {
        Path file = tmp.resolve("run");
        RunCodec codec = new RunCodec(POSTS);
        try (RunCodec.Out out = new RunCodec.Out(file, 4096)) {
            codec.write(randomRow(new Random(6), 0).values(), out);
        }
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 3));
        try (RunCodec.In in = new RunCodec.In(file, 4096)) {
            EOFException e = assertThrows(EOFException.class, () -> codec.read(in));
            assertTrue(e.getMessage().startsWith(file + ": run ends inside"), e.getMessage());
        }
    }

    @Test
    void budgetSizesParseAsDuckDbMemoryDoes() {
        assertEquals(64_000_000, ExternalSort.parseSize("64MB"));
        assertEquals(64L << 20, ExternalSort.parseSize("64MiB"));
        assertEquals(1_500_000_000, ExternalSort.parseSize("1.5GB"));
        for (String bad : new String[] {"lots", "1000"}) {
            UserException e = assertThrows(UserException.class, () -> ExternalSort.parseSize(bad));
            assertTrue(e.getMessage().contains("-Dlastlight.sort.buffer=" + bad + " is not a size"), e.getMessage());
        }
    }
}
