package io.lastlight.frontier;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.lastlight.frontier.ItemState.DONE;
import static io.lastlight.frontier.ItemState.LEASED;
import static io.lastlight.frontier.ItemState.QUEUED;

/**
 * One item's way through the queue: leasing due items in the frontier's order, then its outcome (done,
 * retried later, failed, or requeued unfetched). Runs inside the caller's transaction.
 */
final class Leases {
    private final PreparedStatement due;
    private final PreparedStatement markLeased;
    private final PreparedStatement finish;
    private final PreparedStatement done;
    private final PreparedStatement refundAttempt;
    private final PreparedStatement requeue;
    private final PreparedStatement nextDue;

    private final KnownItems known;

    Leases(Connection db, Frontier.Order order, KnownItems known) throws SQLException {
        this.known = known;
        String orderBy = order == Frontier.Order.FIFO ? "i.id" : "i.tier, i.value DESC, i.id";
        // The parent's URL comes with each item (a capture's metadata names it): one lookup by rowid in this
        // query instead of a statement per capture.
        due = db.prepareStatement("SELECT i.id, i.key, i.url, i.kind, i.tier, i.value, i.attempts, i.parent, i.hop,"
                + " i.payload_digest, coalesce(i.captured_at, 0), i.record_id, i.owner, p.url"
                + " FROM items i LEFT JOIN items p ON p.id = i.parent"
                + " WHERE i.state = " + QUEUED + " AND i.not_before <= ? ORDER BY " + orderBy + " LIMIT ?");
        markLeased = db.prepareStatement("UPDATE items SET state = " + LEASED + " WHERE id = ?");
        finish = db.prepareStatement("UPDATE items SET state = ?, attempts = attempts + 1, last_status = ?,"
                + " reason = ?, not_before = ?, warc_file = COALESCE(?, warc_file), warc_offset = COALESCE(?, warc_offset)"
                + " WHERE id = ?");
        // a done fetch's outcome, what a later revisit needs of its capture and the scheduler's lesson in one row
        // write (one look-up and rewrite of the row per capture instead of three); ?4 and ?7 null leave the
        // columns they guard as they are
        done = db.prepareStatement("UPDATE items SET state = " + DONE + ", attempts = attempts + 1, last_status = ?1,"
                + " reason = NULL, not_before = 0, warc_file = COALESCE(?2, warc_file), warc_offset = COALESCE(?3, warc_offset),"
                + " payload_digest = COALESCE(?4, payload_digest),"
                + " captured_at = CASE WHEN ?4 IS NULL THEN captured_at ELSE ?5 END,"
                + " record_id = CASE WHEN ?4 IS NULL THEN record_id ELSE ?6 END,"
                + " lesson = COALESCE(?7, lesson), lesson_seq = CASE WHEN ?7 IS NULL THEN lesson_seq ELSE ?8 END"
                + " WHERE id = ?9");
        refundAttempt = db.prepareStatement("UPDATE items SET attempts = attempts - 1 WHERE id = ?");
        requeue = db.prepareStatement("UPDATE items SET state = " + QUEUED + ", tier = ?, value = ?"
                + " WHERE id = ? AND state = " + LEASED);
        nextDue = db.prepareStatement("SELECT min(not_before) FROM items WHERE state = " + QUEUED);
    }

    /** Marks up to {@code max} queued items due at {@code nowMillis} leased, and returns them in order. */
    List<FrontierItem> lease(int max, long nowMillis) throws SQLException {
        List<FrontierItem> out = new ArrayList<>();
        due.setLong(1, nowMillis);
        due.setInt(2, max);
        try (ResultSet rs = due.executeQuery()) {
            while (rs.next()) {
                long parent = rs.getLong(8);
                Long p = rs.wasNull() ? null : parent;
                if (p != null) known.urlKnown(p, rs.getString(14));
                out.add(new FrontierItem(rs.getLong(1), rs.getString(2), URI.create(rs.getString(3)), rs.getString(4),
                        rs.getInt(5), rs.getDouble(6), rs.getInt(7), p, rs.getInt(9),
                        rs.getString(10), rs.getLong(11), rs.getString(12), rs.getString(13)));
            }
        }
        for (FrontierItem i : out) {
            markLeased.setLong(1, i.id());
            markLeased.executeUpdate();
        }
        return out;
    }

    /**
     * Records an attempt's outcome: the new state, the HTTP status and reason, when it is due again, and
     * (when not null) where in which WARC file its capture starts.
     */
    void finish(FrontierItem item, int state, int status, String reason, long notBefore, String warcFile,
                Long warcOffset) throws SQLException {
        finish.setInt(1, state);
        finish.setInt(2, status);
        finish.setString(3, reason);
        finish.setLong(4, notBefore);
        finish.setString(5, warcFile);
        if (warcOffset == null) finish.setNull(6, Types.INTEGER); else finish.setLong(6, warcOffset);
        finish.setLong(7, item.id());
        finish.executeUpdate();
    }

    /**
     * Records a fetch that is done, as {@link #finish} with state done does, and in the same statement what a later
     * revisit record needs of its capture (when {@code capture} is not null) and the scheduler's lesson stored under
     * {@code lessonSeq} ({@link LessonLog}; when {@code lesson} is not null).
     */
    void done(FrontierItem item, int status, String warcFile, long warcOffset, Capture capture, String lesson,
              long lessonSeq) throws SQLException {
        done.setInt(1, status);
        done.setString(2, warcFile);
        done.setLong(3, warcOffset);
        done.setString(4, capture == null ? null : capture.payloadDigest());
        done.setLong(5, capture == null ? 0 : capture.capturedAtMillis());
        done.setString(6, capture == null ? null : capture.recordId());
        done.setString(7, lesson);
        done.setLong(8, lessonSeq);
        done.setLong(9, item.id());
        done.executeUpdate();
    }

    /** What a later revisit record needs of a capture: its payload digest, time and response record id. */
    record Capture(String payloadDigest, long capturedAtMillis, String recordId) {}

    /** Takes back the attempt {@link #finish} counted (the answer was not the item's fault, e.g. 429). */
    void refundAttempt(FrontierItem item) throws SQLException {
        refundAttempt.setLong(1, item.id());
        refundAttempt.executeUpdate();
    }

    /** Returns a leased item to the queue unfetched with a new tier and value. */
    void requeue(FrontierItem item, int tier, double value) throws SQLException {
        requeue.setInt(1, tier);
        requeue.setDouble(2, value);
        requeue.setLong(3, item.id());
        requeue.executeUpdate();
    }

    /** The soonest due time of a queued item, if any. */
    Optional<Long> nextDue() throws SQLException {
        try (ResultSet rs = nextDue.executeQuery()) {
            if (rs.next()) {
                long v = rs.getLong(1);
                if (!rs.wasNull()) return Optional.of(v);
            }
            return Optional.empty();
        }
    }
}
