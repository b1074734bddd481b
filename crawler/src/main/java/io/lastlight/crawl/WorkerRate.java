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
 * together, and its own policy (with {@code --worker-rate} as its ceiling) for what its own address is told;
 * with cookies or a token, what the platform says about that credential goes to the global budget too.
 */
final class WorkerRate implements AutoCloseable {
    private final RatePolicy policy;
    private final PgRateBudget budget;

    private WorkerRate(RatePolicy policy, PgRateBudget budget) {
        this.policy = policy;
        this.budget = budget;
    }

    /** @param sharedCredential whether requests carry cookies or a token (then the platform's signals are shared) */
    static WorkerRate of(CrawlConfig cfg, WorkerOptions worker, boolean sharedCredential) {
        long maxWait = cfg.retryAfterMax().toNanos();
        if (!worker.shared()) {
            double r = worker.workerRate() > 0 ? (cfg.rate() > 0 ? Math.min(cfg.rate(), worker.workerRate()) : worker.workerRate())
                    : cfg.rate();
            return new WorkerRate(new AdaptiveRatePolicy(r, cfg.burst(), cfg.adaptive(), maxWait, System::nanoTime), null);
        }
        double own = worker.workerRate();
        AdaptiveRatePolicy local = new AdaptiveRatePolicy(own, own > 0 ? Math.max(1, Math.min(cfg.burst(), (int) Math.ceil(own)))
                : cfg.burst(), cfg.adaptive(), maxWait, System::nanoTime);
        if (cfg.rate() <= 0) return new WorkerRate(local, null);
        PgRateBudget budget = new PgRateBudget(worker.target(), worker.worker(), "global", cfg.rate(), cfg.burst(),
                m -> CrawlLog.line("rate-budget", Map.of("worker", worker.worker(), "message", m)));
        return new WorkerRate(new SharedRatePolicy(local, budget, cfg.rate(), sharedCredential, cfg.adaptive(), maxWait,
                System::nanoTime), budget);
    }

    RatePolicy policy() {
        return policy;
    }

    @Override
    public void close() {
        if (budget != null) budget.close();
    }
}
