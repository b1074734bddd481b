package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * What the scheduler learnt from each capture, stored on the captured item with a sequence number, so a
 * resumed crawl replays the lessons in commit order. The in-memory sequence moves only once the caller's
 * transaction has committed ({@link #appended}, {@link #cleared}), so a rolled-back write leaves no gap.
 */
final class LessonLog {
    private final PreparedStatement replay;
    private final PreparedStatement clear;
    private long seq;  // the newest committed lesson's sequence number

    LessonLog(Connection db) throws SQLException {
        replay = db.prepareStatement("SELECT lesson FROM items WHERE lesson_seq IS NOT NULL ORDER BY lesson_seq");
        clear = db.prepareStatement("UPDATE items SET lesson = NULL, lesson_seq = NULL WHERE lesson_seq IS NOT NULL");
        try (PreparedStatement p = db.prepareStatement("SELECT MAX(lesson_seq) FROM items");
             ResultSet rs = p.executeQuery()) {
            seq = rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The sequence number the next lesson is stored under (for a statement that stores it with other columns). */
    long next() {
        return seq + 1;
    }

    /** Call once a lesson stored under {@link #next} is committed. */
    void appended() {
        seq++;
    }

    /** Gives every stored lesson to {@code each}, oldest first. */
    void replay(Consumer<String> each) throws SQLException {
        try (ResultSet rs = replay.executeQuery()) {
            while (rs.next()) each.accept(rs.getString(1));
        }
    }

    /** Forgets every lesson (a revisit pass starts its scheduler from nothing); call {@link #cleared} after commit. */
    void clear() throws SQLException {
        clear.executeUpdate();
    }

    void cleared() {
        seq = 0;
    }
}
