package io.lastlight.frontier;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The global budget: four workers taking tokens as fast as they can together get what one would, no more. */
class PgRateBudgetTest {
    @Test
    void fourWorkersTogetherGetBurstPlusRateTimesTAndUseIt() throws Exception {
        String url = PgTestSupport.freshUrl();
        // The frontier creates the tables; the budget lives beside it.
        try (PostgresFrontier ignored = new PostgresFrontier(PgTestSupport.target(url), "setup", Frontier.Order.FIFO,
                java.time.Duration.ofSeconds(30), m -> { })) {
            double rate = 50;
            int burst = 5;
            List<PgRateBudget> budgets = new ArrayList<>();
            for (int i = 0; i < 4; i++) budgets.add(new PgRateBudget(PgTestSupport.target(url), "w" + i, "global", rate, burst, m -> { }));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            long start = System.nanoTime();
            long end = start + 2_000_000_000L;
            List<Future<Integer>> got = new ArrayList<>();
            for (PgRateBudget b : budgets) {
                got.add(pool.submit(() -> {
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long wait = b.tryAcquire();
                        if (wait == 0) n++;
                        else Thread.sleep(Math.min(wait / 1_000_000, Math.max(0, (end - System.nanoTime()) / 1_000_000)));
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : got) total += f.get();
            double elapsed = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            for (PgRateBudget b : budgets) b.close();
            double allowed = burst + rate * elapsed;
            assertTrue(total <= allowed + 1, total + " tokens in " + elapsed + " s; allowed " + allowed);
            assertTrue(total >= 0.85 * allowed, total + " tokens in " + elapsed + " s: the budget was not used (allowed " + allowed + ")");
        }
    }
}
