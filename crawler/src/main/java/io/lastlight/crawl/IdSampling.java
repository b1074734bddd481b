package io.lastlight.crawl;

import io.lastlight.platform.CrawlRequest;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ID-space sampling for user-count estimates ({@code lastlight crawl --sample-ids N --id-range A-B}): draws N
 * distinct sequential numbers uniformly at random from [A, B] (Floyd's algorithm, seeded, so a resumed crawl
 * draws the same numbers and the frontier deduplicates them) and turns each into a probe of Parler's
 * {@code /v3/uuidConversion/user/<n>}: 200 means an account holds that number, 404 means none does. The
 * probes are ordinary captures (kind {@value #KIND}); {@code lastlight estimate users} reads them back from
 * the dataset's {@code captures} table.
 */
public final class IdSampling {
    public static final String KIND = "id-probe";
    /** Path prefix of the probed endpoint; the number follows {@code <kind>/}. */
    public static final String PATH = "/v3/uuidConversion/";
    /** Scheduled after profiles and big accounts' posts, before the long tail of list pages. */
    static final int TIER = 3;
    private static final Pattern RANGE = Pattern.compile("^\\s*(\\d{1,18})\\s*-\\s*(\\d{1,18})\\s*$");

    private IdSampling() {}

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

    /** The crawl options; {@link CrawlCommand} mixes them in. */
    public static final class Options {
        @Option(names = "--sample-ids", paramLabel = "N",
                description = "Also probe N random sequential ids in --id-range (for 'lastlight estimate users').")
        Integer sampleIds;

        @Option(names = "--id-range", paramLabel = "A-B", description = "Inclusive range of sequential ids to sample, e.g. 1-20000000.")
        String idRange;

        @Option(names = "--sample-kind", paramLabel = "KIND", defaultValue = "user",
                description = "What the sampled ids number: user or post (default: ${DEFAULT-VALUE}).")
        String sampleKind;

        @Option(names = "--sample-seed", paramLabel = "S", defaultValue = "1",
                description = "Seed of the id sample (default: ${DEFAULT-VALUE}); use another seed for an independent second pass.")
        long sampleSeed;

        public boolean enabled() {
            return sampleIds != null || idRange != null;
        }

        /** The probe requests; empty if sampling was not asked for. Throws IllegalArgumentException on bad values. */
        public List<CrawlRequest> requests(URI base) {
            if (!enabled()) return List.of();
            if (sampleIds == null || idRange == null) {
                throw new IllegalArgumentException("--sample-ids N and --id-range A-B go together");
            }
            Range r = Range.parse(idRange);
            if (r == null) throw new IllegalArgumentException("--id-range must be A-B with whole numbers A ≤ B, not '" + idRange + "'");
            if (!sampleKind.equals("user") && !sampleKind.equals("post")) {
                throw new IllegalArgumentException("--sample-kind must be user or post, not '" + sampleKind + "'");
            }
            if (sampleIds < 1 || sampleIds > r.size()) {
                throw new IllegalArgumentException("--sample-ids must be between 1 and the range size " + r.size() + ", not " + sampleIds);
            }
            return IdSampling.requests(base, sampleKind, r, sampleIds, sampleSeed);
        }
    }

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

    public static URI probeUri(URI base, String kind, long number) {
        String b = base.toString();
        if (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        return URI.create(b + PATH + kind + "/" + number);
    }

    public static List<CrawlRequest> requests(URI base, String kind, Range range, int n, long seed) {
        List<CrawlRequest> out = new ArrayList<>(n);
        for (long number : sample(range, n, seed)) {
            out.add(new CrawlRequest(probeUri(base, kind, number), KIND, "parler:" + KIND + ":" + kind + ":" + number, TIER, 0));
        }
        return out;
    }
}
