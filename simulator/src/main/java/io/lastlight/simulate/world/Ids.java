package io.lastlight.simulate.world;

/**
 * Public 32-hex-digit ids: the first 64 bits are a keyed invertible encryption of (kind, number), the last
 * 64 bits a keyed checksum, so an id decodes back to its number in O(1) and forged ids are rejected.
 */
public final class Ids {
    public static final int USER = 1, POST = 2, COMMENT = 3, LINK = 4;
    private final long key;

    public Ids(long seed) {
        this.key = Mix.mix64(seed ^ 0x1D5EEDL);
    }

    public String encode(int kind, long number) {
        long plain = ((long) kind << 56) | (number & 0x00FFFFFFFFFFFFFFL);
        long hi = enc(plain);
        long lo = Mix.mix64(hi ^ key * 31 + kind);
        return hex(hi) + hex(lo);
    }

    /** The number behind an id of the given kind, or -1. */
    public long decode(int kind, String id) {
        if (id == null || id.length() != 32) return -1;
        long hi, lo;
        try {
            hi = Long.parseUnsignedLong(id.substring(0, 16), 16);
            lo = Long.parseUnsignedLong(id.substring(16), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
        for (int i = 0; i < 32; i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return -1;
        }
        if (Mix.mix64(hi ^ key * 31 + kind) != lo) return -1;
        long plain = dec(hi);
        if ((plain >>> 56) != kind) return -1;
        return plain & 0x00FFFFFFFFFFFFFFL;
    }

    private static String hex(long v) {
        String s = Long.toHexString(v);
        return "0000000000000000".substring(s.length()) + s;
    }

    private long f(int round, long half) {
        return Mix.mix64(key + round * 0x9E3779B97F4A7C15L ^ half) & 0xFFFFFFFFL;
    }

    private long enc(long x) {
        long l = x >>> 32, r = x & 0xFFFFFFFFL;
        for (int i = 0; i < 4; i++) {
            long t = r;
            r = l ^ f(i, r);
            l = t;
        }
        return (l << 32) | r;
    }

    private long dec(long y) {
        long l = y >>> 32, r = y & 0xFFFFFFFFL;
        for (int i = 3; i >= 0; i--) {
            long t = l;
            l = r ^ f(i, l);
            r = t;
        }
        return (l << 32) | r;
    }
}
