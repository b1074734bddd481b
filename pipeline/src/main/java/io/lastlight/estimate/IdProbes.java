package io.lastlight.estimate;

import io.lastlight.crawl.IdSampling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads id-probe evidence from a dataset's {@code captures}: every capture of {@code /v3/uuidConversion/KIND/N}.
 * A number probed more than once (a retry, a second pass) counts once, by its latest definite answer
 * (200 or 404/410); numbers with no definite answer are inconclusive.
 */
public final class IdProbes {
    private static final Pattern NUMBER = Pattern.compile(Pattern.quote(IdSampling.PATH) + "([a-z]+)/(\\d{1,18})(?:[?#].*)?$");

    private IdProbes() {}

    /** Probe outcomes by number: true = valid, false = invalid, null = inconclusive. */
    public static Map<Long, Boolean> read(Connection c, String kind) throws SQLException {
        Map<Long, Boolean> out = new TreeMap<>();
        String sql = "SELECT target_uri, http_status FROM captures WHERE target_uri LIKE ? AND parse_status <> 'not-capture' ORDER BY capture_time, warc_file, warc_offset";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, "%" + IdSampling.PATH + kind + "/%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Matcher m = NUMBER.matcher(rs.getString(1));
                    if (!m.find() || !m.group(1).equals(kind)) continue;
                    long n = Long.parseLong(m.group(2));
                    int status = rs.getInt(2);
                    boolean definite = !rs.wasNull() && (status == 200 || status == 404 || status == 410);
                    if (definite) out.put(n, status == 200);
                    else out.putIfAbsent(n, null);
                }
            }
        }
        return out;
    }

    /** Evidence for the estimator; range null = infer from the probed numbers. */
    public static IdSpaceEstimator.Evidence evidence(Map<Long, Boolean> probes, IdSampling.Range range, String kind) {
        List<Long> valid = new ArrayList<>();
        long tried = 0, inconclusive = 0;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (Map.Entry<Long, Boolean> e : probes.entrySet()) {
            long n = e.getKey();
            if (range != null && (n < range.first() || n > range.last())) continue;
            min = Math.min(min, n);
            max = Math.max(max, n);
            if (e.getValue() == null) {
                inconclusive++;
                continue;
            }
            tried++;
            if (e.getValue()) valid.add(n);
        }
        boolean inferred = range == null;
        if (inferred) {
            long count = tried + inconclusive;
            if (count == 0) return null;
            long gap = count > 1 ? Math.round((double) (max - min) / (count - 1)) : 0;
            range = new IdSampling.Range(Math.max(1, min - gap), max + gap);
        }
        return new IdSpaceEstimator.Evidence(range, inferred, tried, valid, inconclusive, kind);
    }
}
