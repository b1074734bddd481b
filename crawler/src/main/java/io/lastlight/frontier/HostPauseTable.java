package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code host_pauses}: each host's server-requested pause (Retry-After, a spent quota, a 429 backoff), so a crawl
 * stopped during one and resumed honours it. The later pause holds.
 */
final class HostPauseTable {
    private final PreparedStatement put;
    private final PreparedStatement all;

    HostPauseTable(Connection db) throws SQLException {
        put = db.prepareStatement("INSERT INTO host_pauses(host, not_before, reason) VALUES (?, ?, ?)"
                + " ON CONFLICT(host) DO UPDATE SET not_before = excluded.not_before, reason = excluded.reason"
                + " WHERE excluded.not_before > host_pauses.not_before");
        all = db.prepareStatement("SELECT host, not_before, reason FROM host_pauses ORDER BY host");
    }

    void put(String host, long notBeforeMillis, String reason) throws SQLException {
        put.setString(1, host);
        put.setLong(2, notBeforeMillis);
        put.setString(3, reason);
        put.executeUpdate();
    }

    Map<String, HostPause> all() throws SQLException {
        Map<String, HostPause> out = new LinkedHashMap<>();
        try (ResultSet rs = all.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), new HostPause(rs.getLong(2), rs.getString(3)));
        }
        return out;
    }
}
