package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Opening a {@link PostgresFrontier} worker's session: a connection that holds the worker's name as a session
 * advisory lock ({@link PgSchema#lockWorker}), so two live processes cannot use the same name.
 */
final class PgSession {
    private PgSession() {}

    /**
     * The worker's session. A predecessor killed a moment ago may still hold the name while the server reaps its
     * session: the name is tried for a few seconds before it counts as taken.
     */
    static PgTx open(PostgresTarget target, String worker, Consumer<String> log) throws SQLException {
        long giveUp = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                return new PgTx(() -> connect(target, worker), Duration.ofMinutes(10), log);
            } catch (SQLException e) {
                if (!PgSchema.WORKER_BUSY.equals(e.getSQLState()) || System.nanoTime() - giveUp > 0) throw e;
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static Connection connect(PostgresTarget target, String worker) throws SQLException {
        Connection c = target.connect(PgSchema.APP_NAME + worker);
        if (!PgSchema.lockWorker(c, worker)) {
            c.close();
            throw new SQLException("worker " + worker + " is held by another session", PgSchema.WORKER_BUSY);
        }
        return c;
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
