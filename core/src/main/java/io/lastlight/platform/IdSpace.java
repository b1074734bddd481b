package io.lastlight.platform;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sequential id spaces, for user-count estimates: a platform that numbers its accounts (or posts) 1, 2, 3 …
 * and answers whether a number is taken ({@link Platform#idProbe}) can be sampled uniformly, and the share of
 * numbers taken estimates how many accounts exist. This class holds what is the same for every platform: the
 * range, the seeded sample and the kind name of a probe capture.
 */
public final class IdSpace {
    /** The {@link CrawlRequest#kind()} and {@code captures.item_kind} of an id probe. */
    public static final String KIND = Kinds.ID_PROBE;
    private static final Pattern RANGE = Pattern.compile("^\\s*(\\d{1,18})\\s*-\\s*(\\d{1,18})\\s*$");

    private IdSpace() {}

    /** An inclusive range of sequential numbers. */
    public record Range(long first, long last) {
        public Range {
            if (first < 0 || last < first) throw new IllegalArgumentException("bad range " + first + "-" + last);
        }

        public long size() {
            return last - first + 1;
        }

        /** Parses {@code A-B}; null if the text is not of that form or B &lt; A. */
        public static Range parse(String text) {
            Matcher m = text == null ? null : RANGE.matcher(text);
            if (m == null || !m.matches()) return null;
            long a = Long.parseLong(m.group(1)), b = Long.parseLong(m.group(2));
            return b < a ? null : new Range(a, b);
        }

        @Override
        public String toString() {
            return first + "-" + last;
        }
    }

    /** What an id probe asks: is number {@code number} of {@code idKind} ({@code user}, {@code post}) taken. */
    public record Probe(String idKind, long number) {}

    /** {@code n} distinct numbers drawn uniformly from the range, sorted. Deterministic in the seed. */
    public static long[] sample(Range range, int n, long seed) {
        if (n < 0 || n > range.size()) throw new IllegalArgumentException("cannot draw " + n + " from " + range.size());
        SplittableRandom rnd = new SplittableRandom(seed);
        Set<Long> chosen = new HashSet<>(Math.max(16, n * 2));
        long size = range.size();
        // Floyd: for j = size-n+1 .. size, pick t in [1, j]; take t unless already taken, else take j.
        for (long j = size - n + 1; j <= size; j++) {
            long t = 1 + rnd.nextLong(j);
            chosen.add(chosen.contains(t) ? j : t);
        }
        long[] out = new long[n];
        int i = 0;
        for (long v : chosen) out[i++] = range.first() - 1 + v;
        Arrays.sort(out);
        return out;
    }
}
