package io.lastlight.classify;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Trains the logistic-regression model of {@link LinearModel}: AdaGrad stochastic gradient descent on the weighted
 * log-loss with L2 on the weights a step touches, a seeded shuffle per epoch, then Platt calibration on held-out data
 * and the threshold that maximises the hybrid's F1 there. Deterministic: one thread updates the weights in an order
 * fixed by the seed, and all arithmetic is Java's strict IEEE double ({@link StrictMath} for exp/log), so the same
 * data, seed and parameters give the same bytes on any JVM.
 */
public final class ModelTrainer {
    /** Hyper-parameters (stored in the manifest). */
    /**
     * {@code targetShare}: the violent share of the population the threshold is tuned for (dev negatives are re-weighted
     * so violent posts make up this share when F1 is computed); see docs/classifier.md.
     */
    public record Params(int bits, int epochs, double learningRate, double l2, double positiveWeight, double targetShare, long seed) {
        public static Params defaults(long seed) {
            return new Params(20, 6, 0.2, 1e-4, 6.0, 0.25, seed);
        }
    }

    /** A featurised example: sorted distinct feature indices with summed values, the label and rules' verdict. */
    public record Vec(int[] idx, float[] val, boolean y, boolean rules, boolean vetoed, boolean gate) {}

    private final Params params;
    private final TextFeatures features;

    public ModelTrainer(Params params) {
        this.params = params;
        this.features = new TextFeatures(params.bits());
    }

    public Params params() {
        return params;
    }

    /** Featurises texts with the rules' labels (parallel, each result in its own slot: deterministic). */
    public Vec[] featurise(List<TrainingData.Example> examples, RulesClassifier rules) {
        Vec[] out = new Vec[examples.size()];
        ThreadLocal<TextFeatures.Buf> bufs = ThreadLocal.withInitial(TextFeatures.Buf::new);
        IntStream.range(0, examples.size()).parallel().forEach(i -> {
            TrainingData.Example e = examples.get(i);
            Label r = rules.classify(e.text());
            TextFeatures.Buf b = bufs.get();
            boolean gate = features.violenceCue(e.text(), b);
            features.extract(e.text(), r, b);
            out[i] = compact(b, e.violent(), r.label(), !r.suppressed().isEmpty() || b.guard, gate);
        });
        return out;
    }

    static Vec compact(TextFeatures.Buf b, boolean y, boolean rules, boolean vetoed, boolean gate) {
        long[] pairs = new long[b.n];
        for (int i = 0; i < b.n; i++) pairs[i] = ((long) b.idx[i] << 32) | i;
        Arrays.sort(pairs);
        int[] idx = new int[b.n];
        float[] val = new float[b.n];
        int k = -1;
        for (long p : pairs) {
            int f = (int) (p >>> 32);
            float v = b.val[(int) p];
            if (k >= 0 && idx[k] == f) val[k] += v;
            else {
                idx[++k] = f;
                val[k] = v;
            }
        }
        return new Vec(Arrays.copyOf(idx, k + 1), Arrays.copyOf(val, k + 1), y, rules, vetoed, gate);
    }

    /** Trains weights on {@code train} (in its given order, shuffled per epoch by the seed). */
    public float[] train(Vec[] train) {
        int dims = features.dims();
        double[] w = new double[dims];
        double[] g2 = new double[dims];
        int[] order = new int[train.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Random rnd = new Random(params.seed());
        double lr = params.learningRate(), l2 = params.l2(), pw = params.positiveWeight();
        for (int epoch = 0; epoch < params.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int o : order) {
                Vec v = train[o];
                double m = 0;
                for (int k = 0; k < v.idx().length; k++) m += w[v.idx()[k]] * v.val()[k];
                double p = sigmoid(m);
                double g = (p - (v.y() ? 1 : 0)) * (v.y() ? pw : 1.0);
                for (int k = 0; k < v.idx().length; k++) {
                    int f = v.idx()[k];
                    double grad = g * v.val()[k] + l2 * w[f];
                    g2[f] += grad * grad;
                    w[f] -= lr * grad / (Math.sqrt(g2[f]) + 1e-8);
                }
            }
        }
        float[] out = new float[dims];
        for (int i = 0; i < dims; i++) out[i] = (float) w[i];
        return out;
    }

    static double sigmoid(double m) {
        return 1.0 / (1.0 + StrictMath.exp(-m));
    }

    /** Raw margins of {@code vecs} under weights {@code w} (as the float weights the model ships). */
    static double[] margins(float[] w, Vec[] vecs) {
        double[] m = new double[vecs.length];
        for (int i = 0; i < vecs.length; i++) {
            double s = 0;
            for (int k = 0; k < vecs[i].idx().length; k++) s += w[vecs[i].idx()[k]] * vecs[i].val()[k];
            m[i] = s;
        }
        return m;
    }

    /**
     * Platt scaling: fits {@code p = sigmoid(a·m + b)} to held-out labels by Newton's method on the log-loss, with
     * Platt's smoothed targets ({@code (n+ + 1)/(n+ + 2)} and {@code 1/(n- + 2)}). Returns {a, b}.
     */
    static double[] platt(double[] m, boolean[] y) {
        int np = 0;
        for (boolean b : y) if (b) np++;
        int nn = y.length - np;
        double tp = (np + 1.0) / (np + 2.0), tn = 1.0 / (nn + 2.0);
        double a = 1, b = 0;
        for (int it = 0; it < 100; it++) {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (int i = 0; i < m.length; i++) {
                double p = sigmoid(a * m[i] + b);
                double t = y[i] ? tp : tn;
                double d = p - t, h = p * (1 - p);
                ga += d * m[i];
                gb += d;
                haa += h * m[i] * m[i];
                hab += h * m[i];
                hbb += h;
            }
            double det = haa * hbb - hab * hab;
            if (det <= 0) break;
            double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
            a -= da;
            b -= db;
            if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
        }
        return new double[] {a, b};
    }

    /**
     * The threshold on p in [0.05, 0.95] (step 0.01) that maximises F1 of the hybrid decision
     * ({@link HybridClassifier#decide}) on the given held-out
     * examples, with the negatives re-weighted so that violent posts make up {@code targetShare} of the weighted total
     * (0 or less: no re-weighting); ties go to the higher threshold.
     */
    static double bestThreshold(double[] p, boolean[] y, boolean[] rules, boolean[] vetoed, double targetShare) {
        int npos = 0;
        for (boolean b : y) if (b) npos++;
        int nneg = y.length - npos;
        double wn = targetShare > 0 && npos > 0 && nneg > 0 ? (double) npos / nneg * (1 - targetShare) / targetShare : 1.0;
        double best = 0.5, bestF = -1;
        for (int s = 5; s <= 95; s++) {
            double t = s / 100.0;
            double tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < p.length; i++) {
                boolean hit = HybridClassifier.decide(rules[i], vetoed[i], p[i], t);
                if (hit && y[i]) tp++;
                else if (hit) fp += wn;
                else if (y[i]) fn++;
            }
            double f = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            if (f >= bestF) {
                bestF = f;
                best = t;
            }
        }
        return best;
    }
}
