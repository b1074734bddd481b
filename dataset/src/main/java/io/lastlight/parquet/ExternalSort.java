package io.lastlight.parquet;

import io.lastlight.core.UserException;
import io.lastlight.schema.FieldSchema;
import io.lastlight.schema.FieldType;
import io.lastlight.schema.TableSchema;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rows put in a table's {@code sort_by} order in the JVM, ties kept in the order they were added: rows are held
 * up to a budget of (estimated) heap bytes, then sorted and spilled as a run file beside the output; at the end
 * the runs and the rows still held are merged. Memory stays near the budget whatever the number of rows; disk
 * holds at most the rows once, uncompressed (about what the PLAIN intermediate file this replaced held).
 * Replaces a Parquet intermediate sorted again by DuckDB: the rows are encoded to Parquet once, already sorted.
 */
final class ExternalSort implements Closeable {
    /** System property: heap bytes of rows held per sorted file before a run is spilled, e.g. {@code 64MB}. */
    static final String BUFFER_PROPERTY = "lastlight.sort.buffer";
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMG]?)B?", Pattern.CASE_INSENSITIVE);
    private static final int MIN_READ_BUFFER = 64 * 1024, MAX_READ_BUFFER = 1024 * 1024;

    /** Receives the sorted rows. */
    interface Sink {
        void accept(Row row) throws IOException;
    }

    private final TableSchema table;
    private final Path runPrefix;
    private final long budget;
    private final RunCodec codec;
    private final Comparator<Object[]> order;
    private final int[] required;
    private final FieldType[] types;
    private ArrayList<Row> held = new ArrayList<>();
    private long heldBytes;
    private long rows, plainBytes;
    private final List<Path> runs = new ArrayList<>();

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

    static long parseSize(String v) {
        Matcher m = SIZE.matcher(v.trim());
        if (!m.matches()) {
            throw new UserException("-D" + BUFFER_PROPERTY + "=" + v + " is not a size: give bytes or a size such as 64MB or 1GB");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            case "G" -> n << 30;
            default -> n;
        };
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
        held.add(row);
        rows++;
        measure(values);
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

    private void spill() throws IOException {
        held.sort((a, b) -> order.compare(a.values(), b.values()));
        Path file = runPrefix.resolveSibling(runPrefix.getFileName() + ".run-" + runs.size());
        runs.add(file);
        try (RunCodec.Out out = new RunCodec.Out(file, MAX_READ_BUFFER)) {
            for (Row r : held) codec.write(r.values(), out);
        }
        held = new ArrayList<>(held.size());
        heldBytes = 0;
    }

    /** Hands every row to {@code sink} in key order (ties in the order added), then deletes the runs. */
    void drain(Sink sink) throws IOException {
        held.sort((a, b) -> order.compare(a.values(), b.values()));
        if (runs.isEmpty()) {
            for (int i = 0; i < held.size(); i++) {
                sink.accept(held.get(i));
                held.set(i, null);
            }
            held = new ArrayList<>();
            return;
        }
        int readBuffer = (int) Math.max(MIN_READ_BUFFER, Math.min(MAX_READ_BUFFER, budget / (runs.size() + 1)));
        List<Cursor> cursors = new ArrayList<>();
        try {
            for (int i = 0; i < runs.size(); i++) cursors.add(new Cursor(i, new RunCodec.In(runs.get(i), readBuffer), null));
            cursors.add(new Cursor(runs.size(), null, held));   // the newest rows: after every run on ties
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
            held = new ArrayList<>();
            deleteRuns();
        }
    }

    private void deleteRuns() throws IOException {
        for (Path p : runs) Files.deleteIfExists(p);
        runs.clear();
    }

    /** Drops the rows held and deletes any run file. */
    @Override
    public void close() throws IOException {
        held = new ArrayList<>();
        deleteRuns();
    }

    /**
     * Adds a row's sizes to {@link #heldBytes} (heap bytes it holds; values shared between rows are counted in each:
     * an overestimate, on the safe side) and {@link #plainBytes} (its values as plain Parquet data, strings by their
     * length in chars). By the schema's types, not {@code instanceof}: checks against interfaces such as {@code List}
     * contend between threads on JDK 17 (JDK-8180450).
     */
    private void measure(Object[] values) {
        long heap = 32 + 4L * values.length, plain = 0;
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) continue;
            switch (types[i]) {
                case STRING -> {
                    int n = ((String) v).length();
                    heap += 48 + n;
                    plain += 4 + n;
                }
                case STRING_LIST -> {
                    List<?> list = (List<?>) v;
                    heap += 40 + 4L * list.size();
                    plain += 4;
                    for (Object e : list) {
                        if (e == null) continue;
                        int n = ((String) e).length();
                        heap += 48 + n;
                        plain += 4 + n;
                    }
                }
                case TIMESTAMP, DATE -> {
                    heap += 24;
                    plain += 8;
                }
                case BOOLEAN -> {
                    heap += 16;
                    plain += 1;
                }
                default -> {
                    heap += 16;
                    plain += 8;
                }
            }
        }
        heldBytes += heap;
        plainBytes += plain;
    }

    private final class Cursor implements Closeable {
        final int index;
        final RunCodec.In in;
        final List<Row> memory;
        int next;
        Row row;

        Cursor(int index, RunCodec.In in, List<Row> memory) {
            this.index = index;
            this.in = in;
            this.memory = memory;
        }

        boolean advance() throws IOException {
            if (in != null) {
                row = codec.read(in);
            } else if (next < memory.size()) {
                row = memory.get(next);
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
