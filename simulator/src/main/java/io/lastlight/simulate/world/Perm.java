package io.lastlight.simulate.world;

/**
 * A keyed pseudo-random permutation of [0, n): a 4-round Feistel network over the smallest even bit width
 * covering n, with cycle walking. Both directions are O(1) expected (at most ~4 walks), no tables.
 */
public final class Perm {
    private final long n;
    private final long key;
    private final int half;
    private final long mask;

    public Perm(long n, long key) {
        if (n < 0) throw new IllegalArgumentException("n < 0");
        this.n = n;
        this.key = key;
        int bits = n <= 1 ? 2 : 64 - Long.numberOfLeadingZeros(n - 1);
        if (bits < 2) bits = 2;
        if ((bits & 1) == 1) bits++;
        this.half = bits / 2;
        this.mask = (1L << half) - 1;
    }

    public long size() {
        return n;
    }

    public long apply(long x) {
        if (x < 0 || x >= n) throw new IndexOutOfBoundsException(x + " not in [0," + n + ")");
        if (n == 1) return 0;
        do { x = enc(x); } while (x >= n);
        return x;
    }

    public long inverse(long y) {
        if (y < 0 || y >= n) throw new IndexOutOfBoundsException(y + " not in [0," + n + ")");
        if (n == 1) return 0;
        do { y = dec(y); } while (y >= n);
        return y;
    }

    private long f(int round, long r) {
        return Mix.mix64(key + round * 0x9E3779B97F4A7C15L ^ r * 0xC2B2AE3D27D4EB4FL) & mask;
    }

    private long enc(long x) {
        long l = x >>> half, r = x & mask;
        for (int i = 0; i < 4; i++) {
            long t = r;
            r = l ^ f(i, r);
            l = t;
        }
        return (l << half) | r;
    }

    private long dec(long y) {
        long l = y >>> half, r = y & mask;
        for (int i = 3; i >= 0; i--) {
            long t = l;
            l = r ^ f(i, l);
            r = t;
        }
        return (l << half) | r;
    }
}
