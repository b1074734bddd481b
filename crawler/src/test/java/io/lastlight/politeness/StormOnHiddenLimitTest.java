package io.lastlight.politeness;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.PriorityQueue;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 429 storm on top of a hidden limit, in simulated time (the loop of {@link HiddenLimitTest}): the server
 * admits by a token bucket of {@code limit} per second, and of every 100 requests it admits, the first
 * {@code storm} are answered 429 + Retry-After: 1 whatever the pace (the simulator's {@code storm} fault,
 * behind its rate limiter). A storm is a burst that clears: it may cost its Retry-After pause and a bounded
 * cut, but not a collapse of the rate. Outside the storms' pauses the crawl must still use at least 80% of
 * the hidden limit, and the limit itself must still be respected (few 429s from the limit).
 */
class StormOnHiddenLimitTest {
    private static final long S = 1_000_000_000L;
    static boolean trace = false;

    record Outcome(double utilisation, double limit429Share, double stormPauseS, long ok, long storm429, long limit429) {}

    static Outcome run(double limit, int stormPerHundred, double ceiling, int concurrency, long latencyNanos, long seconds,
                       long startNanos) {
        return run(limit, 0, limit, stormPerHundred, ceiling, concurrency, latencyNanos, seconds, startNanos);
    }

    /**
     * As above, but the hidden limit drops from {@code limit} to {@code lowerLimit} after {@code dropAfterS}
     * seconds; counting starts 10 s after the drop (or after 10 s of warm-up if it never drops).
     */
    static Outcome run(double firstLimit, long dropAfterS, double limit, int stormPerHundred, double ceiling,
                       int concurrency, long latencyNanos, long seconds, long startNanos) {
        long[] now = {startNanos};
        long start = now[0];
        AdaptiveRatePolicy policy = new AdaptiveRatePolicy(ceiling, 1, true, 60 * S, () -> now[0]);
        HiddenLimitTest.Server server = new HiddenLimitTest.Server(firstLimit, now[0]);
        long dropAt = start + dropAfterS * S;
        boolean dropped = firstLimit == limit;
        // in-flight responses: {arrival time, sent time, retry-after or 0, storm 1/0}
        PriorityQueue<long[]> inFlight = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        long ok = 0, limit429 = 0, storm429 = 0, sequence = 0;
        long warm = start + (dropAfterS + 10) * S;
        long end = start + seconds * S;
        long stormPause = 0;            // union of the storms' Retry-After pauses after warm-up
        long stormPausedUntil = warm;
        while (now[0] < end) {
            while (!inFlight.isEmpty() && inFlight.peek()[0] <= now[0]) {
                long[] r = inFlight.poll();
                int status = r[2] == 0 ? 200 : 429;
                policy.onResponse("h", new ResponseSignal(r[1], r[0] - r[1], status, -1, -1, -1));
                if (trace && status == 429) System.out.printf("t=%.2f %s rate=%.1f w=%.1f%n", (now[0] - start) / 1e9, r[3] == 1 ? "storm" : "limit", policy.adaptiveRate("h"), policy.tooFast("h"));
                if (status == 429) {
                    long until = now[0] + r[2] * S;
                    policy.pauseUntil("h", until);
                    if (r[3] == 1 && until - stormPausedUntil > 0) {
                        stormPause += until - Math.max(now[0], stormPausedUntil);
                        stormPausedUntil = until;
                    }
                }
            }
            if (!dropped && now[0] - dropAt >= 0) {
                server = new HiddenLimitTest.Server(limit, now[0]);   // a new, lower limit (its bucket starts full)
                dropped = true;
            }
            long wait = Long.MAX_VALUE;
            if (inFlight.size() < concurrency) {
                long w = policy.tryAcquire("h");
                if (w == 0) {
                    long retryAfter = server.admit(now[0]);
                    boolean storm = false;
                    if (retryAfter == 0 && sequence++ % 100 < stormPerHundred) {
                        storm = true;
                        retryAfter = 1;
                    }
                    if (now[0] >= warm) {
                        if (retryAfter == 0) ok++;
                        else if (storm) storm429++;
                        else limit429++;
                    }
                    inFlight.add(new long[]{now[0] + latencyNanos, now[0], retryAfter, storm ? 1 : 0});
                    continue;
                }
                wait = w;
            }
            long next = inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek()[0] - now[0];
            now[0] += Math.max(1, Math.min(wait, next));
        }
        if (!dropped) throw new IllegalStateException("the run ended before the limit dropped");
        double outside = (end - warm - stormPause) / (double) S;
        return new Outcome(ok / outside / Math.min(limit, ceiling), limit429 / (double) Math.max(1, ok + limit429 + storm429),
                stormPause / (double) S, ok, storm429, limit429);
    }

    @ParameterizedTest(name = "hidden limit {0}/s, storm {1} in 100, ceiling {2}/s, {3} in flight, latency {4} ms")
    @CsvSource({
            "60, 4, 600, 12, 20",
            "60, 4, 200, 16, 5",
            "20, 4, 200, 16, 5",
            "5, 4, 200, 16, 5",
            "1, 4, 200, 16, 5",
            "100, 4, 200, 16, 5",
            "150, 4, 200, 16, 5",
            "50, 10, 200, 16, 5",
            "20, 4, 200, 16, 100",
            "5, 4, 200, 4, 300"})
    void aStormCostsItsPauseNotTheRate(double limit, int storm, double ceiling, int concurrency, long latencyMs) {
        Outcome o = run(limit, storm, ceiling, concurrency, latencyMs * 1_000_000L, 300, 1_000_000_000_000L);
        String msg = String.format("used %.1f%% of a hidden %.0f/s outside %.0f s of storm pauses; %d ok, %d storm 429s, "
                        + "%d limit 429s (%.2f%%)", o.utilisation() * 100, limit, o.stormPauseS(), o.ok(), o.storm429(),
                o.limit429(), o.limit429Share() * 100);
        System.out.println(msg);
        assertTrue(o.utilisation() >= 0.8, msg);
        assertTrue(o.limit429Share() < 0.02, msg);
    }

    /**
     * A storm must not make the crawler deaf to a genuine lower limit: when the hidden limit drops from 60/s to
     * 20/s (or 50/s) it comes down to it, with or without storms, and settles there with few 429s from the limit.
     */
    @ParameterizedTest(name = "hidden limit 60/s drops to {0}/s, storm {1} in 100")
    @CsvSource({"20, 0", "20, 4", "50, 0", "50, 4", "5, 4"})
    void aGenuineLowerLimitIsStillLearnt(double lower, int storm) {
        Outcome o = run(60, 100, lower, storm, 200, 16, 5_000_000L, 400, 1_000_000_000_000L);
        String msg = String.format("used %.1f%% of a hidden %.0f/s (was 60/s) outside %.0f s of storm pauses; %d ok, "
                        + "%d storm 429s, %d limit 429s (%.2f%%)", o.utilisation() * 100, lower, o.stormPauseS(), o.ok(),
                o.storm429(), o.limit429(), o.limit429Share() * 100);
        System.out.println(msg);
        assertTrue(o.utilisation() >= 0.8, msg);
        assertTrue(o.limit429Share() < 0.02, msg);
    }
}
