package io.lastlight.simulate.world;

/** Stateless 64-bit hashing: every random choice in the world is a pure function of (seed, tag, ids). */
public final class Mix {
    private Mix() {}

    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public static long hash(long seed, long tag, long a) {
        return mix64(seed ^ mix64(tag * 0x9E3779B97F4A7C15L + mix64(a + 0x632BE59BD9B4E019L)));
    }

    public static long hash(long seed, long tag, long a, long b) {
        return hash(seed, tag, a ^ mix64(b * 0xD1B54A32D192ED03L + 1));
    }

    /** Uniform double in [0,1). */
    public static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    public static double unit(long seed, long tag, long a) {
        return unit(hash(seed, tag, a));
    }

    public static double unit(long seed, long tag, long a, long b) {
        return unit(hash(seed, tag, a, b));
    }

    /** Uniform int in [0,n). */
    public static int pick(long h, int n) {
        return (int) Math.floorMod(h >>> 1, (long) n);
    }
}
