package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs shared-frontier work as one PostgreSQL transaction on one connection: commit when the work returns,
 * roll back when it fails. When the connection is lost (the database restarted, the network dropped) it
 * reconnects with backoff, for up to {@code patience}, and runs the work again: every piece of work is
 * written to be safe to repeat (inserts ignore known keys; outcomes are fenced by the lease number, so an
 * outcome whose first commit did land changes nothing the second time). Deadlocks and serialisation
 * failures are retried too. Not thread-safe: {@link PostgresFrontier} calls it under its own lock.
 */
final class PgTx {
    interface Work<T> {
        T run(Connection db) throws SQLException;
    }

    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final Duration patience;
    private final Consumer<String> log;
    private Connection db;

    PgTx(Connector connector, Duration patience, Consumer<String> log) throws SQLException {
        this.connector = connector;
        this.patience = patience;
        this.log = log;
        this.db = connector.connect();
    }

    Connection connection() {
        return db;
    }

    <T> T call(Work<T> work) {
        long giveUpAt = System.nanoTime() + patience.toNanos();
        long backoffMs = 250;
        while (true) {
            try {
                if (db == null) db = connector.connect();
                T out = work.run(db);
                db.commit();
                return out;
            } catch (SQLException e) {
                rollbackQuietly();
                boolean lost = connectionLost(e);
                if (!lost && !transientConflict(e)) {
                    throw new IllegalStateException("frontier database error: " + e.getMessage(), e);
                }
                if (System.nanoTime() - giveUpAt > 0) {
                    throw new IllegalStateException("the frontier database has been unreachable for " + patience.toSeconds()
                            + " s (" + e.getMessage() + "); captures committed so far are safe: run the worker again", e);
                }
                if (lost) {
                    log.accept("frontier database unreachable (" + e.getSQLState() + ": " + e.getMessage()
                            + "); retrying in " + backoffMs + " ms");
                    closeQuietly();
                    sleep(backoffMs);
                    backoffMs = Math.min(5_000, backoffMs * 2);
                }
            }
        }
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P (operator intervention: shutdown, crash), a dead socket, or
     * (after a reconnect) the worker's lock still held by its old session, which the server has not yet reaped.
     */
    static boolean connectionLost(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P")
                    || s.getSQLState().equals(PgSchema.WORKER_BUSY))) return true;
            if (t instanceof java.io.IOException) return true;
        }
        return false;
    }

    private static boolean transientConflict(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    private void rollbackQuietly() {
        if (db == null) return;
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original error is the one worth reporting
        }
    }

    private void closeQuietly() {
        if (db == null) return;
        try {
            db.close();
        } catch (SQLException ignored) {
            // already gone
        }
        db = null;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the frontier database", e);
        }
    }

    void close() {
        closeQuietly();
    }
}
