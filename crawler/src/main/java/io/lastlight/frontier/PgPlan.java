package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the deadline plan needs from the whole crawl rather than one worker: {@code expected_pages} (list pages
 * the captured profiles imply, by kind and the tier their first page went to, added by every worker in the
 * transaction of the capture) and the crawl's throughput (the sum of its live workers' rates).
 */
final class PgPlan {
    private PgPlan() {}

    static void add(Connection db, Map<String, Map<Integer, Long>> delta) throws SQLException {
        if (delta.isEmpty()) return;
        try (PreparedStatement p = db.prepareStatement("INSERT INTO expected_pages(kind, tier, pages) VALUES (?, ?, ?)"
                + " ON CONFLICT (kind, tier) DO UPDATE SET pages = expected_pages.pages + excluded.pages")) {
            for (Map.Entry<String, Map<Integer, Long>> k : delta.entrySet()) {
                for (Map.Entry<Integer, Long> t : k.getValue().entrySet()) {
                    p.setString(1, k.getKey());
                    p.setInt(2, t.getKey());
                    p.setLong(3, t.getValue());
                    p.addBatch();
                }
            }
            p.executeBatch();
        }
    }

    static Map<String, Map<Integer, Long>> read(Connection db) throws SQLException {
        Map<String, Map<Integer, Long>> out = new TreeMap<>();
        try (PreparedStatement p = db.prepareStatement("SELECT kind, tier, pages FROM expected_pages");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getInt(2), rs.getLong(3));
        }
        return out;
    }

    /** Outcomes per second of the live workers together (each measured over its last heartbeat interval). */
    static double throughput(Connection db) throws SQLException {
        double sum = 0;
        for (WorkerStatus w : PgWorkers.list(db)) if (w.alive() && !w.stopped()) sum += w.rate();
        return sum;
    }
}
