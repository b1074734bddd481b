package io.lastlight.simulate.world;

/**
 * Maps dense indices [0, n) to sequential numbers starting at 1 that skip every number n with
 * n % period == offset (deleted / never-used numbers), and back. O(1) arithmetic.
 */
public final class GapMap {
    private final long period;
    private final long offset;
    private final long count;

    public GapMap(long count, long period, long offset) {
        if (period < 2 || offset < 1 || offset >= period) throw new IllegalArgumentException("bad gap map");
        this.count = count;
        this.period = period;
        this.offset = offset;
    }

    public boolean isGap(long number) {
        return number % period == offset;
    }

    /** Dense index 0.. → number 1.. (skipping gaps). */
    public long number(long index) {
        long per = period - 1; // usable numbers per full period
        long full = index / per, rem = index % per;
        long base = full * period;
        long candidate = rem + 1; // numbers within period are 1..period (mod period 1..0)
        // numbers in a period: base+1 .. base+period; gap is the one whose value % period == offset
        if (candidate >= offset) candidate++;
        return base + candidate;
    }

    /** Number → dense index, or -1 if the number is a gap or out of range. */
    public long index(long number) {
        if (number < 1 || isGap(number)) return -1;
        long full = (number - 1) / period;
        long within = number - full * period; // 1..period
        long rem = within - 1;
        if (within > offset) rem--;
        long idx = full * (period - 1) + rem;
        return idx < count ? idx : -1;
    }

    /** How many dense indices have a number strictly below {@code number} (i.e. the first index at or above it). */
    public long countBelow(long number) {
        if (number <= 1) return 0;
        long x = number - 1; // numbers 1..x
        long gaps = x >= offset ? (x - offset) / period + 1 : 0;
        return Math.min(count, x - gaps);
    }

    public long maxNumber() {
        return count == 0 ? 0 : number(count - 1);
    }
}
