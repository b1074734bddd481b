package io.lastlight.simulate;

import io.lastlight.simulate.world.Mix;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Fractions of requests that fail on purpose: {@code 5xx=0.1,reset=0.02,slow=0.05,truncate=0.01,
 * malformed=0.01,challenge=0.01,storm=0.05}. Kinds are exclusive per request; their sum must be at most 1.
 *
 * <p>{@link #kindAt} lays the faults out exactly, not by independent draws: in every block of
 * {@value #BLOCK} consecutive requests each kind fails its share ({@code truncate=0.01} is one request in
 * every hundred, {@code 0.005} one in every second hundred), at positions a seeded permutation of the block
 * chooses. With independent draws a 1% fault could go unseen for 600 requests (it did, with seed 21), so a
 * short fault test could pass without the fault ever firing. {@code storm} is the exception: its share of
 * each block comes first and in a row (a 429 storm: {@code storm=0.05} answers requests 0-4 of every hundred
 * with 429, whatever the client's pace); the other kinds are spread over the rest of the block.
 */
public final class FaultSpec {
    /** Requests per block: each kind fails exactly {@code round(fraction × BLOCK)} of them (carried over). */
    public static final int BLOCK = 100;
    private static final long TAG_POSITION = 0xFA019L;

    /** The fault kinds, in the order their probability ranges are laid out on [0,1). */
    public enum Kind { SERVER_ERROR("5xx"), RESET("reset"), SLOW("slow"), TRUNCATE("truncate"), MALFORMED("malformed"), CHALLENGE("challenge"),
        STORM("storm");
        final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final Map<Kind, Double> fractions;

    private FaultSpec(Map<Kind, Double> fractions) {
        this.fractions = fractions;
    }

    public static final FaultSpec NONE = new FaultSpec(new LinkedHashMap<>());

    /** Parses a spec; throws IllegalArgumentException with a message saying what is expected. */
    public static FaultSpec parse(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) return NONE;
        Map<Kind, Double> m = new LinkedHashMap<>();
        double sum = 0;
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int e = p.indexOf('=');
            if (e < 0) throw new IllegalArgumentException("fault '" + p + "' needs a fraction, e.g. 5xx=0.1");
            String key = p.substring(0, e).trim().toLowerCase(Locale.ROOT);
            Kind kind = null;
            for (Kind k : Kind.values()) if (k.key.equals(key)) kind = k;
            if (kind == null) throw new IllegalArgumentException("unknown fault '" + key + "'; expected one of 5xx, reset, slow, truncate, malformed, challenge, storm");
            double f;
            try {
                f = Double.parseDouble(p.substring(e + 1).trim());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("fault fraction '" + p.substring(e + 1) + "' is not a number; expected a fraction in [0,1] such as 0.05");
            }
            if (!(f >= 0 && f <= 1)) throw new IllegalArgumentException("fault fraction for " + key + " must be in [0,1], got " + f);
            m.put(kind, f);
            sum += f;
        }
        if (sum > 1.0 + 1e-9) throw new IllegalArgumentException("fault fractions add up to " + sum + "; they must add up to at most 1");
        return new FaultSpec(m);
    }

    public double fraction(Kind k) {
        return fractions.getOrDefault(k, 0.0);
    }

    public boolean isEmpty() {
        return fractions.values().stream().allMatch(f -> f == 0);
    }

    /**
     * The fault of request number {@code seq} (0-based) under {@code seed}, or null for none. Deterministic;
     * over blocks 0..b-1 kind k has failed exactly {@code floor(fraction(k) × BLOCK × b + 1/2)} requests.
     */
    public Kind kindAt(long seed, long seq) {
        if (seq < 0) throw new IllegalArgumentException("request number must be ≥ 0, got " + seq);
        long block = seq / BLOCK;
        int pos = (int) (seq % BLOCK);
        int storm = (int) (quota(fraction(Kind.STORM), block + 1) - quota(fraction(Kind.STORM), block));
        if (pos < storm) return Kind.STORM;
        int rank = rank(seed, block, pos, storm);
        long upTo = 0;
        for (Kind k : Kind.values()) {
            double f = fraction(k);
            if (f == 0 || k == Kind.STORM) continue;
            upTo += quota(f, block + 1) - quota(f, block);
            if (rank < upTo) return k;
        }
        return null;
    }

    /** Requests of a kind with this fraction that fail in the first {@code blocks} blocks. */
    private static long quota(double fraction, long blocks) {
        return (long) Math.floor(fraction * BLOCK * blocks + 0.5);
    }

    /** The position's place in a seeded permutation of positions from..BLOCK-1: how many of them sort before it. */
    private static int rank(long seed, long block, int pos, int from) {
        long mine = Mix.hash(seed, TAG_POSITION, block, pos);
        int before = 0;
        for (int q = from; q < BLOCK; q++) {
            if (q == pos) continue;
            long other = Mix.hash(seed, TAG_POSITION, block, q);
            int c = Long.compareUnsigned(other, mine);
            if (c < 0 || (c == 0 && q < pos)) before++;
        }
        return before;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        fractions.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k.key).append('=').append(v));
        return sb.toString();
    }
}
