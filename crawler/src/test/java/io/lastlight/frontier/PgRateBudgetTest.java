package io.lastlight.frontier;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void aCrawlDelayOneWorkerReadHoldsAllWorkersTogetherToOneRequestPerInterval() throws Exception {
        String url = PgTestSupport.freshUrl();
        try (PostgresFrontier ignored = new PostgresFrontier(PgTestSupport.target(url), "setup", Frontier.Order.FIFO,
                java.time.Duration.ofSeconds(30), m -> { })) {
            List<PgRateBudget> budgets = new ArrayList<>();
            for (int i = 0; i < 3; i++) budgets.add(new PgRateBudget(PgTestSupport.target(url), "w" + i, "global", 50, 5, m -> { }));
            budgets.get(0).minInterval(200_000_000L);  // Crawl-delay: 0.2
            budgets.get(1).minInterval(100_000_000L);  // a shorter one read later does not shorten it
            int total = 0;
            long start = System.nanoTime();
            long end = start + 1_500_000_000L;
            while (System.nanoTime() < end) {
                for (PgRateBudget b : budgets) if (b.tryAcquire() == 0) total++;
                Thread.sleep(5);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            for (PgRateBudget b : budgets) b.close();
            double allowed = 1 + elapsed / 0.2;
            assertTrue(total <= allowed + 1, total + " requests in " + elapsed + " s under Crawl-delay 0.2 (allowed " + allowed + ")");
            assertTrue(total >= allowed - 2, total + " requests in " + elapsed + " s: the budget was not used");
        }
    }

    @Test
    void aWorkerJoiningTheBudgetWithAnotherRateLeavesItAsTheCrawlMadeIt() throws Exception {
        String url = PgTestSupport.freshUrl();
        try (PostgresFrontier ignored = new PostgresFrontier(PgTestSupport.target(url), "setup", Frontier.Order.FIFO,
                java.time.Duration.ofSeconds(30), m -> { });
             PgRateBudget first = new PgRateBudget(PgTestSupport.target(url), "a", "global", 10, 2, m -> { });
             PgRateBudget joining = new PgRateBudget(PgTestSupport.target(url), "b", "global", 50, 8, m -> { })) {
            assertEquals(10, first.ceiling());
            assertEquals(10, joining.currentRate(), "the crawl's rate, for every worker");
            assertTrue(PgRateBudget.join(PgTestSupport.target(url), "c", "other", m -> { }).isEmpty(), "no such budget");
            try (PgRateBudget c = PgRateBudget.join(PgTestSupport.target(url), "c", "global", m -> { }).orElseThrow()) {
                assertEquals(10, c.ceiling());
            }
        }
    }

    /**
     * A host's pause one worker is told holds for every worker, and for a worker that joins (or resumes) during it,
     * even in a crawl without a --rate ceiling (its budget has rate 0 and only holds the pauses); other hosts go on.
     */
    @Test
    void aHostsPauseHoldsForEveryWorkerAndForOneResumedDuringIt() throws Exception {
        String url = PgTestSupport.freshUrl();
        long s = 1_000_000_000L;
        try (PostgresFrontier ignored = new PostgresFrontier(PgTestSupport.target(url), "setup", Frontier.Order.FIFO,
                java.time.Duration.ofSeconds(30), m -> { });
             PgRateBudget a = new PgRateBudget(PgTestSupport.target(url), "a", "global", 0, 5, m -> { });
             PgRateBudget b = PgRateBudget.join(PgTestSupport.target(url), "b", "global", m -> { }).orElseThrow()) {
            assertEquals(0, a.ceiling(), "no ceiling");
            assertEquals(0, b.tryAcquire("h"));
            assertEquals(0, b.tryAcquire("h"), "rate 0: no ceiling, no wait");
            a.pauseHost("h", 30 * s, "retry-after");
            a.pauseHost("h", 5 * s, "backoff-429");   // shorter: the longer pause holds
            // b read h's pause a moment ago: an unmetered budget reads it again within RECHECK_UNLIMITED_NANOS
            long t0 = System.nanoTime(), wait;
            while ((wait = b.tryAcquire("h")) == 0 && System.nanoTime() - t0 < 2 * s) Thread.sleep(10);
            assertTrue(System.nanoTime() - t0 < PgRateBudget.RECHECK_UNLIMITED_NANOS + s / 2, "seen late");
            assertTrue(wait > 28 * s && wait <= 30 * s, "worker b is not held: " + wait);
            assertEquals("retry-after", b.hostPause("h").reason());
            assertEquals(0, b.tryAcquire("other"), "another host goes on");
            try (PgRateBudget resumed = PgRateBudget.join(PgTestSupport.target(url), "a", "global", m -> { }).orElseThrow()) {
                long w = resumed.tryAcquire("h");
                assertTrue(w > 28 * s && w <= 30 * s, "a resumed worker is not held: " + w);
            }
            try (java.sql.Connection c = PgTestSupport.admin(url); java.sql.Statement st = c.createStatement()) {
                st.execute("SET search_path = " + url.replaceFirst(".*currentSchema=", ""));
                st.executeUpdate("UPDATE host_pauses SET not_before = clock_timestamp() - interval '1 second'");
            }
            Thread.sleep(PgRateBudget.RECHECK_UNLIMITED_NANOS / 1_000_000 + 50);
            assertEquals(0, b.tryAcquire("h"), "over");
            assertEquals(null, b.hostPause("h"));
        }
    }

    /** What the platform says about a shared credential holds for every worker: a pause, and the cut after a 429. */
    @Test
    void aPauseAndACutOneWorkerIsToldHoldEveryWorker() throws Exception {
        String url = PgTestSupport.freshUrl();
        try (PostgresFrontier ignored = new PostgresFrontier(PgTestSupport.target(url), "setup", Frontier.Order.FIFO,
                java.time.Duration.ofSeconds(30), m -> { });
             PgRateBudget a = new PgRateBudget(PgTestSupport.target(url), "a", "global", 100, 5, m -> { });
             PgRateBudget b = new PgRateBudget(PgTestSupport.target(url), "b", "global", 100, 5, m -> { })) {
            assertEquals(0, b.tryAcquire(), "a token is there before the pause");
            a.pauseFor(30_000_000_000L);
            long wait = b.tryAcquire();
            assertTrue(wait > 25_000_000_000L && wait <= 30_000_000_000L, "b must wait out a's pause, was told " + wait + " ns");

            assertEquals(100, b.currentRate(), 1e-9);
            a.congested();
            double cut = b.currentRate();
            assertTrue(cut >= 80 && cut < 82, "one 429 cuts every worker to 80%: " + cut);
            b.congested();  // the same burst of 429s, seen by b: no second cut
            assertTrue(b.currentRate() >= 80, "a second cut within a second: " + b.currentRate());
            try (java.sql.Connection c = PgTestSupport.admin(url); java.sql.Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE rate_budget SET cut_at = cut_at - interval '2 seconds'");
            }
            b.congested();  // a later burst cuts again, from where the rate had climbed back to
            double again = a.currentRate();
            assertTrue(again >= 0.8 * (80 + 2 * 100 / 60.0) - 0.01 && again < 0.8 * 85, "a second burst cuts again: " + again);
        }
    }

    @Test
    void aCutRateClimbsBackToTheCeilingInAMinute() {
        assertEquals(40, PgRateBudget.effectiveRate(100, 40, 0), 1e-9);
        assertEquals(40 + 100 / 60.0 * 30, PgRateBudget.effectiveRate(100, 40, 30), 1e-9);
        assertEquals(100, PgRateBudget.effectiveRate(100, 40, 60), 1e-9);
    }

    @Test
    void anUnmeteredBudgetDoesNotLockItsRowPerRequestYetEveryWorkerSeesAHostPause() throws Exception {
        String url = PgTestSupport.freshUrl();
        try (PostgresFrontier ignored = new PostgresFrontier(PgTestSupport.target(url), "setup", Frontier.Order.FIFO,
                java.time.Duration.ofSeconds(30), m -> { });
             PgRateBudget a = new PgRateBudget(PgTestSupport.target(url), "a", "global", 0, 1, m -> { });
             PgRateBudget b = new PgRateBudget(PgTestSupport.target(url), "b", "global", 0, 1, m -> { })) {
            // another session holds the budget row: a worker that locked it per request would wait here. Within the
            // recheck interval after a read, requests go on without the database (tried again if locking took long).
            long window = PgRateBudget.RECHECK_UNLIMITED_NANOS * 3 / 4;
            int n = -1;
            for (int attempt = 0; attempt < 10 && n < 0; attempt++) {
                long t0 = System.nanoTime();
                assertEquals(0, a.tryAcquire("h1"));
                try (java.sql.Connection hold = PgTestSupport.admin(url)) {
                    hold.setAutoCommit(false);
                    try (java.sql.Statement st = hold.createStatement()) {
                        st.execute("SET search_path = " + url.replaceFirst(".*currentSchema=", ""));
                        st.execute("SELECT * FROM rate_budget WHERE name = 'global' FOR UPDATE");
                    }
                    if (System.nanoTime() - t0 < window / 2) {
                        ExecutorService pool = Executors.newSingleThreadExecutor();
                        Future<Integer> sent = pool.submit(() -> {
                            int k = 0;
                            while (System.nanoTime() - t0 < window) if (a.tryAcquire("h1") == 0) k++;
                            return k;
                        });
                        n = sent.get(30, java.util.concurrent.TimeUnit.SECONDS);
                        pool.shutdown();
                    }
                    hold.rollback();
                }
                Thread.sleep(PgRateBudget.RECHECK_UNLIMITED_NANOS / 1_000_000);
            }
            assertTrue(n > 10, n + " requests while another session held the row: it was locked per request");
            // b is told to pause h1; a sees it within the recheck interval, and only for that host
            b.pauseHost("h1", 5_000_000_000L, "retry-after");
            assertTrue(b.tryAcquire("h1") > 0, "the worker that was told pauses at once");
            long t0 = System.nanoTime();
            long wait;
            while ((wait = a.tryAcquire("h1")) == 0 && System.nanoTime() - t0 < 2_000_000_000L) Thread.sleep(10);
            double seen = (System.nanoTime() - t0) / 1e9;
            assertTrue(wait > 3_000_000_000L, "the other worker never saw the pause (" + wait + " ns after " + seen + " s)");
            assertTrue(seen < 0.25 + 0.5, "seen after " + seen + " s");
            assertEquals(0, a.tryAcquire("h2"), "another host is not paused");
        }
    }
}
