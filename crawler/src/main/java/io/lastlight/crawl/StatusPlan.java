package io.lastlight.crawl;

import io.lastlight.frontier.FrontierStats;
import io.lastlight.schedule.DeadlinePlanner;
import io.lastlight.schedule.DeadlineTracker;
import io.lastlight.schedule.Projection;
import io.lastlight.schedule.TierCounts;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The coverage and projection part of {@code crawl status}: per tier what is captured, known and estimated
 * unknown, and, at the crawl's throughput (the sum of its live workers'), what it will have by its deadline
 * (or how long the known queue takes without one).
 */
final class StatusPlan {
    private StatusPlan() {}

    /**
     * @param throughput outcomes per second over the live workers, empty when not known here (one process
     *                   measures its own; its progress lines show it)
     */
    static void print(PrintWriter w, Map<Integer, Map<String, FrontierStats>> byTier, Map<String, Map<Integer, Long>> expected,
                      OptionalDouble throughput, Instant deadline, Clock clock) {
        List<TierCounts> counts = DeadlineTracker.counts(byTier, expected);
        w.println();
        w.printf(Locale.ROOT, "%-5s %-10s %10s %10s %8s %12s %9s%n", "TIER", "LABEL", "CAPTURED", "NOT YET", "FAILED",
                "EST.UNKNOWN", "COVERAGE");
        long left = 0;
        for (TierCounts t : counts) {
            w.printf(Locale.ROOT, "%-5d %-10s %,10d %,10d %,8d %,12d %8.1f%%%n", t.tier().number(), t.tier().label(), t.done(),
                    t.queued(), t.failed(), t.estimatedUnknown(), 100.0 * (t.total() == 0 ? 1.0 : (double) t.done() / t.total()));
            left += t.queued() + t.estimatedUnknown();
        }
        if (throughput.isEmpty()) {
            w.println("projection: one process measures its own throughput; see its progress lines");
            return;
        }
        double tp = throughput.getAsDouble();
        if (deadline == null) {
            w.printf(Locale.ROOT, "projection: no deadline; %,d items to go at %.1f/s (live workers): %s%n", left, tp,
                    tp > 0 ? "about " + duration(left / tp) : "no worker is making progress");
            return;
        }
        Projection p = new DeadlinePlanner(deadline, clock).project(counts, tp);
        w.printf(Locale.ROOT, "projection at the deadline %s (%s left, %.1f/s over the live workers):%n", deadline,
                duration(p.secondsLeft()), tp);
        for (Projection.TierProjection t : p.tiers()) {
            w.printf(Locale.ROOT, "  %-10s %-8s %6.1f%%%n", t.tier().label(), t.status().name().toLowerCase(Locale.ROOT),
                    100 * t.coverageAtDeadline());
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 120) return s + " s";
        if (s < 7200) return (s / 60) + " min";
        return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }
}
