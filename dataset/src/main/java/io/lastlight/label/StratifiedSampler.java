package io.lastlight.label;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Draws a stratified simple random sample without replacement in one streaming pass: every post gets a
 * pseudo-random key from (seed, post) ({@link #key(long, PostKey)}: two servers' posts of one id get keys of their own); per stratum the posts with the smallest keys are kept (a bottom-k
 * sample is a uniform sample without replacement). After the pass the stratum sizes N_h are known, the sample
 * size n is allocated ({@link #allocate}) and each stratum keeps its n_h smallest keys. The same seed and the
 * same posts give the same sample whatever order the posts arrive in. Memory: at most n posts per stratum.
 */
public final class StratifiedSampler {
    /** A post as the sampler sees it. */
    public record Candidate(PostKey post, boolean flagged, double score) {
        /** A post of a platform with one id space (no instance). */
        public Candidate(String postId, boolean flagged, double score) {
            this(new PostKey(null, null, postId), flagged, score);
        }

        public String postId() { return post.postId(); }
    }

    /** A sampled post with its design: stratum, inclusion probability n_h / N_h and weight N_h / n_h. */
    public record Draw(PostKey post, boolean flagged, double score, Stratum stratum, long key,
                       long stratumSize, int stratumSample) {
        public double inclusionProbability() { return (double) stratumSample / stratumSize; }
        public double weight() { return (double) stratumSize / stratumSample; }
        public String postId() { return post.postId(); }
    }

    private record Keyed(Candidate c, long key) {}

    private static final Comparator<Keyed> ORDER = Comparator.comparingLong(Keyed::key)
            .thenComparing(k -> k.c().post(), PostKey.ORDER);

    private final int n;
    private final long seed;
    private final Map<Stratum, PriorityQueue<Keyed>> heaps = new EnumMap<>(Stratum.class);
    private final Map<Stratum, Long> sizes = new EnumMap<>(Stratum.class);

    public StratifiedSampler(int n, long seed) {
        if (n <= 0) throw new IllegalArgumentException("the sample size must be at least 1, not " + n);
        this.n = n;
        this.seed = seed;
        for (Stratum s : Stratum.values()) {
            heaps.put(s, new PriorityQueue<>(ORDER.reversed()));
            sizes.put(s, 0L);
        }
    }

    public void add(Candidate c) {
        Stratum s = Stratum.of(c.flagged(), c.score());
        sizes.merge(s, 1L, Long::sum);
        Keyed k = new Keyed(c, key(seed, c.post()));
        PriorityQueue<Keyed> h = heaps.get(s);
        if (h.size() < n) {
            h.add(k);
        } else if (ORDER.compare(k, h.peek()) < 0) {
            h.poll();
            h.add(k);
        }
    }

    /** Population size per stratum so far. */
    public Map<Stratum, Long> stratumSizes() {
        return new EnumMap<>(sizes);
    }

    /** The sample, ordered by key (strata interleaved, so annotators do not see them in blocks). */
    public List<Draw> draw() {
        Map<Stratum, Integer> alloc = allocate(n, sizes);
        List<Draw> out = new ArrayList<>();
        List<Keyed> all = new ArrayList<>();
        for (Stratum s : Stratum.values()) {
            List<Keyed> kept = new ArrayList<>(heaps.get(s));
            kept.sort(ORDER);
            all.addAll(kept.subList(0, alloc.get(s)));
        }
        all.sort(ORDER);
        for (Keyed k : all) {
            Stratum s = Stratum.of(k.c().flagged(), k.c().score());
            out.add(new Draw(k.c().post(), k.c().flagged(), k.c().score(), s, k.key(), sizes.get(s), alloc.get(s)));
        }
        return out;
    }

    /**
     * Splits n over the strata: every non-empty stratum gets at least one post (so every stratum is represented and
     * the weights exist), the rest goes by highest averages (D'Hondt) on {@link Stratum#share()}, never more than a
     * stratum holds; what a small stratum cannot take goes to the others. n at least the population is a census.
     */
    public static Map<Stratum, Integer> allocate(int n, Map<Stratum, Long> sizes) {
        Map<Stratum, Integer> a = new EnumMap<>(Stratum.class);
        for (Stratum s : Stratum.values()) a.put(s, 0);
        int left = n;
        for (Stratum s : Stratum.values()) {
            if (left > 0 && sizes.getOrDefault(s, 0L) > 0) {
                a.put(s, 1);
                left--;
            }
        }
        while (left > 0) {
            Stratum best = null;
            double bestQ = -1;
            for (Stratum s : Stratum.values()) {
                if (a.get(s) >= sizes.getOrDefault(s, 0L)) continue;
                double q = s.share() / (a.get(s) + 1);
                if (q > bestQ) {
                    bestQ = q;
                    best = s;
                }
            }
            if (best == null) break; // census: every post is in the sample
            a.merge(best, 1, Integer::sum);
            left--;
        }
        return a;
    }

    /**
     * The key of a post: of its id alone when it has no instance (Parler: the keys, and so the samples, are those of
     * datasets built before instances), else of id and instance, so equal status ids of two servers are drawn
     * independently (with one key they would be drawn together or not at all).
     */
    static long key(long seed, PostKey post) {
        return key(seed, post.instance() == null ? post.postId() : post.postId() + '\n' + post.instance());
    }

    /** A 64-bit pseudo-random key of (seed, post id): FNV-1a over the UTF-8 bytes, then the SplitMix64 finaliser. */
    static long key(long seed, String postId) {
        long h = 0xcbf29ce484222325L ^ mix(seed);
        for (byte b : postId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
