package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * How far each WARC file is committed: written in the same transaction as the item whose records end
 * there, so after a crash the WARC can be trimmed back to what the frontier knows about.
 */
final class WarcLedger {
    private final PreparedStatement upsert;
    private final PreparedStatement all;
    private final PreparedStatement checkpoint;

    WarcLedger(Connection db) throws SQLException {
        upsert = db.prepareStatement("INSERT INTO warc_files(name, committed_end) VALUES (?, ?)"
                + " ON CONFLICT(name) DO UPDATE SET committed_end = excluded.committed_end");
        all = db.prepareStatement("SELECT name, committed_end FROM warc_files");
        checkpoint = db.prepareStatement("PRAGMA wal_checkpoint(PASSIVE)");
    }

    /**
     * Makes every commit so far durable, run after a file's ledger row is committed (once when a WARC file opens,
     * once before it is renamed). With {@code synchronous=NORMAL} a commit is in the WAL but the WAL is synced only
     * at a checkpoint, so after a power cut (not a killed process: the OS still holds the WAL) the frontier could
     * forget outcomes of captures in a file already renamed, and --resume would fetch them into the archive again.
     * A checkpoint syncs the WAL before copying it into the database file; one per WARC file costs nothing.
     */
    void sync() throws SQLException {
        try (ResultSet rs = checkpoint.executeQuery()) {
            while (rs.next()) {
                // busy, WAL frames, frames copied: a passive checkpoint has synced the WAL either way
            }
        }
    }

    /** Records that {@code warcFile} is committed up to {@code end}; nothing when the file is null. */
    void record(String warcFile, long end) throws SQLException {
        if (warcFile == null) return;
        upsert.setString(1, warcFile);
        upsert.setLong(2, end);
        upsert.executeUpdate();
    }

    Map<String, Long> committedEnds() throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (ResultSet rs = all.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
        }
        return out;
    }
}
