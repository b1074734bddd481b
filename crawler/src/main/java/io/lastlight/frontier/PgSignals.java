package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

/**
 * The {@code signals} table: crawl-wide stops a worker raises for all ({@link StopSignal}), stamped with the
 * database's clock. A worker heeds the signals raised since it (last) started: one started afterwards was
 * started on purpose (fresh cookies, the platform back) and carries on.
 */
final class PgSignals {
    private PgSignals() {}

    static void raise(Connection db, String worker, String outcome, String detail) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO signals(outcome, worker, detail, raised)"
                + " VALUES (?, ?, ?, clock_timestamp())")) {
            p.setString(1, outcome);
            p.setString(2, worker);
            p.setString(3, detail);
            p.executeUpdate();
        }
    }

    /** The first signal another worker raised after {@code since}. */
    static Optional<StopSignal> firstSince(Connection db, String worker, Timestamp since) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT outcome, worker, detail FROM signals"
                + " WHERE raised > ? AND worker <> ? ORDER BY id LIMIT 1")) {
            p.setTimestamp(1, since);
            p.setString(2, worker);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new StopSignal(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        }
    }

    /** When {@code worker} (last) started, on the database's clock. */
    static Timestamp started(Connection db, String worker) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT started FROM workers WHERE name = ?")) {
            p.setString(1, worker);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) throw new SQLException("worker " + worker + " is not registered");
                return rs.getTimestamp(1);
            }
        }
    }
}
