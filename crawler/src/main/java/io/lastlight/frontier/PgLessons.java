package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's lessons as one worker follows the crawl's: all of them, in commit order, when it starts;
 * then, while it runs, those the other workers committed since it last looked, so every worker's scheduler
 * learns from every capture. A cursor per worker: one worker commits its lessons one transaction after another,
 * so their numbers reach the database in order, which the numbers of several workers together do not.
 */
final class PgLessons {
    private final String worker;
    private final Map<String, Long> cursors = new HashMap<>();
    private Map<String, Long> pending = Map.of();

    PgLessons(String worker) {
        this.worker = worker;
    }

    /** Every lesson of the crawl in commit order; the cursors start after them. */
    List<String> all(Connection db) throws SQLException {
        return read(db, "SELECT lesson_seq, worker, lesson FROM items WHERE lesson_seq IS NOT NULL ORDER BY lesson_seq", false);
    }

    /** The other workers' lessons committed since the last call (or since {@link #all}). */
    List<String> fromOthers(Connection db) throws SQLException {
        return read(db, "SELECT i.lesson_seq, i.worker, i.lesson FROM workers w"
                + " LEFT JOIN unnest(?::text[], ?::bigint[]) AS c(name, seq) ON c.name = w.name"
                + " JOIN items i ON i.worker = w.name AND i.lesson_seq > coalesce(c.seq, 0)"
                + " WHERE w.name <> ? ORDER BY i.lesson_seq", true);
    }

    private List<String> read(Connection db, String sql, boolean others) throws SQLException {
        List<String> out = new ArrayList<>();
        Map<String, Long> moved = new HashMap<>();
        try (PreparedStatement p = db.prepareStatement(sql)) {
            if (others) {
                List<String> names = new ArrayList<>(cursors.keySet());
                p.setArray(1, db.createArrayOf("text", names.toArray()));
                p.setArray(2, db.createArrayOf("bigint", names.stream().map(cursors::get).toArray()));
                p.setString(3, worker);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    moved.merge(rs.getString(2), rs.getLong(1), Math::max);
                    out.add(rs.getString(3));
                }
            }
        }
        // Cursors move only once the caller has the lessons (a transaction run again reads them again).
        pending = moved;
        return out;
    }

    /** The lessons last read were applied: later calls start after them. */
    void advance() {
        pending.forEach((w, seq) -> cursors.merge(w, seq, Math::max));
        pending = Map.of();
    }
}
