package io.lastlight.politeness;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketRatePolicyTest {
    @Test
    void neverAdmitsMoreThanBurstPlusRateTimesT() {
        AtomicLong now = new AtomicLong(0);
        TokenBucketRatePolicy p = new TokenBucketRatePolicy(10, 3, now::get);
        long admitted = 0;
        // Simulated client hammering every millisecond for 10 seconds.
        for (int ms = 0; ms <= 10_000; ms++) {
            now.set(ms * 1_000_000L);
            while (p.tryAcquire("h") == 0) admitted++;
        }
        assertTrue(admitted <= 3 + 10 * 10, "admitted " + admitted);
        assertTrue(admitted >= 100, "admitted " + admitted);
    }

    @Test
    void fractionalRatesAndPauses() {
        AtomicLong now = new AtomicLong(0);
        TokenBucketRatePolicy p = new TokenBucketRatePolicy(0.5, 1, now::get);
        assertEquals(0, p.tryAcquire("h"));
        long wait = p.tryAcquire("h");
        assertTrue(wait > 1_900_000_000L && wait <= 2_000_000_000L, "wait " + wait);
        now.set(2_000_000_000L);
        p.pauseUntil("h", 5_000_000_000L);
        assertEquals(3_000_000_000L, p.tryAcquire("h"));
        now.set(5_000_000_000L);
        assertEquals(0, p.tryAcquire("h"));
    }

    @Test
    void unlimitedWhenRateIsZero() {
        TokenBucketRatePolicy p = new TokenBucketRatePolicy(0, 1, () -> 0L);
        for (int i = 0; i < 1000; i++) assertEquals(0, p.tryAcquire("h"));
    }
}
