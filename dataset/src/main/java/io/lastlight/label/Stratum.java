package io.lastlight.label;

import java.util.Locale;

/**
 * Sampling strata by classifier output. Flagged posts form one stratum (sampled at a high rate: precision is
 * measured there); unflagged posts are split by score, so posts with vetoed or weak evidence — where a missed
 * violent post is most likely — are sampled more often than posts with no evidence at all (recall is measured
 * across the three). The same rule is written in SQL ({@link #SQL_CASE}) for the canned query.
 */
public enum Stratum {
    FLAGGED("flagged", 0.4),
    UNFLAGGED_HIGH("unflagged_high", 0.2),
    UNFLAGGED_LOW("unflagged_low", 0.1),
    UNFLAGGED_ZERO("unflagged_zero", 0.3);

    /** Unflagged posts scoring at least this are in {@link #UNFLAGGED_HIGH}. */
    public static final double HIGH_SCORE = 0.1;

    /** The stratum rule over the {@code posts} view's columns, for SQL (must agree with {@link #of}). */
    public static final String SQL_CASE = "CASE WHEN violent THEN 'flagged' WHEN violent_score >= 0.1 THEN 'unflagged_high' "
            + "WHEN violent_score > 0 THEN 'unflagged_low' ELSE 'unflagged_zero' END";

    private final String id;
    private final double share;

    Stratum(String id, double share) {
        this.id = id;
        this.share = share;
    }

    /** The name written in CSV files and the {@code annotations} table. */
    public String id() { return id; }

    /** Target share of the sample (before caps at the stratum's size). */
    public double share() { return share; }

    public static Stratum of(boolean flagged, double score) {
        if (flagged) return FLAGGED;
        if (score >= HIGH_SCORE) return UNFLAGGED_HIGH;
        if (score > 0) return UNFLAGGED_LOW;
        return UNFLAGGED_ZERO;
    }

    /** Parses a stratum name; null when unknown. */
    public static Stratum byId(String id) {
        if (id == null) return null;
        String s = id.trim().toLowerCase(Locale.ROOT);
        for (Stratum st : values()) if (st.id.equals(s)) return st;
        return null;
    }

    @Override
    public String toString() { return id; }
}
