package io.lastlight.schedule;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierStats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running plan: per tier, what is captured, known and estimated unknown, and — from the measured
 * throughput — what the crawl will have by the deadline ({@link DeadlinePlanner}).
 * <p>
 * Estimated unknown: every captured profile implies list pages by kind ({@code Platform.expectedPages}),
 * recorded under the tier its first page was given; the estimate for a kind and tier is the implied pages
 * minus the pages of that kind the frontier holds in that tier. A kind whose pages also sit in tiers its
 * first pages never went to (follower lists: tier 1 while they discover profiles, tier 4 after) is
 * estimated over all its tiers and the remainder counted in its latest tier.
 */
public final class DeadlineTracker {
    private final DeadlinePlanner planner;
    private final ThroughputMeter meter;
    private final Map<String, Map<Integer, Long>> expected = new HashMap<>();

    public DeadlineTracker(DeadlinePlanner planner, ThroughputMeter meter) {
        this.planner = planner;
        this.meter = meter;
    }

    public DeadlinePlanner planner() {
        return planner;
    }

    /** A request finished (captured, failed or retried): one unit of throughput. */
    public void completed() {
        meter.record();
    }

    /** A profile's implied pages of {@code kind}, whose first page went to {@code tier}. */
    public synchronized void expect(String kind, int tier, long pages) {
        expected.computeIfAbsent(kind, k -> new TreeMap<>()).merge(tier, pages, Long::sum);
    }

    /**
     * Per tier, from the frontier: the crawl's estimate of pages not yet known when the frontier is shared by
     * several workers (each adds what its captures imply), else this process's own.
     */
    public List<TierCounts> counts(Frontier frontier) {
        Map<Integer, Map<String, FrontierStats>> byTier = frontier.statsByTierAndKind();
        Map<String, Map<Integer, Long>> implied = frontier.sharedExpectedPages().orElse(null);
        if (implied == null) {
            Map<String, Map<Integer, Long>> own = new HashMap<>();
            synchronized (this) {
                expected.forEach((k, v) -> own.put(k, new TreeMap<>(v)));
            }
            implied = own;
        }
        return counts(byTier, implied);
    }

    /** Per tier: captured, known but not captured, and the estimate of what is not known yet. */
    public static List<TierCounts> counts(Map<Integer, Map<String, FrontierStats>> byTier,
                                          Map<String, Map<Integer, Long>> expected) {
        Map<Integer, Long> unknown = new TreeMap<>();
        expected.forEach((kind, perTier) -> {
            Map<Integer, Long> known = new TreeMap<>();
            byTier.forEach((t, kinds) -> {
                FrontierStats s = kinds.get(kind);
                if (s != null && s.total() > 0) known.put(t, s.total());
            });
            if (perTier.keySet().containsAll(known.keySet())) {
                perTier.forEach((t, e) -> unknown.merge(t, Math.max(0, e - known.getOrDefault(t, 0L)), Long::sum));
            } else {
                long e = perTier.values().stream().mapToLong(Long::longValue).sum();
                long k = known.values().stream().mapToLong(Long::longValue).sum();
                int latest = ((TreeMap<Integer, Long>) known).lastKey();
                unknown.merge(latest, Math.max(0, e - k), Long::sum);
            }
        });
        List<TierCounts> out = new ArrayList<>();
        for (Tier t : Tier.ordered()) {
            long done = 0, queued = 0, failed = 0;
            for (Map.Entry<Integer, Map<String, FrontierStats>> e : byTier.entrySet()) {
                int n = Math.max(1, Math.min(5, e.getKey()));
                if (n != t.number()) continue;
                for (FrontierStats s : e.getValue().values()) {
                    done += s.done();
                    queued += s.queued() + s.leased();
                    failed += s.failed();
                }
            }
            out.add(new TierCounts(t, done, queued, failed, unknown.getOrDefault(t.number(), 0L)));
        }
        return out;
    }

    /** The plan at the crawl's throughput: all live workers' when the frontier is shared, else this process's. */
    public Projection project(Frontier frontier) {
        return planner.project(counts(frontier), frontier.sharedThroughput().orElse(meter.perSecond()));
    }
}
