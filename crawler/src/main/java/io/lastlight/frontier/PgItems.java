package io.lastlight.frontier;

import io.lastlight.platform.CrawlRequest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.lastlight.frontier.ItemState.DONE;
import static io.lastlight.frontier.ItemState.FAILED;
import static io.lastlight.frontier.ItemState.QUEUED;

/**
 * The shared frontier's items apart from leasing: adding (deduplicated by key, in key order so concurrent
 * workers adding overlapping keys never deadlock), lookups, moving many items, the lessons, counts, the
 * per-worker WARC ledger and the crawl's key-value settings. Runs inside the caller's transaction.
 */
final class PgItems {
    private final String worker;

    PgItems(String worker) {
        this.worker = worker;
    }

    int insertAll(Connection db, List<CrawlRequest> requests, Long parent, int hop) throws SQLException {
        if (requests.isEmpty()) return 0;
        List<CrawlRequest> sorted = new ArrayList<>(requests);
        sorted.sort(Comparator.comparing(CrawlRequest::key));
        int n = 0;
        try (PreparedStatement p = db.prepareStatement("INSERT INTO items(key, url, kind, tier, value, parent, hop, owner)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING")) {
            for (CrawlRequest r : sorted) {
                p.setString(1, r.key());
                p.setString(2, r.uri().toString());
                p.setString(3, r.kind());
                p.setInt(4, r.tier());
                p.setDouble(5, r.value());
                if (parent == null) p.setNull(6, Types.BIGINT); else p.setLong(6, parent);
                p.setInt(7, hop);
                p.setString(8, r.owner());
                p.addBatch();
            }
            for (int c : p.executeBatch()) n += Math.max(0, c);
        }
        return n;
    }

    int countKnown(Connection db, Collection<String> keys) throws SQLException {
        Array arr = db.createArrayOf("text", new LinkedHashSet<>(keys).toArray());
        try (PreparedStatement p = db.prepareStatement("SELECT count(*) FROM items WHERE key = ANY(?)")) {
            p.setArray(1, arr);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    Optional<String> url(Connection db, long id) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT url FROM items WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    int requeueFailed(Connection db) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET state = " + QUEUED + ", not_before = 0 WHERE state = "
                + FAILED)) {
            return p.executeUpdate();
        }
    }

    /** Queues done and failed items of these kinds again, as new, and forgets every lesson (a new pass). */
    int forRevisit(Connection db, Collection<String> kinds) throws SQLException {
        try (PreparedStatement clear = db.prepareStatement("UPDATE items SET lesson = NULL, lesson_seq = NULL"
                + " WHERE lesson_seq IS NOT NULL")) {
            clear.executeUpdate();
        }
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET state = " + QUEUED
                + ", attempts = 0, not_before = 0, reason = NULL WHERE state IN (" + DONE + ", " + FAILED + ")"
                + " AND kind = ANY(?)")) {
            p.setArray(1, db.createArrayOf("text", kinds.toArray()));
            return p.executeUpdate();
        }
    }

    int retier(Connection db, Collection<String> kinds, int fromTier, int toTier, double value) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET tier = ?, value = ? WHERE state = " + QUEUED
                + " AND tier = ? AND kind = ANY(?)")) {
            p.setInt(1, toTier);
            p.setDouble(2, value);
            p.setInt(3, fromTier);
            p.setArray(4, db.createArrayOf("text", kinds.toArray()));
            return p.executeUpdate();
        }
    }

    /** Deltas beyond which a read folds them into one row per group first. */
    static final int FOLD_AT = 1_000;

    /**
     * Folds the count deltas into one row per group when there are many: rows other workers append meanwhile are
     * not seen by the delete and stay, so the sums do not change.
     */
    private static void foldCounts(Connection db) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT count(*) > " + FOLD_AT + " FROM item_count_deltas");
             ResultSet rs = p.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) return;
        }
        try (PreparedStatement p = db.prepareStatement("WITH gone AS (DELETE FROM item_count_deltas RETURNING tier, kind, state, n)"
                + " INSERT INTO item_count_deltas SELECT tier, kind, state, sum(n) FROM gone GROUP BY tier, kind, state"
                + " HAVING sum(n) <> 0")) {
            p.executeUpdate();
        }
    }

    Map<String, FrontierStats> byKind(Connection db) throws SQLException {
        foldCounts(db);
        Map<String, long[]> acc = new LinkedHashMap<>();
        try (PreparedStatement p = db.prepareStatement("SELECT kind, state, sum(n) FROM item_count_deltas GROUP BY kind, state"
                + " HAVING sum(n) <> 0 ORDER BY kind");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) acc.computeIfAbsent(rs.getString(1), k -> new long[ItemState.COUNT])[rs.getInt(2)] = rs.getLong(3);
        }
        Map<String, FrontierStats> out = new LinkedHashMap<>();
        acc.forEach((k, a) -> out.put(k, ItemState.stats(a)));
        return out;
    }

    Map<Integer, Map<String, FrontierStats>> byTierAndKind(Connection db) throws SQLException {
        foldCounts(db);
        Map<Integer, Map<String, long[]>> acc = new TreeMap<>();
        try (PreparedStatement p = db.prepareStatement("SELECT tier, kind, state, sum(n) FROM item_count_deltas"
                + " GROUP BY tier, kind, state HAVING sum(n) <> 0");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                acc.computeIfAbsent(rs.getInt(1), t -> new TreeMap<>())
                        .computeIfAbsent(rs.getString(2), k -> new long[ItemState.COUNT])[rs.getInt(3)] = rs.getLong(4);
            }
        }
        Map<Integer, Map<String, FrontierStats>> out = new TreeMap<>();
        acc.forEach((t, kinds) -> {
            Map<String, FrontierStats> m = new TreeMap<>();
            kinds.forEach((k, a) -> m.put(k, ItemState.stats(a)));
            out.put(t, m);
        });
        return out;
    }

    /** Records that this worker's {@code warcFile} is committed up to {@code end}; nothing when the file is null. */
    void recordWarc(Connection db, String warcFile, long end) throws SQLException {
        if (warcFile == null) return;
        try (PreparedStatement p = db.prepareStatement("INSERT INTO warc_files(worker, name, committed_end) VALUES (?, ?, ?)"
                + " ON CONFLICT (worker, name) DO UPDATE SET committed_end = excluded.committed_end")) {
            p.setString(1, worker);
            p.setString(2, warcFile);
            p.setLong(3, end);
            p.executeUpdate();
        }
    }

    /** This worker's WARC files (the others' are in their own folders). */
    Map<String, Long> committedWarcEnds(Connection db) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement p = db.prepareStatement("SELECT name, committed_end FROM warc_files WHERE worker = ?")) {
            p.setString(1, worker);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    void putMeta(Connection db, String key, String value) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO meta(k, v) VALUES (?, ?)"
                + " ON CONFLICT (k) DO UPDATE SET v = excluded.v")) {
            p.setString(1, key);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    Optional<String> getMeta(Connection db, String key) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
