package io.lastlight.politeness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which signals a worker shares: a host's pause (Retry-After, a spent quota, a 429 backoff) always, as that host's
 * pause for every worker; without a credential the adaptive cut stays with this worker's address; with one
 * (cookies, a token) what the platform says is about the credential every worker sends, so a pause, an exhausted
 * quota and a 429 also reach the global budget as a whole.
 */
class SharedRatePolicyTest {
    static final class Recorder implements GlobalBudget {
        final List<Long> pauses = new ArrayList<>();
        int congestions;

        @Override public long tryAcquire() { return 0; }
        @Override public void pauseFor(long nanos) { pauses.add(nanos); }
        @Override public void congested() { congestions++; }
        final List<Long> intervals = new ArrayList<>();
        @Override public void minInterval(long nanos) { intervals.add(nanos); }
        /** Host pauses as told: "host reason seconds". */
        final List<String> hostPauses = new ArrayList<>();
        @Override public void pauseHost(String host, long nanos, String reason) { hostPauses.add(host + " " + reason + " " + nanos / S); }
        /** A pause another worker set, as the budget last saw it. */
        Pause shared;
        int hostAsks;
        @Override public long tryAcquire(String host) { hostAsks++; return 0; }
        @Override public Pause hostPause(String host) { return shared; }
    }

    private long now = 1_000_000_000_000L;
    private static final long S = 1_000_000_000L;

    private SharedRatePolicy policy(Recorder global, boolean credential, boolean adaptive) {
        AdaptiveRatePolicy local = new AdaptiveRatePolicy(10, 2, adaptive, 60 * S, () -> now);
        return new SharedRatePolicy(local, global, 40, credential, adaptive, 60 * S, () -> now);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void robotsCrawlDelayBindsTheCrawlAsAWholeAndThisWorker(boolean credential) {
        Recorder global = new Recorder();
        SharedRatePolicy p = policy(global, credential, true);
        p.minInterval("h", S);
        p.minInterval("h", S);  // the crawler reports it for every item: the budget is told once
        p.minInterval("h", S / 2);
        p.minInterval("h", 2 * S);
        assertEquals(List.of(S, 2 * S), global.intervals, "the longest Crawl-delay goes to the global budget");
        assertEquals(0, p.tryAcquire("h"));
        assertTrue(p.tryAcquire("h") > S, "and this worker keeps to it too");
    }

    @Test
    void withoutACredentialA429CutsThisWorkerOnlyButTheHostsPausesHoldForEveryWorker() {
        Recorder global = new Recorder();
        SharedRatePolicy p = policy(global, false, true);
        p.onResponse("h", new ResponseSignal(now, 1_000_000, 429, -1, -1, -1));
        p.pauseUntil("h", now + 5 * S, Pause.RETRY_AFTER);
        p.onResponse("h", new ResponseSignal(now, 1_000_000, 200, 100, 0, 30 * S));
        assertTrue(global.pauses.isEmpty(), "nothing pauses the whole crawl");
        assertEquals(0, global.congestions);
        assertEquals(List.of("h retry-after 5", "h quota-reset 30"), global.hostPauses, "but the host pauses for everyone");
        assertTrue(p.tryAcquire("h") >= 4 * S, "this worker waits out its own pause");
    }

    @Test
    void whileASharedPauseSeenLastsNeitherThisWorkersPolicyNorTheBudgetIsAsked() {
        Recorder global = new Recorder();
        int[] localAsks = new int[1];
        RatePolicy local = new RatePolicy() {
            @Override public long tryAcquire(String host) { localAsks[0]++; return 0; }
            @Override public void pauseUntil(String host, long nanoTime) { }
        };
        SharedRatePolicy p = new SharedRatePolicy(local, global, 0, false, true, 60 * S, () -> now);
        global.shared = new Pause(Pause.RETRY_AFTER, now + 5 * S);
        for (int i = 0; i < 10; i++) assertEquals(5 * S, p.tryAcquire("h"));
        assertEquals(0, localAsks[0], "each poll would count as a request sent");
        assertEquals(0, global.hostAsks);
        assertEquals(Pause.RETRY_AFTER, p.pause("h").reason());
        now += 5 * S;
        assertEquals(0, p.tryAcquire("h"));
        assertEquals(1, localAsks[0]);
        assertEquals(1, global.hostAsks);
    }

    @Test
    void aSilent429sBackoffPausesTheHostForEveryWorkerOncePerStep() {
        Recorder global = new Recorder();
        SharedRatePolicy p = policy(global, false, false);
        long sent = now - 1_000;  // sent before the first pause began
        p.onResponse("h", new ResponseSignal(sent, 1_000_000, 429, -1, -1, -1, true));
        p.onResponse("h", new ResponseSignal(sent, 1_000_000, 429, -1, -1, -1, true));  // in flight before the pause: no news
        now += 2 * S;
        p.onResponse("h", new ResponseSignal(now, 1_000_000, 429, -1, -1, -1, true));   // sent after it: the pause doubles
        assertEquals(List.of("h backoff-429 1", "h backoff-429 2"), global.hostPauses);
        assertEquals(Pause.BACKOFF_429, p.pause("h").reason());
    }

    @Test
    void withASharedCredentialPausesQuotasAnd429sReachEveryWorker() {
        Recorder global = new Recorder();
        SharedRatePolicy p = policy(global, true, true);
        p.pauseUntil("h", now + 5 * S);
        p.pauseUntil("h", now + 3_600 * S);  // clamped as Retry-After is
        p.onResponse("h", new ResponseSignal(now, 1_000_000, 200, 100, 50, 30 * S));  // plenty left: nothing shared
        p.onResponse("h", new ResponseSignal(now, 1_000_000, 200, 100, 0, 30 * S));   // the quota ran out
        p.onResponse("h", new ResponseSignal(now, 1_000_000, 429, -1, -1, -1));
        assertEquals(List.of(5 * S, 60 * S, 30 * S), global.pauses);
        assertEquals(1, global.congestions);
    }

    @Test
    void noAdaptiveKeepsPausesAndQuotasButNotTheCut() {
        Recorder global = new Recorder();
        SharedRatePolicy p = policy(global, true, false);
        p.onResponse("h", new ResponseSignal(now, 1_000_000, 429, -1, -1, -1));
        p.pauseUntil("h", now + 2 * S);
        assertEquals(0, global.congestions);
        assertEquals(List.of(2 * S), global.pauses);
    }
}
