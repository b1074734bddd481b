package io.lastlight.derive;

import io.lastlight.schema.DuckDbViews;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a derived table's query into ranges of one key of the observation table it reads, so that each range
 * is a query of bounded size however large the dataset grows. DuckDB keeps its budget for what it tracks, but
 * the memory it does not track grows with the rows one query covers (measured at 10M posts: the posts query
 * over all 9.9M observations peaked at 5.5 GB RSS at a 3 GB budget; over a tenth of them at a time, 2.5 GB, and
 * in 52 s instead of 85 s since nothing spilled).
 *
 * <p>A table's SQL opts in with a line {@code -- partition by: post_observations(post_id)}: its author declares
 * that the query combines only rows with the same key, so running it once per key range and concatenating
 * the results gives the same rows. The ranges cut the key's order at quantiles of a deterministic sample
 * (rows whose key hashes to 0 modulo a step), so every range holds about as many observations and the same
 * input always gives the same cuts. Observation files are sorted by their key, so DuckDB skips the row groups
 * outside a range by their statistics. The cut points stay inside DuckDB (a session variable), never spliced
 * into SQL text.
 */
final class KeyRanges {
    /** Sampled keys for the quantiles: enough for ranges within a few per cent of equal, cheap to sort. */
    static final long SAMPLE = 50_000;
    private static final Pattern DECLARED = Pattern.compile("(?m)^--\\s*partition by:\\s*([a-z_]+)\\(([a-z_]+)\\)\\s*$");
    private static final String VARIABLE = "lastlight_key_cuts";

    /** The observation table and key a table's query is split by. */
    record Spec(String table, String key) {}

    private KeyRanges() {}

    /** The split a table's SQL declares, if any. */
    static Optional<Spec> declared(String sql) {
        Matcher m = DECLARED.matcher(sql);
        return m.find() ? Optional.of(new Spec(m.group(1), m.group(2))) : Optional.empty();
    }

    /**
     * How many ranges keep each one's share of the observation table under {@code rangeBytes} (its Parquet
     * data uncompressed, a stable measure of what the query has to hold); 1 for a table that fits.
     */
    static int count(Connection c, Path observationDir, long rangeBytes) throws SQLException {
        if (rangeBytes < 1) throw new IllegalArgumentException("rangeBytes must be positive");
        String glob = DuckDbViews.quoteLiteral(observationDir.toAbsolutePath().resolve("*.parquet").toString());
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(sum(total_uncompressed_size), 0) FROM parquet_metadata(" + glob + ")")) {
            rs.next();
            long bytes = rs.getLong(1);
            return (int) Math.max(1, Math.min(10_000, (bytes + rangeBytes - 1) / rangeBytes));
        }
    }

    /**
     * Computes the {@code n - 1} cut points of {@code spec}'s key over {@code source} (a view of the whole
     * observation table) into a variable of connection {@code c}, for {@link #filter}.
     */
    static void cut(Connection c, Spec spec, String source, int n) throws SQLException {
        if (n < 2) throw new IllegalArgumentException("cutting needs at least 2 ranges");
        String key = DuckDbViews.quoteIdent(spec.key());
        long rows;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(" + key + ") FROM " + source)) {
            rs.next();
            rows = rs.getLong(1);
        }
        long step = Math.max(1, rows / SAMPLE);
        StringJoiner fractions = new StringJoiner(", ", "[", "]");
        for (int i = 1; i < n; i++) fractions.add(Double.toString((double) i / n));
        // hash() is DuckDB's own, stable for a given DuckDB version: the same input gives the same sample.
        DuckDb.exec(c, "SET VARIABLE " + VARIABLE + " = (SELECT quantile_disc(" + key + ", " + fractions + ") FROM " + source
                + " WHERE " + key + " IS NOT NULL AND hash(" + key + ") % " + step + " = 0)");
    }

    /**
     * The WHERE condition of range {@code p} of {@code n} (0-based): from the previous cut (inclusive) to the
     * next (exclusive); the first range also holds rows without a key, the last everything from its cut on.
     */
    static String filter(Spec spec, int p, int n) {
        if (p < 0 || p >= n) throw new IllegalArgumentException("range " + p + " of " + n);
        if (n == 1) return "true";
        String key = DuckDbViews.quoteIdent(spec.key());
        String lower = p == 0 ? key + " IS NULL OR getvariable('" + VARIABLE + "') IS NULL" : key + " >= getvariable('" + VARIABLE + "')[" + p + "]";
        String upper = p == n - 1 ? null : key + " < getvariable('" + VARIABLE + "')[" + (p + 1) + "]";
        if (p == 0) return "(" + lower + ") OR " + upper;
        return upper == null ? lower : lower + " AND " + upper;
    }
}
