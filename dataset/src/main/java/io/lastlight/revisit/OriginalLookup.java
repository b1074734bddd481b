package io.lastlight.revisit;

import io.lastlight.derive.BuildDatabase;
import io.lastlight.derive.DuckDb;
import io.lastlight.schema.DuckDbViews;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the original response of each revisit among the response rows of the already-written {@code captures}
 * Parquet files (every input WARC file's, so an original in another file is found), set-wise in DuckDB:
 * a batch of revisits is appended to a table (no values in SQL text) and joined with the responses in one query.
 * In order of preference: the response whose record id is the revisit's {@code WARC-Refers-To}; else the response
 * to {@code WARC-Refers-To-Target-URI} at {@code WARC-Refers-To-Date} (to the second); else the latest response to
 * the revisit's own target URI, at or before it, with its {@code WARC-Payload-Digest}. Where the revisit promises
 * an identical payload, a candidate whose payload digest differs is never taken. Payload digests are compared by
 * algorithm and decoded value ({@link PayloadDigests}): tools spell the same digest differently. DuckDB keeps to a fixed memory
 * budget and spills beyond it, so memory does not grow with the number of captures.
 */
public final class OriginalLookup implements AutoCloseable {
    /** How an original was found. */
    public static final int BY_RECORD_ID = 1, BY_URI_AND_DATE = 2, BY_URI_AND_DIGEST = 3;

    /** A found original: where it is and how it was found. */
    public record Original(String warcFile, long offset, String recordId, Instant captureTime, int how) {}

    private final Connection db;

    private static final String FIND = """
            WITH cand AS (
                SELECT p.seq, 1 AS how, o.* FROM pending p JOIN originals o ON o.warc_record_id = p.refers_to
                WHERE NOT p.same_digest OR p.digest IS NULL OR o.digest IS NULL OR o.digest = p.digest
                UNION ALL
                SELECT p.seq, 2 AS how, o.* FROM pending p JOIN originals o
                    ON o.target_uri = p.refers_to_uri AND o.t_s = p.refers_to_s
                WHERE NOT p.same_digest OR p.digest IS NULL OR o.digest IS NULL OR o.digest = p.digest
                UNION ALL
                SELECT p.seq, 3 AS how, o.* FROM pending p JOIN originals o ON o.target_uri = p.target_uri AND o.digest = p.digest
                WHERE o.t_us <= p.t_us
            )
            SELECT seq, how, warc_file, warc_offset, warc_record_id, t_us FROM cand
            QUALIFY row_number() OVER (PARTITION BY seq ORDER BY how, t_us DESC, warc_file DESC, warc_offset DESC) = 1
            """;

    /**
     * @param captures the dataset's {@code captures} folder (response rows of every input file's Parquet)
     * @param build    the build's shared database (its memory budget and spill folder); the lookup's tables are
     *                 dropped on close
     */
    public OriginalLookup(Path captures, BuildDatabase build) throws SQLException {
        db = build.connect();
        try {
            // Only the narrow columns a lookup needs; digests compared by algorithm and decoded value, however the
            // records spell them (PayloadDigests).
            PayloadDigests.register(db);
            DuckDb.exec(db, "CREATE OR REPLACE TABLE originals AS SELECT warc_file, warc_offset, warc_record_id, target_uri,"
                    + " epoch_us(capture_time) AS t_us, epoch_us(capture_time) // 1000000 AS t_s, "
                    + PayloadDigests.sql("payload_digest") + " AS digest"
                    + " FROM read_parquet(" + DuckDbViews.quoteLiteral(captures.toAbsolutePath().resolve("*.parquet").toString())
                    + ") WHERE record_type = 'response'");
            DuckDb.exec(db, "CREATE OR REPLACE TABLE pending (seq BIGINT, refers_to VARCHAR, refers_to_uri VARCHAR, refers_to_s BIGINT,"
                    + " target_uri VARCHAR, t_us BIGINT, digest VARCHAR, same_digest BOOLEAN)");
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    /** Originals of {@code revisits} by their index in the list; a revisit with no original is absent. */
    public Map<Integer, Original> find(List<RevisitRef> revisits) throws SQLException {
        DuckDb.exec(db, "DELETE FROM pending");
        try (DuckDBAppender a = db.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "pending")) {
            for (int i = 0; i < revisits.size(); i++) {
                RevisitRef r = revisits.get(i);
                a.beginRow().append((long) i);
                str(a, r.refersTo());
                boolean byDate = r.refersToTargetUri() != null && r.refersToDate() != null;
                str(a, byDate ? r.refersToTargetUri() : null);
                if (byDate) a.append(r.refersToDate().getEpochSecond()); else a.appendNull();
                str(a, r.targetUri());
                a.append(micros(r.date()));
                str(a, PayloadDigests.canonical(r.payloadDigest()));
                a.append(r.sameDigest());
                a.endRow();
            }
        }
        Map<Integer, Original> out = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(FIND)) {
            while (rs.next()) {
                out.put((int) rs.getLong(1), new Original(rs.getString(3), rs.getLong(4), rs.getString(5),
                        Instant.EPOCH.plus(rs.getLong(6), ChronoUnit.MICROS), rs.getInt(2)));
            }
        }
        return out;
    }

    private static void str(DuckDBAppender a, String v) throws SQLException {
        if (v == null) a.appendNull(); else a.append(v);
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    @Override
    public void close() throws SQLException {
        try {
            DuckDb.exec(db, "DROP TABLE IF EXISTS pending");
            DuckDb.exec(db, "DROP TABLE IF EXISTS originals");
        } finally {
            db.close();
        }
    }
}
