package io.lastlight.parquet;

import io.lastlight.core.UserException;
import io.lastlight.derive.BuildDatabase;
import io.lastlight.derive.DuckDb;
import io.lastlight.derive.MemorySlots;
import io.lastlight.schema.DuckDbViews;
import io.lastlight.schema.ParquetSchemas;
import io.lastlight.schema.TableSchema;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Rewrites a Parquet file sorted by its table's {@code sort_by} (ties kept in the order they were written, so
 * the result is the same whatever the timing), with the same settings and key-value metadata as
 * {@link TableWriter}. Used for files of tables keyed by WARC position whose rows did not come in that order
 * (the other tables' rows are sorted in the JVM before they are encoded: {@link ExternalSort}). One DuckDB
 * database for all the files of a build: its thread count and memory budget are fixed, and it spills to a folder beyond that budget, so memory does not grow with the size of a file
 * and files sorted at the same time share the same threads.
 */
public final class ParquetSorter implements Closeable {
    private final BuildDatabase db;
    private final boolean owned;
    /** Sorts running at once: each runs on its caller's thread plus DuckDB's own, so the cores are not oversubscribed. */
    private final MemorySlots slots;
    private volatile java.util.function.Consumer<String> log = s -> { };
    /** Heap bytes of rows each sort in the JVM holds before it spills a run ({@link ExternalSort}). */
    private volatile long sortBuffer;

    /**
     * A sorter with a database of its own.
     *
     * @param spill       folder for DuckDB's spill files (created on demand, deleted on {@link #close()})
     * @param threads     DuckDB threads, shared by every file sorted at once
     * @param memoryLimit DuckDB's memory budget, e.g. {@code 3GB}
     */
    public ParquetSorter(Path spill, int threads, String memoryLimit) throws IOException {
        this(BuildDatabase.open(spill, threads, memoryLimit), threads, true);
    }

    /** A sorter on the build's shared database (not closed with the sorter). */
    public ParquetSorter(BuildDatabase db, int threads) {
        this(db, threads, false);
    }

    private ParquetSorter(BuildDatabase db, int threads, boolean owned) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
        this.db = db;
        this.owned = owned;
        this.slots = new MemorySlots(threads);
        this.sortBuffer = ExternalSort.budgetFor(3 * threads);   // the observation tables sorted per WARC file
    }

    /**
     * How many sorts of rows in the JVM ({@link TableWriter}s of tables not keyed by WARC position) run at once
     * with this sorter: they share 30% of the heap ({@code -Dlastlight.sort.buffer} sets each one's budget instead).
     * Without this call, three per thread (a WARC file's sorted observation tables).
     */
    public ParquetSorter sortsAtOnce(int sorts) {
        this.sortBuffer = ExternalSort.budgetFor(sorts);
        return this;
    }

    long sortBuffer() {
        return sortBuffer;
    }

    /** Where a sort retried alone is reported (nowhere by default). */
    public ParquetSorter log(java.util.function.Consumer<String> log) {
        this.log = log;
        return this;
    }

    /**
     * Writes {@code unsorted}'s rows to {@code out} in {@code table}'s sort order: exactly the schema's columns,
     * ZSTD, writer v2, row groups of 16-64 MiB uncompressed (see {@link #GROUP_INPUT_BYTES}), and {@code metadata} as the file's key-value metadata. {@code out} is overwritten.
     */
    public void sort(Path unsorted, Path out, TableSchema table, Map<String, String> metadata) throws IOException {
        try {
            slots.run(() -> copy(unsorted, out, table, metadata), first -> {
                Files.deleteIfExists(out);
                log.accept("sorting " + unsorted.getFileName() + ": out of memory beside other sorts; running it again alone");
            });
        } catch (SQLException e) {
            Files.deleteIfExists(out);
            if (!MemorySlots.outOfMemory(e)) {
                throw new IOException("sorting " + unsorted.getFileName() + " by " + table.sortBy() + " failed: "
                        + MemorySlots.firstLine(e), e);
            }
            throw new UserException("sorting " + unsorted.getFileName() + " by " + table.sortBy() + ": DuckDB ran out of its "
                    + db.memoryLimit() + " memory budget, also with no other sort beside it (" + MemorySlots.firstLine(e)
                    + "); give it more with JAVA_OPTS=-Dlastlight.duckdb.memory=4GB and run the build again: "
                    + "files already extracted are kept and not re-read", e);
        }
    }

    private void copy(Path unsorted, Path out, TableSchema table, Map<String, String> metadata) throws SQLException {
        String in = DuckDbViews.quoteLiteral(unsorted.toAbsolutePath().toString());
        try (Connection c = db.connect()) {
            long groupRows = rowGroupRows(c, in);
            DuckDb.exec(c, "COPY (" + select(table, in) + ") TO " + DuckDbViews.quoteLiteral(out.toAbsolutePath().toString())
                    + " (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL " + ParquetSchemas.ZSTD_LEVEL + ", PARQUET_VERSION v2, ROW_GROUP_SIZE " + groupRows
                    + ", KV_METADATA " + kv(metadata) + ")");
        }
    }

    /** The schema's columns, cast to their declared types, by the table key then the order written. */
    static String select(TableSchema table, String quotedFile) {
        return DuckDbViews.sortedProjection(table, "SELECT * FROM read_parquet(" + quotedFile + ", file_row_number = true)",
                "file_row_number");
    }

    /**
     * Bytes of the input file's uncompressed data per output row group. DuckDB cannot size groups by bytes in an
     * ordered COPY, so rows per group come from the input's average row size (written by {@link TableWriter}: ZSTD,
     * dictionaries); 64 MiB of it keeps the groups near the contract's 16-64 MiB.
     */
    static final long GROUP_INPUT_BYTES = 64L * 1024 * 1024;

    /** Rows per row group so a group holds about {@link #GROUP_INPUT_BYTES} of the input's uncompressed data. */
    private static long rowGroupRows(Connection c, String quotedFile) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT sum(num_rows) FROM parquet_file_metadata(" + quotedFile + ")), "
                     + "(SELECT sum(total_uncompressed_size) FROM parquet_metadata(" + quotedFile + "))")) {
            rs.next();
            long rows = rs.getLong(1), bytes = rs.getLong(2);
            if (rows <= 0 || bytes <= 0) return TableWriter.MIN_GROUP_ROWS;
            return Math.max(TableWriter.MIN_GROUP_ROWS, (long) Math.ceil((double) rows * GROUP_INPUT_BYTES / bytes));
        }
    }

    private static String kv(Map<String, String> metadata) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        metadata.forEach((k, v) -> j.add(DuckDbViews.quoteLiteral(k) + ": " + DuckDbViews.quoteLiteral(v)));
        return j.toString();
    }

    @Override
    public void close() throws IOException {
        if (owned) db.close();
    }
}
