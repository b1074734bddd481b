package io.lastlight.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Projects coverage per tier at the deadline. Tiers are served strictly in order, so the request budget
 * (throughput × time left) fills tier 1 first, then tier 2, and so on: the first tier the budget does not
 * cover is partial, and every tier after it is deferred. With no deadline the budget is unbounded.
 */
public final class DeadlinePlanner {
    private final Instant deadline;
    private final Clock clock;

    /** @param deadline when the platform is expected to go dark, or null for none */
    public DeadlinePlanner(Instant deadline, Clock clock) {
        this.deadline = deadline;
        this.clock = clock;
    }

    public Instant deadline() {
        return deadline;
    }

    public Projection project(List<TierCounts> tiers, double throughputPerSecond) {
        double secondsLeft = deadline == null ? Double.POSITIVE_INFINITY
                : Math.max(0, Duration.between(clock.instant(), deadline).toMillis() / 1000.0);
        double budgetD = deadline == null ? Double.POSITIVE_INFINITY : throughputPerSecond * secondsLeft;
        long budget = budgetD >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.floor(budgetD);
        long left = budget;
        List<Projection.TierProjection> out = new ArrayList<>();
        for (TierCounts t : tiers) {
            // Failed items are not retried before the deadline unless --retry-failed; count them as remaining
            // only for coverage's denominator.
            long remaining = t.queued() + t.estimatedUnknown();
            long take = Math.min(remaining, left);
            left -= take;
            long denominator = t.total();
            double coverage = denominator == 0 ? 1.0 : (double) (t.done() + take) / denominator;
            Projection.Status status = take == remaining ? Projection.Status.COMPLETE
                    : take == 0 ? Projection.Status.DEFERRED : Projection.Status.PARTIAL;
            out.add(new Projection.TierProjection(t.tier(), t.done(), remaining, t.done() + take, coverage, status));
        }
        return new Projection(secondsLeft, throughputPerSecond, budget, out);
    }
}
