package io.lastlight.frontier;

import io.lastlight.core.UserException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The shared frontier's tables in PostgreSQL (one crawl per database, or per schema with
 * {@code ?currentSchema=NAME}): {@code items} as in SQLite plus each lease's owner, number and expiry;
 * {@code warc_files} per worker; {@code meta}; {@code workers}; {@code rate_budget} (the global token
 * bucket, its pause, its adaptive cut and robots.txt's Crawl-delay); {@code host_pauses} (each host's
 * server-requested pause, for every worker); {@code signals} (crawl-wide stops);
 * {@code expected_pages} (the deadline plan's estimate of pages not yet known, from every worker's captures);
 * {@code item_count_deltas} (items by tier, kind and state, kept by triggers). Created by the first worker
 * under a transaction-scoped advisory lock, so workers starting together do not race;
 * {@code meta.schema_version} says which layout the crawl has.
 */
final class PgSchema {
    static final int VERSION = 1;
    /**
     * Advisory lock class of lastlight ("LL"): (class, 0) guards creation; a live worker holds the 64-bit key
     * {@link #workerLockKey} (hashed with this as its seed).
     */
    static final int LOCK_CLASS = 0x4c4c;
    /** SQLSTATE we raise when a worker name is held by a live session. */
    static final String WORKER_BUSY = "LL001";

    private PgSchema() {}

    static void create(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + LOCK_CLASS + ", 0)");
            s.execute("CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT)");
            String found = null;
            try (ResultSet rs = s.executeQuery("SELECT v FROM meta WHERE k = 'schema_version'")) {
                if (rs.next()) found = rs.getString(1);
            }
            if (found != null && Integer.parseInt(found) > VERSION) {
                db.rollback();
                throw new UserException("the frontier database was made by a newer lastlight (schema " + found
                        + ", this one knows " + VERSION + "); upgrade this worker");
            }
            s.execute("CREATE TABLE IF NOT EXISTS items(id BIGSERIAL PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
                    + " url TEXT NOT NULL, kind TEXT NOT NULL, tier INTEGER NOT NULL, value DOUBLE PRECISION NOT NULL,"
                    + " state SMALLINT NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,"
                    + " not_before BIGINT NOT NULL DEFAULT 0, last_status INTEGER, reason TEXT,"
                    + " parent BIGINT, hop INTEGER NOT NULL DEFAULT 0, warc_file TEXT, warc_offset BIGINT,"
                    + " payload_digest TEXT, captured_at BIGINT, record_id TEXT, lesson TEXT, lesson_seq BIGINT,"
                    + " lease_owner TEXT, lease_no BIGINT, lease_expires TIMESTAMPTZ, worker TEXT, owner TEXT)");
            s.execute("CREATE INDEX IF NOT EXISTS items_tiered ON items(tier, value DESC, id) WHERE state = 0");
            s.execute("CREATE INDEX IF NOT EXISTS items_fifo ON items(id) WHERE state = 0");
            s.execute("CREATE INDEX IF NOT EXISTS items_leased ON items(lease_owner) WHERE state = 1");
            s.execute("CREATE INDEX IF NOT EXISTS items_lease_expiry ON items(lease_expires) WHERE state = 1");
            s.execute("CREATE INDEX IF NOT EXISTS items_lessons ON items(lesson_seq) WHERE lesson_seq IS NOT NULL");
            s.execute("CREATE SEQUENCE IF NOT EXISTS lease_numbers");
            s.execute("CREATE SEQUENCE IF NOT EXISTS lesson_numbers");
            s.execute("CREATE TABLE IF NOT EXISTS warc_files(worker TEXT NOT NULL, name TEXT NOT NULL,"
                    + " committed_end BIGINT NOT NULL, PRIMARY KEY(worker, name))");
            s.execute("CREATE TABLE IF NOT EXISTS workers(name TEXT PRIMARY KEY, host TEXT, pid BIGINT,"
                    + " started TIMESTAMPTZ, last_seen TIMESTAMPTZ, outcomes BIGINT NOT NULL DEFAULT 0,"
                    + " rate DOUBLE PRECISION NOT NULL DEFAULT 0, stopped BOOLEAN NOT NULL DEFAULT false)");
            // Each worker's --lease-ttl: after the database restarts, its leases are left to it that long (PgQueue).
            s.execute("ALTER TABLE workers ADD COLUMN IF NOT EXISTS lease_ttl_s DOUBLE PRECISION");
            s.execute("CREATE TABLE IF NOT EXISTS rate_budget(name TEXT PRIMARY KEY, rate DOUBLE PRECISION NOT NULL,"
                    + " burst INTEGER NOT NULL, tokens DOUBLE PRECISION NOT NULL, updated TIMESTAMPTZ NOT NULL,"
                    + " paused_until TIMESTAMPTZ)");
            // The shared adaptive rate after congestion on a shared credential: cut to cut_rate at cut_at, and
            // climbing back to the ceiling from there (PgRateBudget). Added columns: older crawls gain them.
            s.execute("ALTER TABLE rate_budget ADD COLUMN IF NOT EXISTS cut_rate DOUBLE PRECISION");
            s.execute("ALTER TABLE rate_budget ADD COLUMN IF NOT EXISTS cut_at TIMESTAMPTZ");
            // robots.txt's Crawl-delay for the crawl as a whole (PgRateBudget.minInterval).
            s.execute("ALTER TABLE rate_budget ADD COLUMN IF NOT EXISTS min_interval_s DOUBLE PRECISION");
            // A host's pause that one worker was told (Retry-After, a spent quota, a 429 backoff), for every worker and
            // for a resumed one: nothing goes to the host before not_before, on the database's clock (PgRateBudget).
            // A table of its own: a crawl begun by an older lastlight gains it when a worker next starts.
            s.execute("CREATE TABLE IF NOT EXISTS host_pauses(host TEXT PRIMARY KEY, not_before TIMESTAMPTZ NOT NULL,"
                    + " reason TEXT NOT NULL, worker TEXT, set_at TIMESTAMPTZ NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS expected_pages(kind TEXT NOT NULL, tier INTEGER NOT NULL,"
                    + " pages BIGINT NOT NULL, PRIMARY KEY(kind, tier))");
            s.execute("CREATE TABLE IF NOT EXISTS signals(id BIGSERIAL PRIMARY KEY, outcome TEXT NOT NULL,"
                    + " worker TEXT NOT NULL, detail TEXT, raised TIMESTAMPTZ NOT NULL)");
            countsTable(s);
            if (found == null) {
                try (PreparedStatement p = db.prepareStatement("INSERT INTO meta(k, v) VALUES ('schema_version', ?)")) {
                    p.setString(1, Integer.toString(VERSION));
                    p.executeUpdate();
                }
            }
        }
        db.commit();
    }

    /**
     * {@code item_count_deltas}: items by tier, kind and state as rows of +n/-n appended by statement-level triggers
     * (one row per group a statement changed), summed when read and folded together now and then
     * ({@link PgItems#byTierAndKind}). Progress no longer groups the whole {@code items} table on every line of every
     * worker, and the workers append instead of updating shared counter rows, so they do not queue on them. A crawl
     * begun by an older lastlight is counted once, with {@code items} locked against changes meanwhile.
     */
    private static void countsTable(Statement s) throws SQLException {
        boolean exists;
        try (ResultSet rs = s.executeQuery("SELECT to_regclass('item_count_deltas') IS NOT NULL")) {
            rs.next();
            exists = rs.getBoolean(1);
        }
        if (!exists) {
            s.execute("CREATE TABLE item_count_deltas(tier INTEGER NOT NULL, kind TEXT NOT NULL, state SMALLINT NOT NULL,"
                    + " n BIGINT NOT NULL)");
            s.execute("LOCK TABLE items IN SHARE ROW EXCLUSIVE MODE");
            s.execute("INSERT INTO item_count_deltas SELECT tier, kind, state, count(*) FROM items GROUP BY tier, kind, state");
        }
        s.execute("CREATE OR REPLACE FUNCTION lastlight_count_items() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF TG_OP = 'INSERT' THEN"
                + "  INSERT INTO item_count_deltas SELECT tier, kind, state, count(*) FROM new_items GROUP BY tier, kind, state;"
                + " ELSIF TG_OP = 'DELETE' THEN"
                + "  INSERT INTO item_count_deltas SELECT tier, kind, state, -count(*) FROM old_items GROUP BY tier, kind, state;"
                + " ELSE"
                + "  INSERT INTO item_count_deltas SELECT tier, kind, state, sum(n) FROM"
                + "   (SELECT tier, kind, state, -1 AS n FROM old_items UNION ALL SELECT tier, kind, state, 1 FROM new_items) d"
                + "   GROUP BY tier, kind, state HAVING sum(n) <> 0;"
                + " END IF; RETURN NULL; END $$");
        trigger(s, "items_count_insert", "AFTER INSERT ON items REFERENCING NEW TABLE AS new_items");
        trigger(s, "items_count_update", "AFTER UPDATE ON items REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items");
        trigger(s, "items_count_delete", "AFTER DELETE ON items REFERENCING OLD TABLE AS old_items");
    }

    /** Creates a statement-level trigger running {@code lastlight_count_items} unless {@code items} has it. */
    private static void trigger(Statement s, String name, String when) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_trigger WHERE tgrelid = 'items'::regclass AND tgname = '" + name + "'")) {
            if (rs.next()) return;
        }
        s.execute("CREATE TRIGGER " + name + " " + when + " FOR EACH STATEMENT EXECUTE FUNCTION lastlight_count_items()");
    }

    /**
     * The key of the lock that marks a worker alive, as SQL over an expression giving its name: a 64-bit hash
     * of the crawl's schema and the name. It was the name's 32-bit {@code hashtext}, under which distinct names
     * collide often enough to meet in a crawl (w75935 and w193969 do), and the same name in two crawls of one
     * database shared a lock.
     */
    static String workerLockKey(String nameSql) {
        return "hashtextextended(coalesce(current_schema(), '') || '/' || " + nameSql + ", " + LOCK_CLASS + ")";
    }

    /**
     * Takes the session-level lock that marks worker {@code name} alive; false when a session of that worker holds
     * it. When the holder is another worker whose name's key is the same (a 64-bit hash collision, which a name check
     * tells apart), says so and asks for another name.
     */
    static boolean lockWorker(Connection db, String name) throws SQLException {
        boolean got;
        try (PreparedStatement p = db.prepareStatement("SELECT pg_try_advisory_lock(" + workerLockKey("?") + ")")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                got = rs.getBoolean(1);
            }
        }
        String holder = got ? null : lockHolder(db, name);
        db.commit();
        if (holder != null && !holder.equals(APP_NAME + name)) {
            throw new UserException("the worker name " + name + " shares its lock key with the running worker '"
                    + holder.replaceFirst("^" + APP_NAME, "") + "' (a hash collision); give this worker another --worker NAME");
        }
        return got;
    }

    /** The application name of the worker sessions ({@code lastlight worker NAME}). */
    static final String APP_NAME = "lastlight worker ";

    /** The application name of the session holding worker {@code name}'s lock, or null if not seen. */
    private static String lockHolder(Connection db, String name) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a"
                + " ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND ((l.classid::bigint << 32) | l.objid::bigint) = " + workerLockKey("?"))) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
