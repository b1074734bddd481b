package io.lastlight.derive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;

/**
 * Queries that share one DuckDB budget, a permit each. A query that runs out of memory beside others (their
 * memory and its own together) runs once more alone, holding every permit, before its failure is reported: at
 * 10M posts two sorts of 1 GB WARC files, and `post_versions` beside `media`, did run out now and then.
 */
public final class MemorySlots {
    /** A DuckDB statement (or several) run under a permit. */
    @FunctionalInterface
    public interface Query {
        void run() throws SQLException;
    }

    /** What to do between the failure beside others and the run alone (delete partial output, say so). */
    @FunctionalInterface
    public interface BeforeRetry {
        void run(SQLException first) throws IOException;
    }

    private final Semaphore permits;
    private final int all;

    /** @param parallel queries run at once */
    public MemorySlots(int parallel) {
        if (parallel < 1) throw new IllegalArgumentException("parallel must be at least 1");
        this.all = parallel;
        this.permits = new Semaphore(parallel, true);
    }

    /**
     * Runs {@code query} under one permit; if DuckDB runs out of memory, calls {@code beforeRetry} and runs it
     * again under all of them. The second failure is thrown with the first as suppressed; any other failure is
     * thrown as it is.
     */
    public void run(Query query, BeforeRetry beforeRetry) throws SQLException, IOException {
        SQLException first;
        acquire(1);
        try {
            query.run();
            return;
        } catch (SQLException e) {
            if (!outOfMemory(e)) throw e;
            first = e;
        } finally {
            permits.release(1);
        }
        beforeRetry.run(first);
        acquire(all);
        try {
            query.run();
        } catch (SQLException e) {
            e.addSuppressed(first);
            throw e;
        } finally {
            permits.release(all);
        }
    }

    private void acquire(int n) throws InterruptedIOException {
        try {
            permits.acquire(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to run a DuckDB query");
        }
    }

    /** DuckDB's "Out of Memory Error": the budget, not the data or the SQL, is what is wrong. */
    public static boolean outOfMemory(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("Out of Memory");
    }

    /** The first line of DuckDB's message (the rest lists generic advice). */
    public static String firstLine(SQLException e) {
        return DuckDb.errorMessage(e);
    }
}
