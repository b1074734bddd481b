package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Whether another worker of a {@link PostgresFrontier} crawl has stopped it: polled with each lease and heartbeat
 * for a stop raised since this worker started ({@link PgSignals}), and remembered once seen.
 */
final class PgStopWatch {
    private final String worker;
    private final java.sql.Timestamp started;
    private final Consumer<String> log;
    private volatile StopSignal stop;

    PgStopWatch(String worker, java.sql.Timestamp started, Consumer<String> log) {
        this.worker = worker;
        this.started = started;
        this.log = log;
    }

    void poll(Connection db) throws SQLException {
        if (stop != null) return;
        StopSignal s = PgSignals.firstSince(db, worker, started).orElse(null);
        if (s == null) return;
        stop = s;
        log.accept("worker " + s.worker() + " stopped the crawl (" + s.outcome() + (s.detail() == null ? "" : ": " + s.detail())
                + "); stopping too");
    }

    Optional<StopSignal> raised() {
        return Optional.ofNullable(stop);
    }
}
