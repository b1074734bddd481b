package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Item counts by state, per kind and per tier and kind (progress, JSON stats, coverage report), read from the
 * {@code item_counts} table the frontier's triggers keep ({@link FrontierSchema#countsTable}).
 */
final class FrontierCounts {
    private final PreparedStatement byKind;
    private final PreparedStatement byTierAndKind;

    FrontierCounts(Connection db) throws SQLException {
        byKind = db.prepareStatement("SELECT kind, state, sum(n) FROM item_counts GROUP BY kind, state HAVING sum(n) <> 0 ORDER BY kind");
        byTierAndKind = db.prepareStatement("SELECT tier, kind, state, n FROM item_counts WHERE n <> 0");
    }

    /** kind → counts, in kind order. */
    Map<String, FrontierStats> byKind() throws SQLException {
        Map<String, long[]> acc = new LinkedHashMap<>();
        try (ResultSet rs = byKind.executeQuery()) {
            while (rs.next()) acc.computeIfAbsent(rs.getString(1), k -> new long[ItemState.COUNT])[rs.getInt(2)] = rs.getLong(3);
        }
        Map<String, FrontierStats> out = new LinkedHashMap<>();
        acc.forEach((k, a) -> out.put(k, ItemState.stats(a)));
        return out;
    }

    /** tier → kind → counts, both in order. */
    Map<Integer, Map<String, FrontierStats>> byTierAndKind() throws SQLException {
        Map<Integer, Map<String, long[]>> acc = new TreeMap<>();
        try (ResultSet rs = byTierAndKind.executeQuery()) {
            while (rs.next()) {
                acc.computeIfAbsent(rs.getInt(1), t -> new TreeMap<>())
                        .computeIfAbsent(rs.getString(2), k -> new long[ItemState.COUNT])[rs.getInt(3)] = rs.getLong(4);
            }
        }
        Map<Integer, Map<String, FrontierStats>> out = new TreeMap<>();
        acc.forEach((t, kinds) -> {
            Map<String, FrontierStats> m = new TreeMap<>();
            kinds.forEach((k, a) -> m.put(k, ItemState.stats(a)));
            out.put(t, m);
        });
        return out;
    }

    static FrontierStats sum(Collection<FrontierStats> parts) {
        FrontierStats total = new FrontierStats(0, 0, 0, 0);
        for (FrontierStats s : parts) {
            total = new FrontierStats(total.queued() + s.queued(), total.leased() + s.leased(), total.done() + s.done(),
                    total.failed() + s.failed());
        }
        return total;
    }
}
