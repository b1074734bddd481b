package io.lastlight.politeness;

import java.util.function.LongSupplier;

/**
 * A worker's rate policy in a crawl shared by several: the global budget (one token bucket for all workers,
 * kept in the shared database and judged on its clock) and this worker's own policy (its {@code --worker-rate}
 * ceiling, the adaptive rate after its 429s, Retry-After pauses and quotas), the strictest winning.
 * robots.txt's Crawl-delay binds both: the crawl as a whole keeps to it, as one process would.
 *
 * <p>A host's pause binds every worker: a Retry-After, a spent quota or a 429 backoff that one worker is told
 * (however it learnt it: {@link #pauseUntil} or what {@link #onResponse} makes its own policy do) goes to the
 * budget as that host's pause ({@link GlobalBudget#pauseHost}), which every worker checks with each token, so N
 * workers do not keep N times the pressure on a host that said slow down, and a worker that starts or resumes
 * during the pause honours it too. The adaptive cut after 429s stays this worker's own (its address was told),
 * except when the workers send one credential (cookies or a token): what the platform says is then about that
 * credential, so about all of them, and a pause it orders (Retry-After, a block page), its quota running out, and
 * a 429 (the shared adaptive cut) also hold every host for everyone.
 */
public final class SharedRatePolicy implements RatePolicy {
    /** A pause this worker's policy made longer by less than this is not told to the budget again. */
    static final long SHARE_SLACK_NANOS = 500_000_000L;
    private final RatePolicy local;
    private final GlobalBudget global;
    private final double globalRate;
    private final boolean sharedCredential;
    private final boolean adaptive;
    private final long maxPauseNanos;
    private final LongSupplier nanoTime;
    /** The longest Crawl-delay given to the global budget so far (the crawler reports it for every item). */
    private final java.util.concurrent.atomic.AtomicLong sharedInterval = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param local this worker's own policy
     * @param global the crawl's budget
     * @param globalRate the global budget's rate (for progress; 0: no ceiling)
     * @param sharedCredential whether the workers send one credential (its signals are shared)
     * @param adaptive whether 429s cut the rate (--no-adaptive: only pauses and quotas)
     * @param maxPauseNanos the longest shared pause (the Retry-After clamp)
     */
    public SharedRatePolicy(RatePolicy local, GlobalBudget global, double globalRate, boolean sharedCredential,
                            boolean adaptive, long maxPauseNanos, LongSupplier nanoTime) {
        this.local = local;
        this.global = global;
        this.globalRate = globalRate;
        this.sharedCredential = sharedCredential;
        this.adaptive = adaptive;
        this.maxPauseNanos = maxPauseNanos;
        this.nanoTime = nanoTime;
    }

    /**
     * Takes this worker's permit, then a global one for the host (none while the host's shared pause lasts; a permit
     * taken and not used only slows, never speeds). While a shared pause this worker has seen lasts, neither is asked
     * (the worker's own policy would count each poll as a request sent, and the database would be asked each time).
     */
    @Override
    public long tryAcquire(String host) {
        Pause shared = global.hostPause(host);
        long left = shared == null ? 0 : shared.leftNanos(nanoTime.getAsLong());
        if (left > 0) return left;
        long w = local.tryAcquire(host);
        if (w > 0) return w;
        return global.tryAcquire(host);
    }

    /** Waits for this worker's permit, then for a global token. */
    @Override
    public void acquire(String host) throws InterruptedException {
        local.acquire(host);
        long wait;
        while ((wait = global.tryAcquire(host)) > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** As {@link #acquire(String)}, giving up (at a stop or the deadline) while waiting for either. */
    @Override
    public boolean acquire(String host, java.util.function.BooleanSupplier giveUp) throws InterruptedException {
        if (!local.acquire(host, giveUp)) return false;
        long wait;
        while ((wait = global.tryAcquire(host)) > 0) {
            if (giveUp.getAsBoolean()) return false;
            RatePolicy.sleepAtMostACheck(wait);
        }
        return true;
    }

    @Override
    public void pauseUntil(String host, long nanoTime) {
        pauseUntil(host, nanoTime, Pause.RETRY_AFTER);
    }

    @Override
    public void pauseUntil(String host, long nanoTime, String reason) {
        local.pauseUntil(host, nanoTime, reason);
        long pause = Math.min(maxPauseNanos, nanoTime - this.nanoTime.getAsLong());
        if (pause <= 0) return;
        global.pauseHost(host, pause, reason);
        if (sharedCredential) global.pauseFor(pause);
    }

    @Override
    public void onResponse(String host, ResponseSignal signal) {
        Pause before = local.pause(host);
        local.onResponse(host, signal);
        Pause after = local.pause(host);
        if (after != null && after.laterThan(before, SHARE_SLACK_NANOS)) {
            // A 429 backoff or a spent quota this worker was told: the host pauses for every worker.
            long pause = Math.min(maxPauseNanos, after.leftNanos(nanoTime.getAsLong()));
            if (pause > 0) global.pauseHost(host, pause, after.reason());
        }
        if (!sharedCredential) return;
        if (signal.hasQuota() && signal.quotaRemaining() <= 1 && signal.quotaResetNanos() > 0) {
            global.pauseFor(Math.min(maxPauseNanos, signal.quotaResetNanos()));
        }
        if (adaptive && signal.status() == 429) global.congested();
    }

    /** This worker's own pause of the host or the shared one, whichever ends later. */
    @Override
    public Pause pause(String host) {
        Pause mine = local.pause(host);
        Pause shared = global.hostPause(host);
        if (shared != null && shared.leftNanos(nanoTime.getAsLong()) > 0 && shared.laterThan(mine, 0)) return shared;
        return mine;
    }

    /** Crawl-delay binds the crawl: this worker's own policy and the global budget (told once per longer interval). */
    @Override
    public void minInterval(String host, long nanos) {
        local.minInterval(host, nanos);
        if (nanos > sharedInterval.get()) {
            sharedInterval.accumulateAndGet(nanos, Math::max);
            global.minInterval(nanos);
        }
    }

    @Override
    public double currentRate(String host) {
        double r = local.currentRate(host);
        return globalRate > 0 ? Math.min(r, globalRate) : r;
    }
}
