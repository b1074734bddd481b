package io.lastlight.label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Classifier-error correction from a stratified annotated sample.
 *
 * <p>Each annotated post in stratum h stands for N_h / m_h posts (N_h posts in the stratum, m_h of them annotated;
 * with the whole sample annotated this is the design weight 1 / inclusion probability). Horvitz–Thompson sums of the
 * weights give the population counts of true positives, false positives, false negatives and true negatives, hence
 * precision, recall (TPR) and the false-positive rate. The adjusted classify-and-count estimate is
 * (flagged share − FPR) / (TPR − FPR), clipped to [0, 1], with the flagged share taken over the whole population.
 * Its 95% interval is a percentile bootstrap: annotations are resampled with replacement within each stratum. A
 * stratum whose annotations all agree (typically: no violent post among the sampled zero-score posts) would show no
 * uncertainty under resampling although violent posts may well hide there; its violent share is drawn from the Jeffreys
 * posterior Beta(k + 1/2, m − k + 1/2) in each replicate instead, so rare misses widen the interval honestly.
 */
public final class PrevalenceEstimator {
    /** One annotated post: its sampling stratum, the human label and the classifier label. */
    public record Annotation(Stratum stratum, boolean human, boolean classifier) {}

    /** Point estimates (NaN where undefined). */
    public record Estimate(double tp, double fp, double fn, double tn, double precision, double recall, double fpr,
                           double flaggedShare, double adjustedShare) {
        public double population() { return tp + fp + fn + tn; }
    }

    /** A percentile interval and how many replicates were usable. */
    public record Interval(double low, double high, int replicates, int undefined) {}

    /** Estimates with bootstrap intervals. */
    public record Result(Estimate estimate, Interval adjusted, Interval precision, Interval recall, Interval fpr,
                         Map<Stratum, Long> population, Map<Stratum, Integer> annotated, Map<Stratum, Integer> humanViolent,
                         List<Stratum> unannotated, long seed) {
        /** Every non-empty stratum has annotations, so the estimate covers the whole population. */
        public boolean complete() { return unannotated.isEmpty(); }
    }

    private final Map<Stratum, Long> population;
    private final long flagged;
    private final long total;

    /**
     * @param population posts per stratum in the dataset (N_h)
     */
    public PrevalenceEstimator(Map<Stratum, Long> population) {
        this.population = new EnumMap<>(Stratum.class);
        long t = 0;
        for (Stratum s : Stratum.values()) {
            long v = population.getOrDefault(s, 0L);
            if (v < 0) throw new IllegalArgumentException("negative population for " + s);
            this.population.put(s, v);
            t += v;
        }
        this.total = t;
        this.flagged = this.population.get(Stratum.FLAGGED);
    }

    public double flaggedShare() {
        return total == 0 ? Double.NaN : (double) flagged / total;
    }

    /** The point estimate from these annotations. */
    public Estimate estimate(List<Annotation> annotations) {
        Map<Stratum, int[]> cells = cells(annotations);
        return fromCells(cells);
    }

    /** Point estimate plus percentile bootstrap intervals (seeded; replicates ≥ 1). */
    public Result run(List<Annotation> annotations, int replicates, long seed) {
        if (replicates < 1) throw new IllegalArgumentException("replicates must be at least 1, not " + replicates);
        Map<Stratum, int[]> cells = cells(annotations);
        Estimate point = fromCells(cells);
        Map<Stratum, boolean[][]> byStratum = new EnumMap<>(Stratum.class);
        for (Stratum s : Stratum.values()) {
            List<boolean[]> rows = new ArrayList<>();
            for (Annotation a : annotations) if (a.stratum() == s) rows.add(new boolean[] {a.human(), a.classifier()});
            byStratum.put(s, rows.toArray(new boolean[0][]));
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] adj = new double[replicates], prec = new double[replicates], rec = new double[replicates], fprs = new double[replicates];
        for (int r = 0; r < replicates; r++) {
            Map<Stratum, double[]> c = new EnumMap<>(Stratum.class);
            for (Stratum s : Stratum.values()) {
                boolean[][] rows = byStratum.get(s);
                double[] share = new double[4];
                int[] observed = cells.get(s);
                int m = rows.length;
                int violent = observed[0] + observed[1];
                if (m > 0 && (violent == 0 || violent == m)) {
                    // every annotation in the stratum agrees: resampling would show no uncertainty at all, so the
                    // stratum's violent share is drawn from its Jeffreys posterior Beta(k + 1/2, m - k + 1/2) instead
                    double p = beta(rnd, violent + 0.5, m - violent + 0.5);
                    boolean flagged = observed[0] + observed[2] >= observed[1] + observed[3];
                    share[index(true, flagged)] = p;
                    share[index(false, flagged)] = 1 - p;
                } else {
                    for (int i = 0; i < m; i++) {
                        boolean[] row = rows[rnd.nextInt(m)];
                        share[index(row[0], row[1])] += 1.0 / m;
                    }
                }
                c.put(s, share);
            }
            Estimate e = fromShares(c);
            adj[r] = e.adjustedShare();
            prec[r] = e.precision();
            rec[r] = e.recall();
            fprs[r] = e.fpr();
        }
        Map<Stratum, Integer> annotated = new EnumMap<>(Stratum.class);
        Map<Stratum, Integer> violent = new EnumMap<>(Stratum.class);
        List<Stratum> missing = new ArrayList<>();
        for (Stratum s : Stratum.values()) {
            int[] cell = cells.get(s);
            annotated.put(s, cell[0] + cell[1] + cell[2] + cell[3]);
            violent.put(s, cell[index(true, true)] + cell[index(true, false)]);
            if (population.get(s) > 0 && annotated.get(s) == 0) missing.add(s);
        }
        return new Result(point, percentile(adj), percentile(prec), percentile(rec), percentile(fprs),
                new EnumMap<>(population), annotated, violent, missing, seed);
    }

    // cell index: 0 = TP (human violent, flagged), 1 = FN, 2 = FP, 3 = TN
    private static int index(boolean human, boolean classifier) {
        return human ? (classifier ? 0 : 1) : (classifier ? 2 : 3);
    }

    private static Map<Stratum, int[]> cells(List<Annotation> annotations) {
        Map<Stratum, int[]> cells = new EnumMap<>(Stratum.class);
        for (Stratum s : Stratum.values()) cells.put(s, new int[4]);
        for (Annotation a : annotations) cells.get(a.stratum())[index(a.human(), a.classifier())]++;
        return cells;
    }

    private Estimate fromCells(Map<Stratum, int[]> cells) {
        Map<Stratum, double[]> shares = new EnumMap<>(Stratum.class);
        for (Stratum s : Stratum.values()) {
            int[] c = cells.get(s);
            int m = c[0] + c[1] + c[2] + c[3];
            double[] sh = new double[4];
            if (m > 0) for (int i = 0; i < 4; i++) sh[i] = (double) c[i] / m;
            shares.put(s, sh);
        }
        return fromShares(shares);
    }

    /** Horvitz–Thompson totals from each stratum's cell shares (a stratum without annotations contributes nothing). */
    private Estimate fromShares(Map<Stratum, double[]> shares) {
        double tp = 0, fn = 0, fp = 0, tn = 0;
        for (Stratum s : Stratum.values()) {
            double[] c = shares.get(s);
            double n = population.get(s);
            tp += n * c[0];
            fn += n * c[1];
            fp += n * c[2];
            tn += n * c[3];
        }
        double precision = ratio(tp, tp + fp);
        double recall = ratio(tp, tp + fn);
        double fpr = ratio(fp, fp + tn);
        return new Estimate(tp, fp, fn, tn, precision, recall, fpr, flaggedShare(), adjusted(flaggedShare(), recall, fpr, tp + fn));
    }

    /**
     * (flagged − FPR) / (TPR − FPR) clipped to [0, 1]. With no violent post among the annotations TPR is undefined
     * and the estimate is 0 (the annotations found no violence); with TPR ≤ FPR the classifier carries no signal
     * and the estimate is undefined (NaN).
     */
    static double adjusted(double flaggedShare, double tpr, double fpr, double positives) {
        if (Double.isNaN(flaggedShare)) return Double.NaN;
        if (positives == 0) return 0.0;
        if (Double.isNaN(fpr)) fpr = 0.0; // no annotated negatives: nothing says the classifier errs on them
        if (Double.isNaN(tpr) || tpr - fpr <= 0) return Double.NaN;
        double v = (flaggedShare - fpr) / (tpr - fpr);
        return Math.max(0.0, Math.min(1.0, v));
    }

    /** A Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
    static double beta(SplittableRandom rnd, double a, double b) {
        double x = gamma(rnd, a), y = gamma(rnd, b);
        return x / (x + y);
    }

    /** Marsaglia–Tsang Gamma(shape, 1) draw; shapes below 1 use the U^(1/shape) boost. */
    static double gamma(SplittableRandom rnd, double shape) {
        if (shape < 1) return gamma(rnd, shape + 1) * Math.pow(rnd.nextDouble(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x, v;
            do {
                x = normal(rnd);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rnd.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
        }
    }

    private static double normal(SplittableRandom rnd) {
        double u1 = rnd.nextDouble(), u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    /** 2.5th and 97.5th percentiles (nearest rank) of the defined replicates. */
    static Interval percentile(double[] values) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        int undefined = values.length - v.length;
        if (v.length == 0) return new Interval(Double.NaN, Double.NaN, 0, undefined);
        return new Interval(v[rank(0.025, v.length)], v[rank(0.975, v.length)], v.length, undefined);
    }

    private static int rank(double q, int n) {
        int r = (int) Math.ceil(q * n) - 1;
        return Math.max(0, Math.min(n - 1, r));
    }
}
