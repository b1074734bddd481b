package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.LongSupplier;

/**
 * Runs frontier work as one SQLite transaction: commit when it returns, roll back and rethrow as an
 * unchecked error when it fails. Reads with nothing deferred or held are committed too, so no read-only
 * transaction stays open and holds back WAL checkpoints. Not thread-safe: {@link SqliteFrontier} calls it under
 * its own lock.
 * <p>
 * Items' outcomes may be {@linkplain #defer deferred}: several go into one commit (group commit), which
 * costs one WAL append of the pages they share instead of one per item. Deferred work is committed by the
 * next non-deferred call, after {@link #MAX_DEFERRED} outcomes, once {@link #MAX_DEFER_NANOS} have passed
 * since the last commit, and on close. Nothing is lost that a crash could not already lose: outcomes not yet
 * committed leave their items leased (fetched again after --resume) and the WARC ledger at the last
 * committed end (recovery trims the file back to it), as for a process killed just before a commit.
 * <p>
 * A lease is {@linkplain #hold held} the same way, committed with the outcomes that follow it (a read does not
 * commit it, as it does not commit deferred outcomes): uncommitted, its items are still queued on disk, which is
 * what --resume makes of leased items anyway.
 */
final class FrontierTx {
    /** Most outcomes held in one open transaction. */
    static final int MAX_DEFERRED = 64;
    /** Longest an outcome waits for the next commit, as checked when the next outcome comes. */
    static final long MAX_DEFER_NANOS = 50_000_000L;

    interface Work<T> {
        T run() throws SQLException;
    }

    interface VoidWork {
        void run() throws SQLException;
    }

    private final Connection db;
    private final LongSupplier nanos;
    private int deferred;
    /** True while a {@link #hold held} lease waits in the open transaction for the next commit. */
    private boolean held;
    private long lastCommit;
    private Runnable onRollback = () -> { };

    FrontierTx(Connection db) {
        this(db, System::nanoTime);
    }

    FrontierTx(Connection db, LongSupplier nanos) {
        this.db = db;
        this.nanos = nanos;
        this.lastCommit = nanos.getAsLong();
    }

    <T> T call(Work<T> work) {
        try {
            T out = work.run();
            commit();
            return out;
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    /**
     * Runs work in the open transaction and commits it with what follows (see the class comment). An error
     * rolls back every deferred outcome with it: the caller treats that as fatal, and the items stay leased.
     */
    <T> T defer(Work<T> work) {
        try {
            T out = work.run();
            deferred++;
            if (deferred >= MAX_DEFERRED || nanos.getAsLong() - lastCommit >= MAX_DEFER_NANOS) commit();
            return out;
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    /**
     * Runs work in the open transaction and leaves it to be committed with whatever is committed next (the
     * next outcome past the deferral's limits, the next {@link #call}, or close). An error rolls it back.
     */
    <T> T hold(Work<T> work) {
        try {
            T out = work.run();
            held = true;
            return out;
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    /** Called after every rollback (to forget what this process remembered of the rolled-back work). */
    void onRollback(Runnable r) {
        this.onRollback = r;
    }

    /**
     * A read. With outcomes deferred or a lease held it runs inside their open transaction and leaves them to the
     * deferral's rules (committing them here would undo group commit for a crawl that looks something up per
     * capture, as the parent's URL is); otherwise it is committed at once, so no read transaction stays open.
     */
    <T> T read(Work<T> work) {
        if (deferred == 0 && !held) return call(work);
        try {
            return work.run();
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    private void commit() throws SQLException {
        db.commit();
        deferred = 0;
        held = false;
        lastCommit = nanos.getAsLong();
    }

    void run(VoidWork work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    private RuntimeException rollback(SQLException e) {
        deferred = 0;
        held = false;
        onRollback.run();
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
