package io.lastlight.frontier;

import io.lastlight.platform.CrawlRequest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Adding items (deduplicated by key) and looking them up by key or id. Runs inside the caller's transaction. */
final class ItemStore {
    private final PreparedStatement insert;
    private final PreparedStatement byKey;
    private final PreparedStatement urlById;

    ItemStore(Connection db) throws SQLException {
        insert = db.prepareStatement("INSERT OR IGNORE INTO items(key, url, kind, tier, value, parent, hop, owner)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        byKey = db.prepareStatement("SELECT 1 FROM items WHERE key = ?");
        urlById = db.prepareStatement("SELECT url FROM items WHERE id = ?");
    }

    /** Inserts the requests whose key is new, found from {@code parent} at {@code hop}; returns how many. */
    int insertAll(List<CrawlRequest> requests, Long parent, int hop) throws SQLException {
        int n = 0;
        for (CrawlRequest r : requests) {
            insert.setString(1, r.key());
            insert.setString(2, r.uri().toString());
            insert.setString(3, r.kind());
            insert.setInt(4, r.tier());
            insert.setDouble(5, r.value());
            if (parent == null) insert.setNull(6, Types.INTEGER); else insert.setLong(6, parent);
            insert.setInt(7, hop);
            insert.setString(8, r.owner());
            n += insert.executeUpdate();
        }
        return n;
    }

    /** How many distinct keys among these are held, in any state. */
    int countKnown(Collection<String> keys) throws SQLException {
        int n = 0;
        for (String k : new LinkedHashSet<>(keys)) {
            byKey.setString(1, k);
            try (ResultSet rs = byKey.executeQuery()) {
                if (rs.next()) n++;
            }
        }
        return n;
    }

    Optional<String> url(long id) throws SQLException {
        urlById.setLong(1, id);
        try (ResultSet rs = urlById.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }
}
