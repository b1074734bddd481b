package io.lastlight.frontier;

import io.lastlight.core.UserException;
import io.lastlight.platform.CrawlRequest;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Frontier} in an embedded SQLite file ({@code DIR/frontier.db}, WAL journal). Items live on disk,
 * so the heap does not grow with the frontier. All methods are synchronised on one connection.
 */
public final class SqliteFrontier implements Frontier {
    private static final int QUEUED = 0;
    private static final int LEASED = 1;
    private static final int DONE = 2;
    private static final int FAILED = 3;

    private final Connection db;
    private final Order order;
    private final PreparedStatement insert;
    private final PreparedStatement markLeased;
    private final PreparedStatement finish;
    private final PreparedStatement warcEnd;

    private long lessonSeq;  // the newest lesson's sequence number (lessons are replayed in this order)

    public SqliteFrontier(Path file, Order order) {
        this.order = order;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("CREATE TABLE IF NOT EXISTS items(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
                        + " url TEXT NOT NULL, kind TEXT NOT NULL, tier INTEGER NOT NULL, value REAL NOT NULL,"
                        + " state INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,"
                        + " not_before INTEGER NOT NULL DEFAULT 0, last_status INTEGER, reason TEXT,"
                        + " parent INTEGER, hop INTEGER NOT NULL DEFAULT 0, warc_file TEXT, warc_offset INTEGER)");
                addColumnIfMissing(s, "payload_digest TEXT");
                addColumnIfMissing(s, "captured_at INTEGER");
                addColumnIfMissing(s, "record_id TEXT");
                addColumnIfMissing(s, "lesson TEXT");
                addColumnIfMissing(s, "lesson_seq INTEGER");
                s.execute("CREATE INDEX IF NOT EXISTS items_lessons ON items(lesson_seq) WHERE lesson_seq IS NOT NULL");
                s.execute("CREATE INDEX IF NOT EXISTS items_tiered ON items(state, tier, value DESC, id)");
                s.execute("CREATE INDEX IF NOT EXISTS items_fifo ON items(state, id)");
                s.execute("CREATE TABLE IF NOT EXISTS warc_files(name TEXT PRIMARY KEY, committed_end INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT)");
            }
            db.setAutoCommit(false);
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(lesson_seq) FROM items")) {
                lessonSeq = rs.next() ? rs.getLong(1) : 0;
            }
            insert = db.prepareStatement("INSERT OR IGNORE INTO items(key, url, kind, tier, value, parent, hop)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)");
            markLeased = db.prepareStatement("UPDATE items SET state = " + LEASED + " WHERE id = ?");
            finish = db.prepareStatement("UPDATE items SET state = ?, attempts = attempts + 1, last_status = ?,"
                    + " reason = ?, not_before = ?, warc_file = COALESCE(?, warc_file), warc_offset = COALESCE(?, warc_offset)"
                    + " WHERE id = ?");
            warcEnd = db.prepareStatement("INSERT INTO warc_files(name, committed_end) VALUES (?, ?)"
                    + " ON CONFLICT(name) DO UPDATE SET committed_end = excluded.committed_end");
            db.commit();
        } catch (SQLException | IOException e) {
            throw new UserException("cannot open the frontier database " + file + ": " + e.getMessage()
                    + " (is the output directory writable, and not used by another crawl?)", e);
        }
    }

    private static void addColumnIfMissing(Statement s, String column) throws SQLException {
        String name = column.substring(0, column.indexOf(' '));
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM pragma_table_info('items') WHERE name = '" + name + "'")) {
            if (rs.next()) return;
        }
        s.execute("ALTER TABLE items ADD COLUMN " + column);
    }

    @Override
    public synchronized int add(List<CrawlRequest> requests, Long parent, int hop) {
        try {
            int n = insertAll(requests, parent, hop);
            db.commit();
            return n;
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    private int insertAll(List<CrawlRequest> requests, Long parent, int hop) throws SQLException {
        int n = 0;
        for (CrawlRequest r : requests) {
            insert.setString(1, r.key());
            insert.setString(2, r.uri().toString());
            insert.setString(3, r.kind());
            insert.setInt(4, r.tier());
            insert.setDouble(5, r.value());
            if (parent == null) insert.setNull(6, java.sql.Types.INTEGER); else insert.setLong(6, parent);
            insert.setInt(7, hop);
            n += insert.executeUpdate();
        }
        return n;
    }

    @Override
    public synchronized List<FrontierItem> lease(int max, long nowMillis) {
        String orderBy = order == Order.FIFO ? "id" : "tier, value DESC, id";
        List<FrontierItem> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT id, key, url, kind, tier, value, attempts, parent, hop,"
                + " payload_digest, coalesce(captured_at, 0), record_id"
                + " FROM items WHERE state = " + QUEUED + " AND not_before <= ? ORDER BY " + orderBy + " LIMIT ?")) {
            q.setLong(1, nowMillis);
            q.setInt(2, max);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    long parent = rs.getLong(8);
                    Long p = rs.wasNull() ? null : parent;
                    out.add(new FrontierItem(rs.getLong(1), rs.getString(2), URI.create(rs.getString(3)), rs.getString(4),
                            rs.getInt(5), rs.getDouble(6), rs.getInt(7), p, rs.getInt(9),
                            rs.getString(10), rs.getLong(11), rs.getString(12)));
                }
            }
            for (FrontierItem i : out) {
                markLeased.setLong(1, i.id());
                markLeased.executeUpdate();
            }
            db.commit();
            return out;
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    @Override
    public synchronized int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEndOffset,
                                     List<CrawlRequest> discovered) {
        return complete(item, status, warcFile, warcOffset, warcEndOffset, discovered, null, 0, null);
    }

    @Override
    public synchronized int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEndOffset,
                                     List<CrawlRequest> discovered, String payloadDigest, long capturedAtMillis,
                                     String recordId) {
        return complete(item, status, warcFile, warcOffset, warcEndOffset, discovered, payloadDigest, capturedAtMillis,
                recordId, null);
    }

    @Override
    public synchronized int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEndOffset,
                                     List<CrawlRequest> discovered, String payloadDigest, long capturedAtMillis,
                                     String recordId, String lesson) {
        try {
            if (lesson != null) {
                try (PreparedStatement p = db.prepareStatement("UPDATE items SET lesson = ?, lesson_seq = ? WHERE id = ?")) {
                    p.setString(1, lesson);
                    p.setLong(2, lessonSeq + 1);
                    p.setLong(3, item.id());
                    p.executeUpdate();
                }
            }
            int n = insertAll(discovered, item.id(), item.hop() + 1);
            update(item, DONE, status, null, 0, warcFile, warcOffset);
            if (payloadDigest != null) {
                try (PreparedStatement p = db.prepareStatement(
                        "UPDATE items SET payload_digest = ?, captured_at = ?, record_id = ? WHERE id = ?")) {
                    p.setString(1, payloadDigest);
                    p.setLong(2, capturedAtMillis);
                    p.setString(3, recordId);
                    p.setLong(4, item.id());
                    p.executeUpdate();
                }
            }
            recordWarcEnd(warcFile, warcEndOffset);
            db.commit();
            if (lesson != null) lessonSeq++;
            return n;
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    @Override
    public synchronized void retry(FrontierItem item, int status, String reason, long notBeforeMillis, String warcFile,
                                   long warcEndOffset) {
        retry(item, status, reason, notBeforeMillis, warcFile, warcEndOffset, true);
    }

    @Override
    public synchronized void retry(FrontierItem item, int status, String reason, long notBeforeMillis, String warcFile,
                                   long warcEndOffset, boolean countAttempt) {
        try {
            update(item, QUEUED, status, reason, notBeforeMillis, null, null);
            if (!countAttempt) {
                try (PreparedStatement p = db.prepareStatement("UPDATE items SET attempts = attempts - 1 WHERE id = ?")) {
                    p.setLong(1, item.id());
                    p.executeUpdate();
                }
            }
            recordWarcEnd(warcFile, warcEndOffset);
            db.commit();
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    @Override
    public synchronized int retier(java.util.Collection<String> kinds, int fromTier, int toTier, double value) {
        if (kinds.isEmpty()) return 0;
        String in = String.join(",", java.util.Collections.nCopies(kinds.size(), "?"));
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET tier = ?, value = ? WHERE state = " + QUEUED
                + " AND tier = ? AND kind IN (" + in + ")")) {
            p.setInt(1, toTier);
            p.setDouble(2, value);
            p.setInt(3, fromTier);
            int i = 4;
            for (String k : kinds) p.setString(i++, k);
            int n = p.executeUpdate();
            db.commit();
            return n;
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    @Override
    public synchronized void requeue(FrontierItem item, int tier, double value) {
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET state = " + QUEUED + ", tier = ?, value = ?"
                + " WHERE id = ? AND state = " + LEASED)) {
            p.setInt(1, tier);
            p.setDouble(2, value);
            p.setLong(3, item.id());
            p.executeUpdate();
            db.commit();
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    @Override
    public synchronized void fail(FrontierItem item, int status, String reason, String warcFile, long warcEndOffset) {
        try {
            update(item, FAILED, status, reason, 0, null, null);
            recordWarcEnd(warcFile, warcEndOffset);
            db.commit();
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    private void update(FrontierItem item, int state, int status, String reason, long notBefore, String warcFile,
                        Long warcOffset) throws SQLException {
        finish.setInt(1, state);
        finish.setInt(2, status);
        finish.setString(3, reason);
        finish.setLong(4, notBefore);
        finish.setString(5, warcFile);
        if (warcOffset == null) finish.setNull(6, java.sql.Types.INTEGER); else finish.setLong(6, warcOffset);
        finish.setLong(7, item.id());
        finish.executeUpdate();
    }

    private void recordWarcEnd(String warcFile, long end) throws SQLException {
        if (warcFile == null) return;
        warcEnd.setString(1, warcFile);
        warcEnd.setLong(2, end);
        warcEnd.executeUpdate();
    }

    @Override
    public synchronized int releaseLeased() {
        return updateCount("UPDATE items SET state = " + QUEUED + " WHERE state = " + LEASED);
    }

    @Override
    public synchronized int requeueForRevisit(java.util.Collection<String> kinds) {
        if (kinds.isEmpty()) return 0;
        StringBuilder in = new StringBuilder();
        for (String k : kinds) {
            if (!k.matches("[A-Za-z0-9_-]+")) throw new IllegalArgumentException("bad kind " + k);
            in.append(in.length() == 0 ? "" : ",").append('\'').append(k).append('\'');
        }
        // A revisit is a new pass whose scheduler starts from nothing: the last pass's lessons go (one transaction).
        try (Statement s = db.createStatement()) {
            s.executeUpdate("UPDATE items SET lesson = NULL, lesson_seq = NULL WHERE lesson_seq IS NOT NULL");
            lessonSeq = 0;
            int n = s.executeUpdate("UPDATE items SET state = " + QUEUED + ", attempts = 0, not_before = 0, reason = NULL"
                    + " WHERE state IN (" + DONE + ", " + FAILED + ") AND kind IN (" + in + ")");
            db.commit();
            return n;
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    @Override
    public synchronized void lessons(java.util.function.Consumer<String> each) {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT lesson FROM items WHERE lesson_seq IS NOT NULL ORDER BY lesson_seq")) {
            while (rs.next()) each.accept(rs.getString(1));
            db.commit();
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    @Override
    public synchronized Optional<String> url(long id) {
        try (PreparedStatement p = db.prepareStatement("SELECT url FROM items WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
                Optional<String> out = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                db.commit();
                return out;
            }
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    @Override
    public synchronized int requeueFailed() {
        return updateCount("UPDATE items SET state = " + QUEUED + ", not_before = 0 WHERE state = " + FAILED);
    }

    private int updateCount(String sql) {
        try (Statement s = db.createStatement()) {
            int n = s.executeUpdate(sql);
            db.commit();
            return n;
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    @Override
    public synchronized void warcOpened(String warcFile, long end) {
        try {
            recordWarcEnd(warcFile, end);
            db.commit();
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    @Override
    public synchronized Map<String, Long> committedWarcEnds() {
        Map<String, Long> out = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT name, committed_end FROM warc_files")) {
            while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            db.commit();
            return out;
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    @Override
    public synchronized Optional<Long> nextDue() {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT min(not_before) FROM items WHERE state = " + QUEUED)) {
            Optional<Long> out = Optional.empty();
            if (rs.next()) {
                long v = rs.getLong(1);
                if (!rs.wasNull()) out = Optional.of(v);
            }
            db.commit();
            return out;
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    @Override
    public synchronized FrontierStats stats() {
        FrontierStats total = new FrontierStats(0, 0, 0, 0);
        for (FrontierStats s : statsByKind().values()) {
            total = new FrontierStats(total.queued() + s.queued(), total.leased() + s.leased(), total.done() + s.done(),
                    total.failed() + s.failed());
        }
        return total;
    }

    @Override
    public synchronized Map<String, FrontierStats> statsByKind() {
        Map<String, long[]> acc = new LinkedHashMap<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT kind, state, count(*) FROM items GROUP BY kind, state ORDER BY kind")) {
            while (rs.next()) {
                long[] a = acc.computeIfAbsent(rs.getString(1), k -> new long[4]);
                a[rs.getInt(2)] = rs.getLong(3);
            }
            db.commit();
        } catch (SQLException e) {
            throw rollback(e);
        }
        Map<String, FrontierStats> out = new LinkedHashMap<>();
        acc.forEach((k, a) -> out.put(k, new FrontierStats(a[QUEUED], a[LEASED], a[DONE], a[FAILED])));
        return out;
    }

    @Override
    public synchronized int countKnown(java.util.Collection<String> keys) {
        if (keys.isEmpty()) return 0;
        int n = 0;
        try (PreparedStatement p = db.prepareStatement("SELECT 1 FROM items WHERE key = ?")) {
            for (String k : new java.util.LinkedHashSet<>(keys)) {
                p.setString(1, k);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) n++;
                }
            }
            db.commit();
            return n;
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    @Override
    public synchronized Map<Integer, Map<String, FrontierStats>> statsByTierAndKind() {
        Map<Integer, Map<String, long[]>> acc = new java.util.TreeMap<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT tier, kind, state, count(*) FROM items GROUP BY tier, kind, state")) {
            while (rs.next()) {
                acc.computeIfAbsent(rs.getInt(1), t -> new java.util.TreeMap<>())
                        .computeIfAbsent(rs.getString(2), k -> new long[4])[rs.getInt(3)] = rs.getLong(4);
            }
            db.commit();
        } catch (SQLException e) {
            throw rollback(e);
        }
        Map<Integer, Map<String, FrontierStats>> out = new java.util.TreeMap<>();
        acc.forEach((t, kinds) -> {
            Map<String, FrontierStats> m = new java.util.TreeMap<>();
            kinds.forEach((k, a) -> m.put(k, new FrontierStats(a[QUEUED], a[LEASED], a[DONE], a[FAILED])));
            out.put(t, m);
        });
        return out;
    }

    @Override
    public synchronized void putMeta(String key, String value) {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO meta(k, v) VALUES (?, ?)"
                + " ON CONFLICT(k) DO UPDATE SET v = excluded.v")) {
            p.setString(1, key);
            p.setString(2, value);
            p.executeUpdate();
            db.commit();
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    @Override
    public synchronized Optional<String> getMeta(String key) {
        try (PreparedStatement p = db.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                Optional<String> out = rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                db.commit();
                return out;
            }
        } catch (SQLException e) {
            throw rollback(e);
        }
    }

    private RuntimeException rollback(SQLException e) {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original error is the one worth reporting
        }
        return new IllegalStateException("frontier database error: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            db.commit();
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing the frontier: " + e.getMessage(), e);
        }
    }
}
