package io.lastlight.parquet;

import io.lastlight.core.UserException;
import io.lastlight.derive.DerivedTables;
import io.lastlight.schema.FieldSchema;
import io.lastlight.schema.FieldType;
import io.lastlight.schema.TableSchema;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Rows put in a table's {@code sort_by} order in the JVM, ties kept in the order they were added. Each row is
 * encoded as it comes into 1 MiB arrays: its key as {@link SortKey} bytes, then its values ({@link RunCodec}); where
 * each lies is kept in primitive arrays, so held rows cost the collector no objects to copy, and comparing two rows
 * is one unsigned comparison of their key bytes. When the budget of held bytes is reached the rows are sorted and
 * their bytes written in that order as a run file beside the output (key and row, so merging runs compares and
 * copies bytes and decodes nothing); at the end the runs and the rows still held are merged, and only then is each
 * row decoded ({@link HeldRows} holds and orders the rows). Memory stays near the budget whatever the number of rows; disk holds at most the rows once,
 * uncompressed. Replaces a Parquet intermediate sorted again by DuckDB: the rows are encoded to Parquet once,
 * already sorted.
 */
final class ExternalSort implements Closeable {
    /** System property: heap bytes of rows held per sorted file before a run is spilled, e.g. {@code 64MB}. */
    static final String BUFFER_PROPERTY = "lastlight.sort.buffer";
    private static final int MIN_READ_BUFFER = 64 * 1024, MAX_READ_BUFFER = 1024 * 1024;

    /** Receives the sorted rows. */
    interface Sink {
        void accept(Row row) throws IOException;
    }

    /**
     * Size of the arrays rows are encoded into (smaller under a small budget, so a run holds many rows): just under
     * 1 MiB, so that at the launcher's {@code -Xmx1g} (G1 regions of 1 MiB) an array fills one region as a
     * humongous object, which G1 never copies and frees at the next young collection once dropped; a whole 1 MiB
     * plus the array header would take two regions.
     */
    private static final int CHUNK = (1 << 20) - 64;
    /** Runs merged at once: more are first merged in groups of this many (each open run holds a read buffer). */
    static final int MAX_FAN_IN = 64;
    private final TableSchema table;
    private final Path runPrefix;
    private final long budget;
    private final RunCodec codec;
    private final SortKey sortKey;
    private final int[] required;
    private final FieldType[] types;
    private RunCodec.Out scratch = RunCodec.Out.memory(64 * 1024);
    private RunCodec.Out keyScratch = RunCodec.Out.memory(1024);
    private final HeldRows held;
    private long rows, plainBytes;
    private final List<Path> runs = new ArrayList<>();
    private int merges;

    /**
     * @param runPrefix run files are named this plus {@code .run-N}
     * @param budget    heap bytes of rows held before a run is spilled
     */
    ExternalSort(TableSchema table, Path runPrefix, long budget) {
        this.table = table;
        this.runPrefix = runPrefix;
        this.budget = budget;
        this.codec = new RunCodec(table);
        this.sortKey = new SortKey(table);
        this.held = new HeldRows(chunkSize());
        List<FieldSchema> fields = table.fields();
        this.types = fields.stream().map(FieldSchema::type).toArray(FieldType[]::new);
        this.required = java.util.stream.IntStream.range(0, fields.size()).filter(i -> !fields.get(i).nullable()).toArray();
    }

    /** Share of the maximum heap that all the sorts running at once hold between them. */
    static final double HEAP_SHARE = 0.3;

    /**
     * The budget of each of {@code sortsAtOnce} sorts running at once: {@value #BUFFER_PROPERTY} if set, else their
     * share of {@link #HEAP_SHARE} of the maximum heap, at least 4 MiB (51 MiB at the launcher's {@code -Xmx1g} for
     * the local build's six: three tables per WARC file, two files at once).
     */
    static long budgetFor(int sortsAtOnce) {
        String v = System.getProperty(BUFFER_PROPERTY);
        if (v != null && !v.isBlank()) return parseSize(v);
        return Math.max(4L << 20, (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE / Math.max(1, sortsAtOnce)));
    }

    /** A size as {@code -Dlastlight.duckdb.memory} takes it ({@link DerivedTables#bytes}: 64MB, 1.5GB, 64MiB). */
    static long parseSize(String v) {
        try {
            return DerivedTables.bytes(v);
        } catch (IllegalArgumentException e) {
            throw new UserException("-D" + BUFFER_PROPERTY + "=" + v + " is not a size: give one such as 64MB, 64MiB or 1GB");
        }
    }

    /** Holds a row (checked now: a required value that is null fails here, with the row, not at the merge). */
    void add(Row row) throws IOException {
        Object[] values = row.values();
        for (int i : required) {
            if (values[i] == null) {
                throw new IllegalArgumentException("table " + table.name() + ": required field "
                        + table.fields().get(i).name() + " is null");
            }
        }
        keyScratch.reset();
        sortKey.write(values, keyScratch);
        scratch.reset();
        codec.write(values, scratch);
        held.add(keyScratch.array(), keyScratch.size(), scratch.array(), scratch.size());
        if (scratch.array().length > chunkSize()) scratch = RunCodec.Out.memory(64 * 1024);   // after a huge row
        if (keyScratch.array().length > chunkSize()) keyScratch = RunCodec.Out.memory(1024);
        rows++;
        plainBytes += plainSize(values);
        if (held.bytes() >= budget) spill();
    }

    /** Rows added. */
    long rows() {
        return rows;
    }

    /** The rows' bytes as plain values (strings by their length in chars): what sizes a sorted file's row groups. */
    long plainBytes() {
        return plainBytes;
    }

    /** Run files spilled so far. */
    int runs() {
        return runs.size();
    }

    private int chunkSize() {
        return (int) Math.max(4096, Math.min(CHUNK, budget / 8));
    }

    private void spill() throws IOException {
        int[] order = held.sorted();
        Path file = runPrefix.resolveSibling(runPrefix.getFileName() + ".run-" + runs.size());
        runs.add(file);
        try (RunCodec.Out out = new RunCodec.Out(file, MAX_READ_BUFFER)) {
            for (int i : order) {
                out.int32(held.keyLength(i));
                out.int32(held.rowLength(i));
                out.raw(held.array(i), held.keyOffset(i), held.keyLength(i) + held.rowLength(i));
            }
        }
        held.clear();
    }

    /** Hands every row to {@code sink} in key order (ties in the order added), then deletes the runs. */
    void drain(Sink sink) throws IOException {
        int[] order = held.sorted();
        if (runs.isEmpty()) {
            try {
                for (int i : order) {
                    sink.accept(codec.read(RunCodec.In.memory(held.array(i), held.keyOffset(i) + held.keyLength(i), held.rowLength(i))));
                }
            } finally {
                held.clear();
            }
            return;
        }
        try {
            while (runs.size() > MAX_FAN_IN) mergeLevel();
            List<Cursor> cursors = open(runs);
            cursors.add(new Cursor(runs.size(), order));   // the newest rows: after every run on ties
            merge(cursors, c -> sink.accept(c.decode()));
        } finally {
            held.clear();
            deleteRuns();
        }
    }

    /** Receives the merge's cursors, each at its next row in order. */
    private interface CursorSink {
        void accept(Cursor c) throws IOException;
    }

    /**
     * Merges consecutive groups of {@link #MAX_FAN_IN} runs, each into one run in its place (so ties keep their
     * order), until one merge takes them all: every row is rewritten once per level, not once per group.
     */
    private void mergeLevel() throws IOException {
        List<Path> next = new ArrayList<>();
        for (int from = 0; from < runs.size(); from += MAX_FAN_IN) {
            List<Path> group = new ArrayList<>(runs.subList(from, Math.min(runs.size(), from + MAX_FAN_IN)));
            if (group.size() == 1) {
                next.add(group.get(0));
                continue;
            }
            Path merged = runPrefix.resolveSibling(runPrefix.getFileName() + ".run-m" + merges++);
            next.add(merged);
            try (RunCodec.Out out = new RunCodec.Out(merged, MAX_READ_BUFFER)) {
                merge(open(group), c -> c.copyTo(out));
            } catch (IOException | RuntimeException e) {
                runs.addAll(next);   // deleted with the others
                throw e;
            }
            deleteAll(group);   // still listed in runs until the level is done: deleting again is harmless
        }
        runs.clear();
        runs.addAll(next);
    }

    private List<Cursor> open(List<Path> files) throws IOException {
        // the rows still held take their share of the budget: the readers get what is left
        long left = Math.max(0, budget - held.bytes());
        int readBuffer = (int) Math.max(MIN_READ_BUFFER, Math.min(MAX_READ_BUFFER, left / files.size()));
        List<Cursor> cursors = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) cursors.add(new Cursor(i, new RunCodec.In(files.get(i), readBuffer)));
        } catch (IOException e) {
            for (Cursor c : cursors) c.close();
            throw e;
        }
        return cursors;
    }

    /** Hands the cursors' rows to {@code sink} in key order, ties to the cursor with the lower index; closes them. */
    private void merge(List<Cursor> cursors, CursorSink sink) throws IOException {
        try {
            PriorityQueue<Cursor> queue = new PriorityQueue<>(cursors.size(), (a, b) -> {
                int c = java.util.Arrays.compareUnsigned(a.key, a.keyOffset, a.keyOffset + a.keyLength,
                        b.key, b.keyOffset, b.keyOffset + b.keyLength);
                return c != 0 ? c : Integer.compare(a.index, b.index);
            });
            for (Cursor c : cursors) if (c.advance()) queue.add(c);
            while (!queue.isEmpty()) {
                Cursor c = queue.poll();
                sink.accept(c);
                if (c.advance()) queue.add(c);
            }
        } finally {
            for (Cursor c : cursors) c.close();
        }
    }

    private void deleteRuns() throws IOException {
        List<Path> all = new ArrayList<>(runs);
        runs.clear();
        deleteAll(all);
    }

    /** Deletes every file, also after one fails; the first failure is thrown, the others suppressed in it. */
    private static void deleteAll(List<Path> files) throws IOException {
        IOException failed = null;
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                if (failed == null) failed = e;
                else failed.addSuppressed(e);
            }
        }
        if (failed != null) throw failed;
    }

    /** Drops the rows held and deletes any run file. */
    @Override
    public void close() throws IOException {
        held.clear();
        deleteRuns();
    }

    /**
     * A row's values as plain Parquet data (strings by their length in chars). By the schema's types, not {@code
     * instanceof}: checks against interfaces such as {@code List} contend between threads on JDK 17 (JDK-8180450).
     */
    private long plainSize(Object[] values) {
        long plain = 0;
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) continue;
            switch (types[i]) {
                case STRING -> plain += 4 + ((String) v).length();
                case STRING_LIST -> {
                    plain += 4;
                    for (Object e : (List<?>) v) if (e != null) plain += 4 + ((String) e).length();
                }
                case BOOLEAN -> plain += 1;
                default -> plain += 8;
            }
        }
        return plain;
    }

    /**
     * The next row of a run file (its key and row bytes read into arrays of its own, reused) or of the rows still
     * held (pointing into their arrays, in sorted order).
     */
    private final class Cursor implements Closeable {
        final int index;
        final RunCodec.In in;
        final int[] order;
        int next;
        byte[] key = new byte[0], row = new byte[0];
        int keyOffset, keyLength, rowOffset, rowLength;

        Cursor(int index, RunCodec.In in) {
            this.index = index;
            this.in = in;
            this.order = null;
        }

        Cursor(int index, int[] order) {
            this.index = index;
            this.in = null;
            this.order = order;
        }

        boolean advance() throws IOException {
            if (in != null) {
                if (!in.more()) return false;
                keyLength = in.int32();
                rowLength = in.int32();
                if (key.length < keyLength) key = new byte[Math.max(keyLength, 2 * key.length)];
                if (row.length < rowLength) row = new byte[Math.max(rowLength, Math.min(2 * row.length, CHUNK))];
                in.raw(key, keyLength);
                in.raw(row, rowLength);
                return true;
            }
            if (next >= order.length) return false;
            int i = order[next++];
            key = row = held.array(i);
            keyOffset = held.keyOffset(i);
            keyLength = held.keyLength(i);
            rowOffset = keyOffset + keyLength;
            rowLength = held.rowLength(i);
            return true;
        }

        Row decode() throws IOException {
            return codec.read(RunCodec.In.memory(row, rowOffset, rowLength));
        }

        void copyTo(RunCodec.Out out) throws IOException {
            out.int32(keyLength);
            out.int32(rowLength);
            out.raw(key, keyOffset, keyLength);
            out.raw(row, rowOffset, rowLength);
        }

        @Override
        public void close() throws IOException {
            if (in != null) in.close();
        }
    }
}
