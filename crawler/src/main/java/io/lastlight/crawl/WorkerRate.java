package io.lastlight.crawl;

import io.lastlight.frontier.PgRateBudget;
import io.lastlight.politeness.AdaptiveRatePolicy;
import io.lastlight.politeness.RatePolicy;
import io.lastlight.politeness.SharedRatePolicy;

import java.util.Map;

/**
 * The rate policy of one crawl process. Alone (SQLite): the crawl's ceiling, adaptive rate, quotas and pauses
 * ({@link AdaptiveRatePolicy}), under {@code --worker-rate} too if given. A worker of a shared crawl: the
 * global {@code --rate}/{@code --burst} budget in the database ({@link PgRateBudget}) for all workers
 * together, set by the worker that creates the crawl, and its own policy (with {@code --worker-rate}, and a
 * {@code --rate} of its own that differs from the crawl's, as its ceiling) for what its own address is told;
 * with cookies or a token, what the platform says about that credential goes to the global budget too.
 */
final class WorkerRate implements AutoCloseable {
    private final RatePolicy policy;
    private final PgRateBudget budget;

    private WorkerRate(RatePolicy policy, PgRateBudget budget) {
        this.policy = policy;
        this.budget = budget;
    }

    /**
     * @param sharedCredential whether requests carry cookies or a token (then the platform's signals are shared)
     * @param joining whether this worker joins a shared crawl that exists (its rate budget is the crawl's as
     *                created; a --rate given to this worker that differs caps this worker only)
     */
    static WorkerRate of(CrawlConfig cfg, WorkerOptions worker, boolean sharedCredential, boolean joining) {
        return of(cfg, worker, sharedCredential, joining, null, null);
    }

    /**
     * As above; alone, the hosts' pauses are kept in {@code frontier} on {@code clock} ({@link HostPauseLog}: what is
     * left of them after a --resume holds before anything is sent; null: not kept). A shared crawl keeps them with
     * its rate budget, which exists whether or not the crawl has a --rate ceiling (rate 0 then).
     */
    static WorkerRate of(CrawlConfig cfg, WorkerOptions worker, boolean sharedCredential, boolean joining,
                         io.lastlight.frontier.Frontier frontier, java.time.Clock clock) {
        long maxWait = cfg.retryAfterMax().toNanos();
        if (!worker.shared()) {
            double r = worker.workerRate() > 0 ? (cfg.rate() > 0 ? Math.min(cfg.rate(), worker.workerRate()) : worker.workerRate())
                    : cfg.rate();
            AdaptiveRatePolicy policy = new AdaptiveRatePolicy(r, cfg.burst(), cfg.adaptive(), maxWait, System::nanoTime);
            if (frontier != null) {
                HostPauseLog pauses = new HostPauseLog(frontier, clock, System::nanoTime);
                pauses.restore(policy);
                policy.onPause(pauses);
            }
            return new WorkerRate(policy, null);
        }
        java.util.function.Consumer<String> log = m -> CrawlLog.line("rate-budget", Map.of("worker", worker.worker(), "message", m));
        PgRateBudget budget = joining ? PgRateBudget.join(worker.target(), worker.worker(), "global", log).orElse(null)
                : new PgRateBudget(worker.target(), worker.worker(), "global", Math.max(0, cfg.rate()), cfg.burst(), log);
        double crawlRate = budget == null ? 0 : budget.ceiling();
        double own = ownCeiling(cfg.rate(), crawlRate, worker.workerRate());
        AdaptiveRatePolicy local = new AdaptiveRatePolicy(own, own > 0 ? Math.max(1, Math.min(cfg.burst(), (int) Math.ceil(own)))
                : cfg.burst(), cfg.adaptive(), maxWait, System::nanoTime);
        if (budget == null) return new WorkerRate(local, null);
        return new WorkerRate(new SharedRatePolicy(local, budget, crawlRate, sharedCredential, cfg.adaptive(), maxWait,
                System::nanoTime), budget);
    }

    /**
     * This worker's own ceiling (0: none beyond the crawl's budget): its --worker-rate, and its --rate where that
     * is not the crawl's (a joining worker told another rate is capped by it; the crawl's budget is not changed).
     */
    static double ownCeiling(double rate, double crawlRate, double workerRate) {
        double own = workerRate;
        if (rate > 0 && rate != crawlRate) own = own > 0 ? Math.min(own, rate) : rate;
        return own;
    }

    RatePolicy policy() {
        return policy;
    }

    @Override
    public void close() {
        if (budget != null) budget.close();
    }
}
