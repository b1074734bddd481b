package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs frontier work as one SQLite transaction: commit when it returns, roll back and rethrow as an
 * unchecked error when it fails. Reads are committed too, so no read transaction stays open and holds
 * back WAL checkpoints. Not thread-safe: {@link SqliteFrontier} calls it under its own lock.
 */
final class FrontierTx {
    interface Work<T> {
        T run() throws SQLException;
    }

    interface VoidWork {
        void run() throws SQLException;
    }

    private final Connection db;

    FrontierTx(Connection db) {
        this.db = db;
    }

    <T> T call(Work<T> work) {
        try {
            T out = work.run();
            db.commit();
            return out;
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    void run(VoidWork work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    private RuntimeException rollback(SQLException e) {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original error is the one worth reporting
        }
        return new IllegalStateException("frontier database error: " + e.getMessage(), e);
    }

    void close() {
        try {
            db.commit();
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing the frontier: " + e.getMessage(), e);
        }
    }
}
