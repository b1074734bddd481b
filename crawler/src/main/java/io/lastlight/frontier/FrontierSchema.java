package io.lastlight.frontier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.sqlite.SQLiteConfig;

/**
 * Opens the frontier's SQLite file and brings its schema up to date: WAL journal, the {@code items},
 * {@code warc_files}, {@code meta} and {@code host_pauses} tables, and the columns added since the first release (added in
 * place, so a frontier written by an older lastlight resumes).
 */
final class FrontierSchema {
    private FrontierSchema() {}

    /**
     * SQLite's page cache for the frontier, KiB (its default is 2 MiB). A lease and an outcome each touch the item's
     * row and index pages all over a file that grows with the crawl; with 2 MiB most of them were read again from the
     * OS (pread) for every group commit. 32 MiB is native memory outside the Java heap.
     */
    static final int CACHE_KIB = 32 * 1024;
    /**
     * WAL pages before an automatic checkpoint copies them into the database file (SQLite's default 1,000, ~4 MiB).
     * A checkpoint writes every page changed since the last one and syncs the file; a crawl rewrites the same index
     * pages in commit after commit, so a longer WAL (~32 MiB) copies each of them once per checkpoint instead of
     * many times, with an eighth of the syncs. A killed process loses nothing committed (the OS holds the WAL); against
     * a power cut, the WAL is synced when a WARC file is opened and before it is renamed ({@link WarcLedger#sync}).
     */
    static final int CHECKPOINT_PAGES = 8_000;

    /** An open connection in manual-commit mode, schema current and committed. */
    static Connection open(Path file) throws SQLException, IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // No generated keys: the driver would otherwise prepare and run "SELECT last_insert_rowid()" after every
        // INSERT (6.5% of the results thread's CPU in a crawl), and nothing here reads them.
        SQLiteConfig config = new SQLiteConfig();
        config.setGetGeneratedKeys(false);
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        try {
            migrate(db);
            db.setAutoCommit(false);
            countsTable(db);
            db.commit();
            return db;
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    private static void migrate(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA cache_size=-" + CACHE_KIB);
            s.execute("PRAGMA wal_autocheckpoint=" + CHECKPOINT_PAGES);
            s.execute("CREATE TABLE IF NOT EXISTS items(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
                    + " url TEXT NOT NULL, kind TEXT NOT NULL, tier INTEGER NOT NULL, value REAL NOT NULL,"
                    + " state INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,"
                    + " not_before INTEGER NOT NULL DEFAULT 0, last_status INTEGER, reason TEXT,"
                    + " parent INTEGER, hop INTEGER NOT NULL DEFAULT 0, warc_file TEXT, warc_offset INTEGER)");
            // Columns added after the first release: revisit records, then the scheduler's lessons.
            addColumnIfMissing(db, s, "payload_digest", "TEXT");
            addColumnIfMissing(db, s, "captured_at", "INTEGER");
            addColumnIfMissing(db, s, "record_id", "TEXT");
            addColumnIfMissing(db, s, "lesson", "TEXT");
            addColumnIfMissing(db, s, "lesson_seq", "INTEGER");
            // The account a list page belongs to (CrawlRequest.owner); null in crawls begun before it was kept.
            addColumnIfMissing(db, s, "owner", "TEXT");
            s.execute("CREATE INDEX IF NOT EXISTS items_lessons ON items(lesson_seq) WHERE lesson_seq IS NOT NULL");
            // The lease query's orders over queued items only, and the leased items a resume hands back: partial
            // indexes, so an item's lease and its outcome each change one small index instead of rewriting entries
            // of two that also hold every done item (frontiers before this held items_tiered and items_fifo on
            // (state, ...): dropped here and rebuilt partial, once).
            s.execute("DROP INDEX IF EXISTS items_tiered");
            s.execute("DROP INDEX IF EXISTS items_fifo");
            s.execute("CREATE INDEX IF NOT EXISTS items_queued_tiered ON items(tier, value DESC, id) WHERE state = " + ItemState.QUEUED);
            s.execute("CREATE INDEX IF NOT EXISTS items_queued_fifo ON items(id) WHERE state = " + ItemState.QUEUED);
            s.execute("CREATE INDEX IF NOT EXISTS items_leased ON items(id) WHERE state = " + ItemState.LEASED);
            s.execute("CREATE TABLE IF NOT EXISTS warc_files(name TEXT PRIMARY KEY, committed_end INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT)");
            // Each host's server-requested pause (HostPauseTable); an older frontier gains the table on --resume.
            s.execute("CREATE TABLE IF NOT EXISTS host_pauses(host TEXT PRIMARY KEY, not_before INTEGER NOT NULL,"
                    + " reason TEXT NOT NULL)");
        }
    }

    /**
     * {@code item_counts}: items by tier, kind and state, kept by triggers in the transaction that changes an item,
     * so progress and coverage read a few dozen rows instead of scanning the frontier (a GROUP BY over
     * {@code items} took 70-200 ms at 100k items, twice per progress line, with the frontier locked). A frontier
     * written by an older lastlight gets the table filled from one such scan, in the same transaction as its
     * triggers. Runs inside the caller's transaction.
     */
    static void countsTable(Connection db) throws SQLException {
        boolean exists;
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'item_counts'")) {
            exists = rs.next();
        }
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS item_counts(tier INTEGER NOT NULL, kind TEXT NOT NULL,"
                    + " state INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (tier, kind, state)) WITHOUT ROWID");
            if (!exists) {
                s.execute("INSERT INTO item_counts SELECT tier, kind, state, count(*) FROM items GROUP BY tier, kind, state");
            }
            s.execute("CREATE TRIGGER IF NOT EXISTS item_counts_insert AFTER INSERT ON items BEGIN"
                    + " INSERT INTO item_counts VALUES (NEW.tier, NEW.kind, NEW.state, 1)"
                    + " ON CONFLICT (tier, kind, state) DO UPDATE SET n = n + 1; END");
            s.execute("CREATE TRIGGER IF NOT EXISTS item_counts_delete AFTER DELETE ON items BEGIN"
                    + " UPDATE item_counts SET n = n - 1 WHERE tier = OLD.tier AND kind = OLD.kind AND state = OLD.state; END");
            s.execute("CREATE TRIGGER IF NOT EXISTS item_counts_update AFTER UPDATE OF tier, kind, state ON items"
                    + " WHEN OLD.tier IS NOT NEW.tier OR OLD.kind IS NOT NEW.kind OR OLD.state IS NOT NEW.state BEGIN"
                    + " UPDATE item_counts SET n = n - 1 WHERE tier = OLD.tier AND kind = OLD.kind AND state = OLD.state;"
                    + " INSERT INTO item_counts VALUES (NEW.tier, NEW.kind, NEW.state, 1)"
                    + " ON CONFLICT (tier, kind, state) DO UPDATE SET n = n + 1; END");
        }
    }

    /** Adds a column to {@code items} unless it is there; name and type are this class's constants. */
    private static void addColumnIfMissing(Connection db, Statement s, String name, String type) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT 1 FROM pragma_table_info('items') WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) return;
            }
        }
        s.execute("ALTER TABLE items ADD COLUMN " + name + " " + type);
    }
}
