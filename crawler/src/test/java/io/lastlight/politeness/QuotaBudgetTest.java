package io.lastlight.politeness;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's quota is a budget spent by every send, not only re-read when a response arrives. */
class QuotaBudgetTest {
    @Test
    void sendsStopWhenTheLastReadingsBudgetIsSpentUntilItResets() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        AdaptiveRatePolicy p = new AdaptiveRatePolicy(0, 1, false, 60_000_000_000L, now::get);
        assertEquals(0, p.tryAcquire("h"));
        long sent = now.get();
        now.addAndGet(1_000_000);
        // The server answered that request with 3 left of 10, full again in 10 s (above the low-water mark of 2: no spreading).
        p.onResponse("h", new ResponseSignal(sent, 1_000_000, 200, 10, 3, 10_000_000_000L));
        assertEquals(0, p.tryAcquire("h"));
        assertEquals(0, p.tryAcquire("h"));
        long wait = p.tryAcquire("h");          // 3 left − 2 sent since = 1: kept in reserve
        assertTrue(wait > 0 && wait <= 20_000_000L, "wait " + wait);
        now.addAndGet(10_000_000_000L);         // the quota has reset
        assertEquals(0, p.tryAcquire("h"));
    }

    @Test
    void anOlderReadingDoesNotReplaceANewerOne() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        AdaptiveRatePolicy p = new AdaptiveRatePolicy(0, 1, false, 60_000_000_000L, now::get);
        p.tryAcquire("h");
        long first = now.get();
        now.addAndGet(1_000_000);
        p.tryAcquire("h");
        long second = now.get();
        now.addAndGet(1_000_000);
        p.onResponse("h", new ResponseSignal(second, 1_000_000, 200, 20, 1, 10_000_000_000L)); // newest: spent
        p.onResponse("h", new ResponseSignal(first, 2_000_000, 200, 20, 15, 10_000_000_000L));  // stale, arrives late
        assertTrue(p.tryAcquire("h") > 0, "the stale reading must not reopen the budget");
    }
}
