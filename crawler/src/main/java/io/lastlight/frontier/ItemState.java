package io.lastlight.frontier;

/**
 * The states a frontier item moves through, as stored in {@code items.state}: queued → leased → done, or
 * back to queued (retry, requeue, crash recovery), or failed (given up; {@code --retry-failed} queues it
 * again). The numbers are on disk, so they never change; they also index per-state counts.
 */
final class ItemState {
    static final int QUEUED = 0;
    static final int LEASED = 1;
    static final int DONE = 2;
    static final int FAILED = 3;
    /** How many states there are: the length of a per-state count array. */
    static final int COUNT = 4;

    private ItemState() {}

    /** Counts indexed by state, as {@link FrontierStats}. */
    static FrontierStats stats(long[] byState) {
        return new FrontierStats(byState[QUEUED], byState[LEASED], byState[DONE], byState[FAILED]);
    }
}
