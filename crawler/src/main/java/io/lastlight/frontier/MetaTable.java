package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The crawl's key-value settings kept beside the frontier (e.g. what a resume must match). */
final class MetaTable {
    private final PreparedStatement put;
    private final PreparedStatement get;

    MetaTable(Connection db) throws SQLException {
        put = db.prepareStatement("INSERT INTO meta(k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v");
        get = db.prepareStatement("SELECT v FROM meta WHERE k = ?");
    }

    void put(String key, String value) throws SQLException {
        put.setString(1, key);
        put.setString(2, value);
        put.executeUpdate();
    }

    Optional<String> get(String key) throws SQLException {
        get.setString(1, key);
        try (ResultSet rs = get.executeQuery()) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }
}
