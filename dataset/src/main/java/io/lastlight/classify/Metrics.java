package io.lastlight.classify;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.regex.Pattern;

/** Confusion counts of a binary classifier on one evaluation set, with precision, recall, F1 and flagged share. */
public record Metrics(int tp, int fp, int fn, int tn) {
    /**
     * The keyword baseline the issue compares against: 13 violent word stems anywhere in the text (any suffix),
     * case-insensitive — kill, murder, shoot/shot, hang/hung, lynch, stab, execute, exterminate, slaughter, behead,
     * die/dead, death, bullet.
     */
    public static final Pattern KEYWORDS = Pattern.compile(
            "\\b(?:kill|murder|shoot|shot|hang|hung|lynch|stab|execut|extermin|slaughter|behead|die|dead|death|bullet)\\w*",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    public static boolean keyword(String text) {
        return KEYWORDS.matcher(text).find();
    }

    public Metrics add(boolean predicted, boolean actual) {
        if (predicted && actual) return new Metrics(tp + 1, fp, fn, tn);
        if (predicted) return new Metrics(tp, fp + 1, fn, tn);
        if (actual) return new Metrics(tp, fp, fn + 1, tn);
        return new Metrics(tp, fp, fn, tn + 1);
    }

    public int n() {
        return tp + fp + fn + tn;
    }

    public double precision() {
        return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    }

    public double recall() {
        return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    }

    public double f1() {
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    public double flaggedShare() {
        return n() == 0 ? 0 : (double) (tp + fp) / n();
    }

    /**
     * Precision and F1 if violent posts made up {@code share} of the population (negatives re-weighted; recall is
     * unchanged): what the same classifier would score on, e.g., a set of hate comments where one in four is violent.
     */
    public double[] atShare(double share) {
        int pos = tp + fn, neg = fp + tn;
        if (pos == 0 || neg == 0) return new double[] {precision(), f1()};
        double w = (double) pos / neg * (1 - share) / share;
        double p = tp + fp * w == 0 ? 0 : tp / (tp + fp * w);
        double f = tp == 0 ? 0 : 2 * tp / (2 * tp + fp * w + fn);
        return new double[] {p, f};
    }

    public ObjectNode toJson() {
        ObjectNode o = LabelJson.MAPPER.createObjectNode();
        o.put("n", n());
        o.put("positives", tp + fn);
        o.put("tp", tp);
        o.put("fp", fp);
        o.put("fn", fn);
        o.put("tn", tn);
        o.put("precision", round(precision()));
        o.put("recall", round(recall()));
        o.put("f1", round(f1()));
        o.put("flagged_share", round(flaggedShare()));
        if (tp + fn > 0 && fp + tn > 0) {
            double[] q = atShare(0.25);
            o.put("precision_at_share_0.25", round(q[0]));
            o.put("f1_at_share_0.25", round(q[1]));
        }
        return o;
    }

    static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
