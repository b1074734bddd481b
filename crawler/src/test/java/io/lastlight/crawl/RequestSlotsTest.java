package io.lastlight.crawl;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestSlotsTest {
    @Test
    void takesUpToItsSizeThenTimesOut() throws Exception {
        RequestSlots s = new RequestSlots(3);
        for (int i = 0; i < 3; i++) assertTrue(s.tryAcquire(1, TimeUnit.MILLISECONDS));
        assertEquals(0, s.available());
        assertFalse(s.tryAcquire(20, TimeUnit.MILLISECONDS));
        s.release();
        assertTrue(s.tryAcquire(0, TimeUnit.MILLISECONDS), "a free slot is taken without waiting");
    }

    @Test
    void aLoopWaitingForSlotsIsWokenByABatchNotByEachOne() throws Exception {
        RequestSlots s = new RequestSlots(16);  // batches of 4
        for (int i = 0; i < 16; i++) assertTrue(s.tryAcquire(1, TimeUnit.MILLISECONDS));
        AtomicBoolean got = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread loop = new Thread(() -> {
            try {
                got.set(s.tryAcquire(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        });
        loop.start();
        // parked with no slot free (the releases below must come after it waits, or it would take one at once)
        for (int i = 0; i < 2_000 && loop.getState() != Thread.State.TIMED_WAITING; i++) Thread.sleep(5);
        assertEquals(Thread.State.TIMED_WAITING, loop.getState());
        for (int i = 0; i < 3; i++) s.release();
        assertFalse(done.await(200, TimeUnit.MILLISECONDS), "three free slots are not a batch");
        s.release();
        assertTrue(done.await(5, TimeUnit.SECONDS), "the fourth wakes the loop");
        assertTrue(got.get());
        assertEquals(3, s.available(), "it took one; the other three are its to take without waiting");
    }

    @Test
    void awaitAllReturnsWhenEverythingInFlightHasEnded() throws Exception {
        RequestSlots s = new RequestSlots(5);
        for (int i = 0; i < 5; i++) assertTrue(s.tryAcquire(1, TimeUnit.MILLISECONDS));
        Thread results = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
                s.release();
            }
        });
        results.start();
        s.awaitAll();
        assertEquals(5, s.available());
        assertThrows(IllegalStateException.class, s::release, "a slot given back twice is a bug, not more capacity");
        assertEquals(5, s.available());
    }
}
