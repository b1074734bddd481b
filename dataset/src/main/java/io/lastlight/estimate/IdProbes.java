package io.lastlight.estimate;

import io.lastlight.platform.IdSpace;
import io.lastlight.platform.Platform;
import io.lastlight.platform.Platforms;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads id-probe evidence from a dataset's {@code captures}: every capture whose URL its platform's adapter
 * reads as a probe of number N of KIND ({@link Platform#idProbeOf}).
 * A number probed more than once (a retry, a second pass) counts once, by its latest definite answer
 * (200 or 404/410); numbers with no definite answer are inconclusive.
 */
public final class IdProbes {
    private IdProbes() {}

    /** Probe outcomes by number: true = valid, false = invalid, null = inconclusive. */
    public static Map<Long, Boolean> read(Connection c, String kind) throws SQLException {
        Map<Long, Boolean> out = new TreeMap<>();
        String sql = "SELECT target_uri, http_status, platform FROM captures WHERE parse_status <> 'not-capture'"
                + " AND target_uri IS NOT NULL ORDER BY capture_time, warc_file, warc_offset";
        Map<String, Optional<Platform>> adapters = new HashMap<>();
        Map<String, Platform> known = Platforms.all();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Optional<Platform> platform = adapters.computeIfAbsent(rs.getString(3), n -> Optional.ofNullable(known.get(n)));
                if (platform.isEmpty()) continue;
                Optional<IdSpace.Probe> probe;
                try {
                    probe = platform.get().idProbeOf(URI.create(rs.getString(1)));
                } catch (IllegalArgumentException notAUri) {
                    continue;
                }
                if (probe.isEmpty() || !probe.get().idKind().equals(kind)) continue;
                long n = probe.get().number();
                int status = rs.getInt(2);
                boolean definite = !rs.wasNull() && (status == 200 || status == 404 || status == 410);
                if (definite) out.put(n, status == 200);
                else out.putIfAbsent(n, null);
            }
        }
        return out;
    }

    /** Evidence for the estimator; range null = infer from the probed numbers. */
    public static IdSpaceEstimator.Evidence evidence(Map<Long, Boolean> probes, IdSpace.Range range, String kind) {
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
            range = new IdSpace.Range(Math.max(1, min - gap), max + gap);
        }
        return new IdSpaceEstimator.Evidence(range, inferred, tried, valid, inconclusive, kind);
    }
}
