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

/**
 * Adding items (deduplicated by key) and looking them up by key or id. Runs inside the caller's transaction.
 * A key or URL this process already knows ({@link KnownItems}) is not asked of SQLite again.
 */
final class ItemStore {
    private final PreparedStatement insert;
    private final PreparedStatement byKey;
    private final PreparedStatement urlById;
    private final KnownItems known;

    ItemStore(Connection db, KnownItems known) throws SQLException {
        this.known = known;
        insert = db.prepareStatement("INSERT OR IGNORE INTO items(key, url, kind, tier, value, parent, hop, owner)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        byKey = db.prepareStatement("SELECT 1 FROM items WHERE key = ?");
        urlById = db.prepareStatement("SELECT url FROM items WHERE id = ?");
    }

    /** Inserts the requests whose key is new, found from {@code parent} at {@code hop}; returns how many. */
    int insertAll(List<CrawlRequest> requests, Long parent, int hop) throws SQLException {
        int n = 0;
        for (CrawlRequest r : requests) {
            if (known.hasKey(r.key())) continue; // INSERT OR IGNORE would ignore it
            insert.setString(1, r.key());
            insert.setString(2, r.uri().toString());
            insert.setString(3, r.kind());
            insert.setInt(4, r.tier());
            insert.setDouble(5, r.value());
            if (parent == null) insert.setNull(6, Types.INTEGER); else insert.setLong(6, parent);
            insert.setInt(7, hop);
            insert.setString(8, r.owner());
            // Held only once inserted: INSERT OR IGNORE also drops a row that breaks a constraint (a NULL value).
            if (insert.executeUpdate() == 1) {
                n++;
                known.keyKnown(r.key());
            }
        }
        return n;
    }

    /** How many distinct keys among these are held, in any state. */
    int countKnown(Collection<String> keys) throws SQLException {
        int n = 0;
        for (String k : new LinkedHashSet<>(keys)) {
            if (known.hasKey(k)) {
                n++;
                continue;
            }
            byKey.setString(1, k);
            try (ResultSet rs = byKey.executeQuery()) {
                if (rs.next()) {
                    n++;
                    known.keyKnown(k);
                }
            }
        }
        return n;
    }

    Optional<String> url(long id) throws SQLException {
        String url = known.url(id);
        if (url != null) return Optional.of(url);
        urlById.setLong(1, id);
        try (ResultSet rs = urlById.executeQuery()) {
            if (!rs.next()) return Optional.empty();
            known.urlKnown(id, rs.getString(1));
            return Optional.of(rs.getString(1));
        }
    }
}
