package io.lastlight.estimate;

/** The interval formulas behind the estimates; plain functions of counts, documented where they are used. */
public final class Intervals {
    /** Two-sided 95% normal quantile. */
    public static final double Z95 = 1.959963984540054;

    private Intervals() {}

    /** A point estimate with a two-sided interval. */
    public record Interval(double estimate, double low, double high) {}

    /**
     * Wilson score interval for x successes in n trials: (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n).
     * Near-nominal coverage even for p near 0 or 1, unlike the Wald interval.
     */
    public static Interval wilson(long x, long n, double z) {
        if (n <= 0) throw new IllegalArgumentException("no trials");
        if (x < 0 || x > n) throw new IllegalArgumentException("successes " + x + " outside 0.." + n);
        double p = (double) x / n, z2 = z * z;
        double centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * Chapman's bias-corrected Lincoln–Petersen estimator N = (n1+1)(n2+1)/(m+1) − 1 with Seber's variance
     * (n1+1)(n2+1)(n1−m)(n2−m) / ((m+1)²(m+2)) and Chao's (1987) log-normal 95% interval, which keeps the
     * lower bound at or above the r = n1 + n2 − m individuals actually seen:
     * f0 = N − r, C = exp(z·sqrt(ln(1 + var/f0²))), interval [r + f0/C, r + f0·C].
     */
    public static Interval chapman(long n1, long n2, long m, double z) {
        if (n1 < 0 || n2 < 0 || m < 0 || m > Math.min(n1, n2)) {
            throw new IllegalArgumentException("bad capture counts n1=" + n1 + " n2=" + n2 + " m=" + m);
        }
        double n = (n1 + 1.0) * (n2 + 1.0) / (m + 1.0) - 1.0;
        double var = (n1 + 1.0) * (n2 + 1.0) * (n1 - m) * (n2 - m) / ((m + 1.0) * (m + 1.0) * (m + 2.0));
        double r = n1 + n2 - m;
        double f0 = n - r;
        if (f0 <= 0 || var <= 0) return new Interval(n, r, Math.max(r, n));
        double c = Math.exp(z * Math.sqrt(Math.log(1 + var / (f0 * f0))));
        return new Interval(n, r + f0 / c, r + f0 * c);
    }

    /**
     * The "German tank" estimate of the largest number N in use from k numbers drawn without replacement from
     * 1..N with maximum m: the minimum-variance unbiased m + m/k − 1, and the 95% interval [m, m·20^(1/k)]
     * (P(max ≤ m | N) ≤ (m/N)^k, which is 0.05 at N = m·20^(1/k)).
     */
    public static Interval germanTank(long m, long k) {
        if (k <= 0 || m < k) throw new IllegalArgumentException("need k ≥ 1 distinct numbers with maximum m ≥ k");
        double est = m + (double) m / k - 1;
        return new Interval(est, m, m * Math.pow(20, 1.0 / k));
    }
}
