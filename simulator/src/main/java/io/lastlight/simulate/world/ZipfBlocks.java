package io.lastlight.simulate.world;

/**
 * Splits M positions [0, M) into K consecutive blocks, block k having a size proportional to a heavy-tailed
 * density (x + x0)^-alpha over x in [k, k+1). Both "which block holds position p" and "where does block k
 * start" are O(1): block boundaries are ceil(M * F(k)) for a closed-form CDF F. Small blocks round to zero,
 * which gives the long tail of members with no positions at all.
 */
public final class ZipfBlocks {
    private final long m;
    private final long k;
    private final double alpha;
    private final double x0;
    private final double g0;
    private final double gk;

    public ZipfBlocks(long positions, long members, double alpha, double x0) {
        if (alpha == 1.0) alpha = 1.0000001;
        this.m = positions;
        this.k = members;
        this.alpha = alpha;
        this.x0 = x0;
        this.g0 = g(0);
        this.gk = g(members);
    }

    private double g(double x) {
        return StrictMath.pow(x + x0, 1 - alpha) / (1 - alpha);
    }

    private double cdf(double x) {
        return (g(x) - g0) / (gk - g0);
    }

    private double inverseCdf(double u) {
        double gv = g0 + u * (gk - g0);
        return StrictMath.pow(gv * (1 - alpha), 1 / (1 - alpha)) - x0;
    }

    public long positions() {
        return m;
    }

    public long members() {
        return k;
    }

    /** First position of block j (start(K) == M). */
    public long start(long j) {
        if (j <= 0) return 0;
        if (j >= k) return m;
        long s = (long) Math.ceil(m * cdf(j));
        return Math.min(Math.max(s, 0), m);
    }

    public long size(long j) {
        return Math.max(0, start(j + 1) - start(j));
    }

    /** The block holding position p. */
    public long member(long p) {
        if (p < 0 || p >= m) throw new IndexOutOfBoundsException(p + " not in [0," + m + ")");
        long j = (long) Math.floor(inverseCdf((p + 0.5) / m));
        if (j < 0) j = 0;
        if (j >= k) j = k - 1;
        while (j > 0 && start(j) > p) j--;
        while (j < k - 1 && start(j + 1) <= p) j++;
        return j;
    }
}
