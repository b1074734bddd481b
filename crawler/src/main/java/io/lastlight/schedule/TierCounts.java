package io.lastlight.schedule;

/**
 * Requests of one tier: captured (done), known but not yet captured (queued, or failed for good), and an
 * estimate of those not yet known (e.g. list pages implied by profiles' counts but not discovered yet).
 */
public record TierCounts(Tier tier, long done, long queued, long failed, long estimatedUnknown) {
    public long knownNotCaptured() {
        return queued + failed;
    }

    public long total() {
        return done + queued + failed + estimatedUnknown;
    }
}
