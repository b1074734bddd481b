package io.lastlight.politeness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.PriorityQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that enforces a fixed window (10 requests per 10 s, as the audit's Mastodon-compatible server did) and
 * says nothing: no Retry-After, no rate-limit headers, just 429. In simulated time, as {@link HiddenLimitTest}: the
 * crawler's send loop (up to {@code concurrency} in flight, each sent when the policy allows), a fixed latency. The
 * audit's crawl at the default rate 5 got 93 429s in 134 requests: AIMD slowed down once per run of 429s and
 * nothing paused the host. With {@link Backoff429} the host pauses 1 s, 2 s, 4 s … and the share stays low.
 */
class SilentLimitTest {
    private static final long S = 1_000_000_000L;

    record Outcome(long ok, long tooMany) {
        double share() {
            return tooMany / (double) Math.max(1, ok + tooMany);
        }
    }

    /** {@code limit} requests per {@code window} seconds, windows aligned to the start; the rest answered 429. */
    static Outcome run(int limit, long window, double ceiling, int concurrency, long latencyNanos, long seconds) {
        long[] now = {1_000_000_000_000L};
        long start = now[0];
        AdaptiveRatePolicy policy = new AdaptiveRatePolicy(ceiling, 1, true, 900 * S, () -> now[0]);
        PriorityQueue<long[]> inFlight = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0])); // {arrival, sent, status}
        long windowIndex = -1;
        int used = 0;
        long ok = 0, tooMany = 0;
        long end = start + seconds * S;
        while (now[0] < end) {
            while (!inFlight.isEmpty() && inFlight.peek()[0] <= now[0]) {
                long[] r = inFlight.poll();
                int status = (int) r[2];
                policy.onResponse("h", new ResponseSignal(r[1], r[0] - r[1], status, -1, -1, -1, status == 429));
            }
            long wait = Long.MAX_VALUE;
            if (inFlight.size() < concurrency) {
                long w = policy.tryAcquire("h");
                if (w == 0) {
                    long wi = (now[0] - start) / (window * S);
                    if (wi != windowIndex) {
                        windowIndex = wi;
                        used = 0;
                    }
                    int status = used++ < limit ? 200 : 429;
                    if (status == 200) ok++; else tooMany++;
                    inFlight.add(new long[]{now[0] + latencyNanos, now[0], status});
                    continue;
                }
                wait = w;
            }
            long next = inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek()[0] - now[0];
            now[0] += Math.max(1, Math.min(wait, next));
        }
        return new Outcome(ok, tooMany);
    }

    @ParameterizedTest(name = "ceiling {0}/s, {1} in flight, latency {2} ms")
    @CsvSource({"5, 4, 30", "20, 4, 30", "5, 16, 200", "1000, 8, 5"})
    void silent429sOnAFixedWindowStayAFewPercentOfRequests(double ceiling, int concurrency, long latencyMs) {
        Outcome o = run(10, 10, ceiling, concurrency, latencyMs * 1_000_000L, 300);
        String msg = String.format("%d admitted (%.2f/s of 1/s allowed), %d answered 429 (%.1f%%)", o.ok(), o.ok() / 300.0,
                o.tooMany(), o.share() * 100);
        System.out.println("silent fixed window: " + msg);
        assertTrue(o.share() < 0.20, msg);
        assertTrue(o.ok() >= 0.6 * 300, "the crawl collapsed: " + msg);
    }

    @Test
    void theBackoffDoublesOnlyForRequestsSentAfterThePauseAndAnEpisodeStartsBelowTheLastOne() {
        Backoff429 b = new Backoff429(60 * S);
        long t = 0;
        assertEquals(S, b.on429(t, t - 1));                 // 1 s
        assertEquals(0, b.on429(t + 5, t - 2));             // in flight when the pause began: covered by it
        b.onAnswer(t + 6, t - 3);                           // so is an answer to one of those: no end of episode
        t += S;
        assertEquals(2 * S, b.on429(t + 1, t));             // 2 s
        t += 2 * S;
        assertEquals(4 * S, b.on429(t + 1, t));             // 4 s
        t += 4 * S;
        b.onAnswer(t + 1, t);                               // the 4 s pause was enough: next episode starts at 2 s
        assertEquals(1, b.start());
        t += 10 * S;
        assertEquals(2 * S, b.on429(t, t - 1));
        b.onAnswer(t + 2 * S + 1, t + 2 * S);               // 2 s was enough: the next starts at 1 s
        assertEquals(0, b.start());
        Backoff429 capped = new Backoff429(5 * S);
        long c = 0;
        long last = 0;
        for (int i = 0; i < 10; i++, c += 10 * S) last = capped.on429(c, c);
        assertEquals(5 * S, last, "capped");
    }

    /** A 429 that said when to come back (the caller paces it) and answers without 429 never pause by backoff. */
    @Test
    void aPacedOrHintedAnswerDoesNotBackOff() {
        long[] now = {0};
        AdaptiveRatePolicy p = new AdaptiveRatePolicy(100, 1, true, 900 * S, () -> now[0]);
        p.onResponse("h", new ResponseSignal(0, 1, 429, -1, -1, -1));
        assertEquals(0, p.pausedFor("h"));
        p.onResponse("h", new ResponseSignal(0, 1, 429, -1, -1, -1, true));
        assertEquals(S, p.pausedFor("h"));
    }
}
