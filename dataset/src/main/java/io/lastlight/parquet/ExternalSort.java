package io.lastlight.parquet;

import io.lastlight.core.UserException;
import io.lastlight.derive.DerivedTables;
import io.lastlight.schema.FieldSchema;
import io.lastlight.schema.FieldType;
import io.lastlight.schema.TableSchema;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Rows put in a table's {@code sort_by} order in the JVM, ties kept in the order they were added. Each row is
 * encoded as it comes ({@link RunCodec}) into 1 MiB arrays, and only its key values are kept as objects: the
 * collector then copies a few small objects per held row instead of every value (and arrays that size are not
 * copied at all by G1 at the default heap). When the budget of held bytes is reached the keys are sorted and the
 * rows' bytes written in that order as a run file beside the output; at the end the runs and the rows still held
 * are merged. Memory stays near the budget whatever the number of rows; disk holds at most the rows once,
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
    /** Heap bytes a held row costs beyond its encoding: its entry, key array and key objects (strings counted apart). */
    private static final int ENTRY_BYTES = 96;

    private final TableSchema table;
    private final Path runPrefix;
    private final long budget;
    private final RunCodec codec;
    private final Comparator<Object[]> order;
    private final int[] required;
    private final int[] keyColumns;
    private final FieldType[] types;
    private RunCodec.Out scratch = RunCodec.Out.memory(64 * 1024);
    private ArrayList<Entry> held = new ArrayList<>();
    private byte[] chunk = new byte[0];
    private int chunkUsed;
    private long heldBytes;
    private long rows, plainBytes;
    private final List<Path> runs = new ArrayList<>();
    private int merges;

    /** A held row: its key values and where its encoding lies. */
    private record Entry(Object[] keys, byte[] chunk, int offset, int length) {}

    /**
     * @param runPrefix run files are named this plus {@code .run-N}
     * @param budget    heap bytes of rows held before a run is spilled
     */
    ExternalSort(TableSchema table, Path runPrefix, long budget) {
        this.table = table;
        this.runPrefix = runPrefix;
        this.budget = budget;
        this.codec = new RunCodec(table);
        this.order = SortOrder.comparator(table);
        List<FieldSchema> fields = table.fields();
        this.types = fields.stream().map(FieldSchema::type).toArray(FieldType[]::new);
        this.keyColumns = SortOrder.keyColumns(table);
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
        scratch.reset();
        codec.write(values, scratch);
        int length = scratch.size();
        if (chunkUsed + length > chunk.length) {
            chunk = new byte[Math.max(chunkSize(), length)];
            chunkUsed = 0;
            heldBytes += chunk.length;
        }
        System.arraycopy(scratch.array(), 0, chunk, chunkUsed, length);
        if (scratch.array().length > chunkSize()) scratch = RunCodec.Out.memory(64 * 1024);   // after a huge row
        Object[] keys = new Object[keyColumns.length];
        long keyBytes = ENTRY_BYTES;
        for (int k = 0; k < keys.length; k++) {
            keys[k] = asWritten(values[keyColumns[k]]);
            if (keys[k] instanceof String str) keyBytes += 48 + str.length();
        }
        held.add(new Entry(keys, chunk, chunkUsed, length));
        chunkUsed += length;
        rows++;
        plainBytes += plainSize(values);
        heldBytes += keyBytes;
        if (heldBytes >= budget) spill();
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

    /**
     * A key value as the file will hold it, so that held rows sort as DuckDB would sort the written file and as the
     * merge compares rows read back: a string with a lone surrogate as its UTF-8 encoding decodes ({@code ?} in its
     * place). (Times are compared to the microsecond by {@link SortOrder} itself.)
     */
    static Object asWritten(Object key) {
        if (key instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                if (Character.isSurrogate(s.charAt(i))) return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            }
            return s;
        }
        return key;
    }

    private int chunkSize() {
        return (int) Math.max(4096, Math.min(CHUNK, budget / 8));
    }

    private void sortHeld() {
        held.sort((a, b) -> SortOrder.compareKeys(a.keys(), b.keys()));   // List.sort is stable: ties stay in order
    }

    private void spill() throws IOException {
        sortHeld();
        Path file = runPrefix.resolveSibling(runPrefix.getFileName() + ".run-" + runs.size());
        runs.add(file);
        try (RunCodec.Out out = new RunCodec.Out(file, MAX_READ_BUFFER)) {
            for (Entry e : held) out.raw(e.chunk(), e.offset(), e.length());
        }
        release();
    }

    /** Drops the held rows and their arrays. */
    private void release() {
        held = new ArrayList<>();
        chunk = new byte[0];
        chunkUsed = 0;
        heldBytes = 0;
    }

    private Row decode(Entry e) throws IOException {
        return codec.read(RunCodec.In.memory(e.chunk(), e.offset(), e.length()));
    }

    /** Hands every row to {@code sink} in key order (ties in the order added), then deletes the runs. */
    void drain(Sink sink) throws IOException {
        sortHeld();
        if (runs.isEmpty()) {
            for (int i = 0; i < held.size(); i++) {
                sink.accept(decode(held.get(i)));
                held.set(i, null);
            }
            release();
            return;
        }
        try {
            while (runs.size() > MAX_FAN_IN) mergeLevel();
            List<Cursor> cursors = open(runs);
            cursors.add(new Cursor(runs.size(), null, held));   // the newest rows: after every run on ties
            merge(cursors, sink);
        } finally {
            release();
            deleteRuns();
        }
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
                merge(open(group), row -> codec.write(row.values(), out));
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
        long left = Math.max(0, budget - heldBytes);
        int readBuffer = (int) Math.max(MIN_READ_BUFFER, Math.min(MAX_READ_BUFFER, left / files.size()));
        List<Cursor> cursors = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) cursors.add(new Cursor(i, new RunCodec.In(files.get(i), readBuffer), null));
        } catch (IOException e) {
            for (Cursor c : cursors) c.close();
            throw e;
        }
        return cursors;
    }

    /** Hands the cursors' rows to {@code sink} in key order, ties to the cursor with the lower index; closes them. */
    private void merge(List<Cursor> cursors, Sink sink) throws IOException {
        try {
            PriorityQueue<Cursor> queue = new PriorityQueue<>(cursors.size(), (a, b) -> {
                int c = order.compare(a.row.values(), b.row.values());
                return c != 0 ? c : Integer.compare(a.index, b.index);
            });
            for (Cursor c : cursors) if (c.advance()) queue.add(c);
            while (!queue.isEmpty()) {
                Cursor c = queue.poll();
                sink.accept(c.row);
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
        release();
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

    private final class Cursor implements Closeable {
        final int index;
        final RunCodec.In in;
        final List<Entry> memory;
        int next;
        Row row;

        Cursor(int index, RunCodec.In in, List<Entry> memory) {
            this.index = index;
            this.in = in;
            this.memory = memory;
        }

        boolean advance() throws IOException {
            if (in != null) {
                row = codec.read(in);
            } else if (next < memory.size()) {
                row = decode(memory.get(next));
                memory.set(next++, null);
            } else {
                row = null;
            }
            return row != null;
        }

        @Override
        public void close() throws IOException {
            if (in != null) in.close();
        }
    }
}
