package io.lastlight.schedule;

/**
 * A bounded log-bucket histogram of follower counts (8 buckets per doubling, up to 2^63): quantiles of
 * every count seen so far in constant memory, accurate to about 9%.
 */
public final class FollowerHistogram {
    private static final int PER_DOUBLING = 8;
    private final long[] buckets = new long[64 * PER_DOUBLING + 1];
    private long n;

    public synchronized void add(double followers) {
        buckets[bucket(Math.max(0, followers))]++;
        n++;
    }

    public synchronized long count() {
        return n;
    }

    /** The q-quantile (0..1) of the counts seen, as its bucket's lower bound; 0 before any count. */
    public synchronized double quantile(double q) {
        if (n == 0) return 0;
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int b = 0; b < buckets.length; b++) {
            seen += buckets[b];
            if (seen >= Math.max(1, rank)) return lowerBound(b);
        }
        return lowerBound(buckets.length - 1);
    }

    private static int bucket(double v) {
        if (v < 1) return 0;
        int b = 1 + (int) Math.floor(Math.log(v) / Math.log(2) * PER_DOUBLING);
        return Math.min(b, 64 * PER_DOUBLING);
    }

    private static double lowerBound(int b) {
        return b == 0 ? 0 : Math.pow(2, (b - 1) / (double) PER_DOUBLING);
    }
}
