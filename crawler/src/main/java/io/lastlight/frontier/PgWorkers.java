package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code workers} table: who takes part in the crawl, where, since when, last heartbeat, outcomes
 * recorded and their recent rate. A worker is alive while its session holds the worker's advisory lock
 * (the database drops it the moment the process dies), whatever its last heartbeat says.
 */
final class PgWorkers {
    private PgWorkers() {}

    /** @param leaseTtlS the worker's --lease-ttl (how long after the database restarts its leases are left to it) */
    static void register(Connection db, String name, String host, long pid, double leaseTtlS) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO workers(name, host, pid, started, last_seen, stopped, lease_ttl_s)"
                + " VALUES (?, ?, ?, now(), now(), false, ?) ON CONFLICT (name) DO UPDATE SET host = excluded.host,"
                + " pid = excluded.pid, started = now(), last_seen = now(), stopped = false, rate = 0,"
                + " lease_ttl_s = excluded.lease_ttl_s")) {
            p.setString(1, name);
            p.setString(2, host);
            p.setLong(3, pid);
            p.setDouble(4, leaseTtlS);
            p.executeUpdate();
        }
    }

    static void heartbeat(Connection db, String name, long outcomes, double rate, boolean stopped) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE workers SET last_seen = now(), outcomes = ?, rate = ?,"
                + " stopped = ? WHERE name = ?")) {
            p.setLong(1, outcomes);
            p.setDouble(2, rate);
            p.setBoolean(3, stopped);
            p.setString(4, name);
            p.executeUpdate();
        }
    }

    static List<WorkerStatus> list(Connection db) throws SQLException {
        List<WorkerStatus> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT w.name, w.host, w.pid, w.started, w.last_seen,"
                + " EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND ((l.classid::bigint << 32) | l.objid::bigint) = " + PgSchema.workerLockKey("w.name") + "),"
                + " w.stopped, (SELECT count(*) FROM items i WHERE i.state = " + ItemState.LEASED
                + " AND i.lease_owner = w.name), w.outcomes, w.rate FROM workers w ORDER BY w.name");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new WorkerStatus(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5).toInstant(), rs.getBoolean(6), rs.getBoolean(7), rs.getLong(8), rs.getLong(9),
                        rs.getDouble(10)));
            }
        }
        return out;
    }
}
