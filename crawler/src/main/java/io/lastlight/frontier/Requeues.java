package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;

import static io.lastlight.frontier.ItemState.DONE;
import static io.lastlight.frontier.ItemState.FAILED;
import static io.lastlight.frontier.ItemState.LEASED;
import static io.lastlight.frontier.ItemState.QUEUED;

/**
 * Moves many items at once: leased items back after a crash, failed ones for {@code --retry-failed},
 * captured ones for a revisit pass, and queued ones to another tier. Runs inside the caller's transaction.
 */
final class Requeues {
    private final Connection db;
    private final PreparedStatement releaseLeased;
    private final PreparedStatement requeueFailed;

    Requeues(Connection db) throws SQLException {
        this.db = db;
        releaseLeased = db.prepareStatement("UPDATE items SET state = " + QUEUED + " WHERE state = " + LEASED);
        requeueFailed = db.prepareStatement("UPDATE items SET state = " + QUEUED + ", not_before = 0 WHERE state = "
                + FAILED);
    }

    int releaseLeased() throws SQLException {
        return releaseLeased.executeUpdate();
    }

    int requeueFailed() throws SQLException {
        return requeueFailed.executeUpdate();
    }

    /** Queues done and failed items of these kinds again, as new (no attempts, due at once). */
    int forRevisit(Collection<String> kinds) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET state = " + QUEUED
                + ", attempts = 0, not_before = 0, reason = NULL"
                + " WHERE state IN (" + DONE + ", " + FAILED + ") AND kind IN (" + placeholders(kinds.size()) + ")")) {
            bindFrom(p, 1, kinds);
            return p.executeUpdate();
        }
    }

    /** Moves queued items of these kinds from one tier to another, with a new value. */
    int retier(Collection<String> kinds, int fromTier, int toTier, double value) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE items SET tier = ?, value = ? WHERE state = " + QUEUED
                + " AND tier = ? AND kind IN (" + placeholders(kinds.size()) + ")")) {
            p.setInt(1, toTier);
            p.setDouble(2, value);
            p.setInt(3, fromTier);
            bindFrom(p, 4, kinds);
            return p.executeUpdate();
        }
    }

    private static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    private static void bindFrom(PreparedStatement p, int first, Collection<String> values) throws SQLException {
        int i = first;
        for (String v : values) p.setString(i++, v);
    }
}
