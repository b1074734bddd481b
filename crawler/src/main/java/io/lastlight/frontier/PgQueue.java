package io.lastlight.frontier;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static io.lastlight.frontier.ItemState.LEASED;
import static io.lastlight.frontier.ItemState.QUEUED;

/**
 * Leases in the shared frontier: claiming due items in a batch ({@code FOR UPDATE SKIP LOCKED}, so workers
 * never wait for each other's claims), each lease numbered from a sequence (the fencing token) and expiring
 * on the database's clock unless its worker renews it; outcomes apply only while the item is still leased
 * under that number. Runs inside the caller's transaction; statements are prepared per call so a reconnected
 * session works alike.
 */
final class PgQueue {
    private final String worker;
    private final String orderBy;
    private final Comparator<FrontierItem> order;
    private final double ttlSeconds;

    PgQueue(String worker, Frontier.Order order, double ttlSeconds) {
        this.worker = worker;
        this.ttlSeconds = ttlSeconds;
        this.orderBy = order == Frontier.Order.FIFO ? "id" : "tier, value DESC, id";
        this.order = order == Frontier.Order.FIFO ? Comparator.comparingLong(FrontierItem::id)
                : Comparator.comparingInt(FrontierItem::tier).thenComparing(Comparator.comparingDouble(FrontierItem::value)
                .reversed()).thenComparingLong(FrontierItem::id);
    }

    /**
     * Returns expired leases (their worker died or stalled) to the queue; returns how many. Not within the
     * owner's time-to-live of the database's start: a lease that expired while the database was down belongs
     * to a worker that may only have been waiting for it, and every live worker renews its leases (its
     * heartbeat, every third of its time-to-live) within that time of the database coming back. Taking them
     * at once made the first worker to reconnect take everyone's, and both it and the owner captured them.
     * (An owner whose time-to-live is not recorded counts with this worker's.)
     */
    int reclaimExpired(Connection db) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET state = " + QUEUED
                + ", lease_owner = NULL, lease_expires = NULL WHERE id IN (SELECT i.id FROM items i LEFT JOIN workers w"
                + " ON w.name = i.lease_owner WHERE i.state = " + LEASED + " AND i.lease_expires < now()"
                + " AND now() >= pg_postmaster_start_time() + make_interval(secs => coalesce(w.lease_ttl_s, ?))"
                + " FOR UPDATE OF i SKIP LOCKED)")) {
            p.setDouble(1, ttlSeconds);
            return p.executeUpdate();
        }
    }

    /**
     * Renews one lease if it is still this lease (not taken over): what a worker checks right before it writes
     * the item's capture to its WARC file. False when another worker holds the item now.
     */
    boolean hold(Connection db, FrontierItem item) throws SQLException {
        // Once per capture on the results thread: not worth a WAL flush. A renewal lost in a database crash
        // costs nothing, since no lease is taken over within a time-to-live of the database starting.
        try (Statement s = db.createStatement()) {
            s.execute("SET LOCAL synchronous_commit TO OFF");
        }
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET lease_expires = now() + make_interval(secs => ?)"
                + " WHERE id = ? AND state = " + LEASED + " AND lease_no = ?")) {
            p.setDouble(1, ttlSeconds);
            p.setLong(2, item.id());
            p.setLong(3, item.lease());
            return p.executeUpdate() == 1;
        }
    }

    List<FrontierItem> lease(Connection db, int max, long nowMillis) throws SQLException {
        List<FrontierItem> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("WITH due AS (SELECT id FROM items WHERE state = " + QUEUED
                + " AND not_before <= ? ORDER BY " + orderBy + " LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " UPDATE items i SET state = " + LEASED + ", lease_owner = ?, lease_no = nextval('lease_numbers'),"
                + " lease_expires = now() + make_interval(secs => ?) FROM due WHERE i.id = due.id"
                + " RETURNING i.id, i.key, i.url, i.kind, i.tier, i.value, i.attempts, i.parent, i.hop,"
                + " i.payload_digest, coalesce(i.captured_at, 0), i.record_id, i.owner, i.lease_no")) {
            p.setLong(1, nowMillis);
            p.setInt(2, max);
            p.setString(3, worker);
            p.setDouble(4, ttlSeconds);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long parent = rs.getLong(8);
                    Long par = rs.wasNull() ? null : parent;
                    out.add(new FrontierItem(rs.getLong(1), rs.getString(2), URI.create(rs.getString(3)), rs.getString(4),
                            rs.getInt(5), rs.getDouble(6), rs.getInt(7), par, rs.getInt(9), rs.getString(10),
                            rs.getLong(11), rs.getString(12), rs.getString(13), rs.getLong(14)));
                }
            }
        }
        out.sort(order);
        return out;
    }

    /**
     * Records an outcome if the item is still leased under this lease's number; false (nothing written) when
     * the lease expired and was taken over, or the outcome was already recorded.
     */
    boolean finish(Connection db, FrontierItem item, int state, boolean countAttempt, int status, String reason,
                   long notBefore, String warcFile, Long warcOffset) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET state = ?, attempts = attempts + ?,"
                + " last_status = ?, reason = ?, not_before = ?, warc_file = COALESCE(?, warc_file),"
                + " warc_offset = COALESCE(?, warc_offset), lease_owner = NULL, lease_expires = NULL, worker = ?"
                + " WHERE id = ? AND state = " + LEASED + " AND lease_no = ?")) {
            p.setInt(1, state);
            p.setInt(2, countAttempt ? 1 : 0);
            p.setInt(3, status);
            p.setString(4, reason);
            p.setLong(5, notBefore);
            p.setString(6, warcFile);
            if (warcOffset == null) p.setNull(7, Types.BIGINT); else p.setLong(7, warcOffset);
            p.setString(8, worker);
            p.setLong(9, item.id());
            p.setLong(10, item.lease());
            return p.executeUpdate() == 1;
        }
    }

    /** Remembers a capture's payload digest, time and response record id, for a later revisit record. */
    void recordCapture(Connection db, FrontierItem item, String payloadDigest, long capturedAtMillis, String recordId)
            throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET payload_digest = ?, captured_at = ?,"
                + " record_id = ? WHERE id = ?")) {
            p.setString(1, payloadDigest);
            p.setLong(2, capturedAtMillis);
            p.setString(3, recordId);
            p.setLong(4, item.id());
            p.executeUpdate();
        }
    }

    /** Stores what the scheduler learnt from the capture, numbered in order across all workers. */
    void appendLesson(Connection db, FrontierItem item, String lesson) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET lesson = ?, lesson_seq = nextval('lesson_numbers')"
                + " WHERE id = ?")) {
            p.setString(1, lesson);
            p.setLong(2, item.id());
            p.executeUpdate();
        }
    }

    /** Returns a leased item to the queue unfetched with a new tier and value (fenced like an outcome). */
    boolean requeue(Connection db, FrontierItem item, int tier, double value) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET state = " + QUEUED + ", tier = ?, value = ?,"
                + " lease_owner = NULL, lease_expires = NULL WHERE id = ? AND state = " + LEASED + " AND lease_no = ?")) {
            p.setInt(1, tier);
            p.setDouble(2, value);
            p.setLong(3, item.id());
            p.setLong(4, item.lease());
            return p.executeUpdate() == 1;
        }
    }

    /** Returns this worker's leases to the queue (its restart, or its clean end); returns how many. */
    int releaseMine(Connection db) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET state = " + QUEUED
                + ", lease_owner = NULL, lease_expires = NULL WHERE state = " + LEASED + " AND lease_owner = ?")) {
            p.setString(1, worker);
            return p.executeUpdate();
        }
    }

    /** Pushes the expiry of this worker's leases a time-to-live ahead (the heartbeat). */
    int renew(Connection db) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET lease_expires = now() + make_interval(secs => ?)"
                + " WHERE state = " + LEASED + " AND lease_owner = ?")) {
            p.setDouble(1, ttlSeconds);
            p.setString(2, worker);
            return p.executeUpdate();
        }
    }

    /**
     * The soonest due time of a queued item; with none, while other workers hold leases (whose outcomes may
     * queue more), a second from now on the database's clock, so this worker waits instead of ending the crawl.
     */
    Optional<Long> nextDue(Connection db) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT min(not_before) FROM items WHERE state = " + QUEUED);
             ResultSet rs = p.executeQuery()) {
            rs.next();
            long v = rs.getLong(1);
            if (!rs.wasNull()) return Optional.of(v);
        }
        try (PreparedStatement p = db.prepareStatement("SELECT (extract(epoch FROM now()) * 1000)::bigint + 1000"
                + " FROM items WHERE state = " + LEASED + " AND lease_owner IS DISTINCT FROM ? LIMIT 1")) {
            p.setString(1, worker);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }
}
