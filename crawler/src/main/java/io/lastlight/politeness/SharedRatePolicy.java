package io.lastlight.politeness;

import java.util.function.LongSupplier;

/**
 * A worker's rate policy in a crawl shared by several: the global budget (one token bucket for all workers,
 * kept in the shared database and judged on its clock) and this worker's own policy (its {@code --worker-rate}
 * ceiling, the adaptive rate after its 429s, Retry-After pauses, quotas and Crawl-delay), the strictest
 * winning. What one client is told (a 429 to this address) slows this worker only; the global ceiling binds
 * everyone.
 */
public final class SharedRatePolicy implements RatePolicy {
    private final RatePolicy local;
    private final LongSupplier global;
    private final double globalRate;

    /**
     * @param local this worker's own policy
     * @param global takes one token from the global budget: 0 when taken, else the nanoseconds to wait
     * @param globalRate the global budget's rate (for progress)
     */
    public SharedRatePolicy(RatePolicy local, LongSupplier global, double globalRate) {
        this.local = local;
        this.global = global;
        this.globalRate = globalRate;
    }

    /** Takes this worker's permit, then a global one (a permit taken and not used only slows, never speeds). */
    @Override
    public long tryAcquire(String host) {
        long w = local.tryAcquire(host);
        if (w > 0) return w;
        return global.getAsLong();
    }

    /** Waits for this worker's permit, then for a global token. */
    @Override
    public void acquire(String host) throws InterruptedException {
        local.acquire(host);
        long wait;
        while ((wait = global.getAsLong()) > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    @Override
    public void pauseUntil(String host, long nanoTime) {
        local.pauseUntil(host, nanoTime);
    }

    @Override
    public void onResponse(String host, ResponseSignal signal) {
        local.onResponse(host, signal);
    }

    @Override
    public void minInterval(String host, long nanos) {
        local.minInterval(host, nanos);
    }

    @Override
    public double currentRate(String host) {
        double r = local.currentRate(host);
        return globalRate > 0 ? Math.min(r, globalRate) : r;
    }
}
