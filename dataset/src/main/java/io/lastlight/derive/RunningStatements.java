package io.lastlight.derive;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DuckDB statements running on the derive threads, so that when one table fails the others can be
 * cancelled ({@link Statement#cancel()} interrupts DuckDB's query) instead of running on to completion.
 */
final class RunningStatements {
    private final Set<Statement> active = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            active.add(s);
            try {
                if (cancelled) throw new SQLException("cancelled: another derived table failed");
                s.execute(sql);
            } finally {
                active.remove(s);
            }
        }
    }

    void cancelAll() {
        cancelled = true;
        for (Statement s : active) {
            try {
                s.cancel();
            } catch (SQLException ignored) {
                // already finished or closed
            }
        }
    }
}
