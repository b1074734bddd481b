package io.lastlight.politeness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.PriorityQueue;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adaptive policy against a server with a hidden limit (a token bucket that says nothing until it answers
 * 429 + Retry-After, as the simulator and most platforms do), in simulated time: the crawler's send loop
 * (up to {@code concurrency} requests in flight, each sent when the policy allows), a fixed response
 * latency, Retry-After honoured as the crawler's capture handler honours it. The bar for the
 * adaptive mode: settle within 10% below the limit with under 2% of requests answered 429 after warm-up,
 * whatever the limit.
 */
class HiddenLimitTest {
    private static final long S = 1_000_000_000L;

    record Outcome(double admittedPerSecond, double share429) {}

    /** A token bucket of {@code limit} per second and capacity ceil(limit), like the simulator's RateLimiter. */
    static final class Server {
        final double limit;
        final double capacity;
        double tokens;
        long last;

        Server(double limit, long now) {
            this.limit = limit;
            this.capacity = Math.max(1, Math.ceil(limit));
            this.tokens = capacity;
            this.last = now;
        }

        /** 0 if admitted, else the Retry-After in seconds. */
        long admit(long now) {
            tokens = Math.min(capacity, tokens + (now - last) / 1e9 * limit);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / limit));
        }
    }

    static Outcome run(double limit, double ceiling, int concurrency, long latencyNanos, long seconds, long startNanos) {
        long[] now = {startNanos};
        long start = now[0];
        AdaptiveRatePolicy policy = new AdaptiveRatePolicy(ceiling, 1, true, 60 * S, () -> now[0]);
        Server server = new Server(limit, now[0]);
        // in-flight responses: {arrival time, sent time, retry-after or 0}
        PriorityQueue<long[]> inFlight = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        long ok = 0, tooMany = 0;
        long end = start + seconds * S;
        long warm = start + 10 * S;
        while (now[0] < end) {
            while (!inFlight.isEmpty() && inFlight.peek()[0] <= now[0]) {
                long[] r = inFlight.poll();
                int status = r[2] == 0 ? 200 : 429;
                policy.onResponse("h", new ResponseSignal(r[1], r[0] - r[1], status, -1, -1, -1));
                if (status == 429) policy.pauseUntil("h", now[0] + r[2] * S);
            }
            long wait = Long.MAX_VALUE;
            if (inFlight.size() < concurrency) {
                long w = policy.tryAcquire("h");
                if (w == 0) {
                    long retryAfter = server.admit(now[0]);
                    if (now[0] >= warm) {
                        if (retryAfter == 0) ok++; else tooMany++;
                    }
                    inFlight.add(new long[]{now[0] + latencyNanos, now[0], retryAfter});
                    continue;
                }
                wait = w;
            }
            long next = inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek()[0] - now[0];
            now[0] += Math.max(1, Math.min(wait, next));
        }
        return new Outcome(ok / (double) (seconds - 10), tooMany / (double) Math.max(1, ok + tooMany));
    }

    /** System.nanoTime() may be any long, negative included: the policy must not depend on its sign. */
    @ParameterizedTest(name = "hidden limit {0}/s, ceiling {1}/s, {2} in flight, latency {3} ms, clock at {4}")
    @CsvSource({
            "1, 200, 16, 5, 1000000000000",
            "2, 200, 16, 5, 1000000000000",
            "5, 200, 16, 5, -5000000000000",
            "20, 200, 16, 5, 1000000000000",
            "50, 200, 16, 5, -9000000000000000000",
            "100, 200, 16, 5, 1000000000000",
            "150, 200, 16, 5, 1000000000000",
            "50, 60, 16, 5, 1000000000000",
            "20, 200, 16, 100, 1000000000000",
            "5, 200, 4, 300, 1000000000000"})
    void settlesJustBelowAHiddenLimitWithFew429s(double limit, double ceiling, int concurrency, long latencyMs, long start) {
        Outcome o = run(limit, ceiling, concurrency, latencyMs * 1_000_000L, 300, start);
        String msg = String.format("admitted %.2f/s of a hidden %.0f/s, %.2f%% answered 429", o.admittedPerSecond(), limit,
                o.share429() * 100);
        System.out.println(msg);
        assertTrue(o.admittedPerSecond() >= 0.9 * Math.min(limit, ceiling), msg);
        assertTrue(o.admittedPerSecond() <= limit * 1.01, msg);
        assertTrue(o.share429() < 0.02, msg);
    }

    /**
     * A flaky backend's scattered 503s are not congestion; a run of them is. So is a run of 502s or 504s: what
     * nginx or a load balancer answers when the backend behind it is overloaded or down.
     */
    @ParameterizedTest
    @ValueSource(ints = {503, 502, 504})
    void scattered503sDoNotSlowTheCrawlButARunOfThemDoes(int status) {
        AimdController a = new AimdController(100, 0);
        Random rnd = new Random(7);
        long t = 0;
        for (int i = 0; i < 6000; i++) {           // 60 s at 100/s, 1 in 30 answers a 503
            t += 10_000_000L;
            a.sent(t);
            a.response(t, new ResponseSignal(t - 5_000_000L, 5_000_000L, rnd.nextInt(30) == 0 ? status : 200, -1, -1, -1));
        }
        assertTrue(a.rate(t) > 80, "scattered 503s drove the rate down to " + a.rate(t));
        for (int i = 0; i < 100; i++) {            // 1 s in which half the answers are 503
            t += 10_000_000L;
            a.sent(t);
            a.response(t, new ResponseSignal(t - 5_000_000L, 5_000_000L, i % 2 == 0 ? status : 200, -1, -1, -1));
        }
        assertTrue(a.rate(t) < 70, "a run of 503s did not slow the crawl: " + a.rate(t));
    }

    /** A storm (429s in a row whatever the pace) is one episode: one decrease, Retry-After does the waiting. */
    @Test
    void aStormOf429sInARowSlowsDownOnce() {
        AimdController a = new AimdController(50, 0);
        long t = 0;
        for (int i = 0; i < 500; i++) {             // 10 s at 50/s, all answered
            t += 20_000_000L;
            a.sent(t);
            a.response(t + 5_000_000L, new ResponseSignal(t, 5_000_000L, 200, -1, -1, -1));
        }
        for (int i = 0; i < 5; i++) {               // five 429s in a row: the next request, then one per second (Retry-After: 1)
            t += i == 0 ? 20_000_000L : 1_000_000_000L;
            a.sent(t);
            a.response(t + 5_000_000L, new ResponseSignal(t, 5_000_000L, 429, -1, -1, -1));
        }
        assertTrue(a.rate(t) > 0.75 * 50, "a storm of five 429s cut the rate to " + a.rate(t));
        t += 20_000_000L;                           // answered again, then another 429: a new episode
        a.sent(t);
        a.response(t + 5_000_000L, new ResponseSignal(t, 5_000_000L, 200, -1, -1, -1));
        double before = a.rate(t + 5_000_000L);
        t += 20_000_000L;
        a.sent(t);
        a.response(t + 5_000_000L, new ResponseSignal(t, 5_000_000L, 429, -1, -1, -1));
        assertTrue(a.rate(t + 5_000_000L) < before, "a 429 after an answer must slow down");
    }
}
