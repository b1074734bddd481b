package io.lastlight.schedule;

import java.util.List;

/**
 * What the crawl will have by the deadline at the measured throughput: per tier, the requests projected
 * done and the share of the tier that is ({@code coverage}), and whether the tier will complete, be
 * partly captured, or be deferred (nothing more of it fits).
 */
public record Projection(double secondsLeft, double throughputPerSecond, long requestBudget, List<TierProjection> tiers) {

    public enum Status { COMPLETE, PARTIAL, DEFERRED }

    public record TierProjection(Tier tier, long done, long remaining, long projectedDone, double coverageAtDeadline,
                                 Status status) {}
}
