package io.lastlight.derive;

import io.lastlight.schema.DuckDbViews;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one in-process DuckDB database of a build, shared by the sort pass, the revisit lookup and the derived
 * tables: one thread count and one memory budget for the whole process, spilling to one folder beyond it.
 * Separate databases each had their own budget, and memory one had freed was not reliably given back before
 * the next took its own (measured at 10M posts: 8.3 GB peak RSS with two 3 GB budgets, see BENCHMARKS.md).
 * Users take their own connections with {@link #connect()} and close them; {@link #close()} closes the database
 * and deletes the spill folder.
 */
public final class BuildDatabase implements Closeable {
    private final Connection root;
    private final Path spill;
    private int threads;
    private String memoryLimit;

    private BuildDatabase(Connection root, Path spill, int threads, String memoryLimit) {
        this.root = root;
        this.spill = spill;
        this.threads = threads;
        this.memoryLimit = memoryLimit;
    }

    /**
     * @param spill       folder for DuckDB's spill files (created on demand, deleted on close)
     * @param threads     DuckDB worker threads
     * @param memoryLimit DuckDB's budget, e.g. {@code 3GB}
     */
    public static BuildDatabase open(Path spill, int threads, String memoryLimit) throws IOException {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
        Path abs = spill.toAbsolutePath();
        deleteTree(abs); // a killed build's leftovers
        Connection c = null;
        try {
            c = DuckDb.inMemory();
            DuckDb.exec(c, "SET threads = " + threads);
            DuckDb.exec(c, "SET memory_limit = " + DuckDbViews.quoteLiteral(memoryLimit));
            DuckDb.exec(c, "SET temp_directory = " + DuckDbViews.quoteLiteral(abs.toString()));
            // Every query that writes ends in ORDER BY the table key, so insertion order need not be kept
            // elsewhere (measured at 10M posts: the posts table 137 → 96 s).
            DuckDb.exec(c, "SET preserve_insertion_order = false");
            // Buffer blocks from memory DuckDB keeps instead of freeing and mapping again: the sort pass and the
            // derived tables otherwise fault in (and the kernel zeroes) ~11 GB of fresh pages per 1M posts.
            // Measured at 985,706 posts: 2.6M → 1.9M minor page faults, system CPU 12-16 → 9-12 s, peak RSS +5% (BENCHMARKS.md).
            DuckDb.exec(c, "SET block_allocator_memory = '" + blockAllocatorBytes(memoryLimit) + "B'");
            return new BuildDatabase(c, abs, threads, memoryLimit);
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // reporting the first failure
                }
            }
            throw new IOException("cannot start DuckDB for the build: " + e.getMessage(), e);
        }
    }

    /** A third of the memory budget, at most 1 GiB: memory the block allocator holds and reuses (never freed). */
    static long blockAllocatorBytes(String memoryLimit) {
        return Math.min(1L << 30, DerivedTables.bytes(memoryLimit) / 3);
    }

    /** DuckDB's worker threads, shared by every connection's queries. */
    public synchronized int threads() {
        return threads;
    }

    /** Sets DuckDB's worker threads for every connection from now on (a query running keeps the ones it has). */
    public synchronized void threads(int n) throws SQLException {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1");
        DuckDb.exec(root, "SET threads = " + n);
        threads = n;
    }

    /** DuckDB's memory budget now, as DuckDB reads it (e.g. {@code 1.5GB}). */
    public synchronized String memoryLimit() {
        return memoryLimit;
    }

    /**
     * Sets DuckDB's memory budget from now on (queries running keep what they hold; DuckDB spills or evicts to
     * get under a lower budget). The block allocator's share set at {@link #open} stays as it was.
     */
    public synchronized void memoryLimit(String limit) throws SQLException {
        DuckDb.exec(root, "SET memory_limit = " + DuckDbViews.quoteLiteral(limit));
        memoryLimit = limit;
    }

    /** A connection of its own to the shared database (same catalog and settings); the caller closes it. */
    public Connection connect() throws SQLException {
        return DuckDb.duplicate(root);
    }

    @Override
    public void close() throws IOException {
        try {
            root.close();
        } catch (SQLException e) {
            throw new IOException(e);
        } finally {
            deleteTree(spill);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}
