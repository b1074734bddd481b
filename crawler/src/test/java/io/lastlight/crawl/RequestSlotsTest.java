package io.lastlight.crawl;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
        AtomicLong clock = new AtomicLong();
        RequestSlots s = new RequestSlots(16, clock::get);  // batches of 8
        for (int i = 0; i < 16; i++) assertTrue(s.tryAcquire(1, TimeUnit.MILLISECONDS));
        AtomicBoolean got = new AtomicBoolean();
        CountDownLatch done = waitingLoop(s, got);
        for (int i = 0; i < 7; i++) {
            clock.addAndGet(RequestSlots.SLOW_NANOS / 10); // slots coming back quickly
            s.release();
        }
        assertFalse(done.await(200, TimeUnit.MILLISECONDS), "seven free slots are not a batch");
        clock.addAndGet(RequestSlots.SLOW_NANOS / 10);
        s.release();
        assertTrue(done.await(5, TimeUnit.SECONDS), "the eighth wakes the loop");
        assertTrue(got.get());
        assertEquals(7, s.available(), "it took one; the other seven are its to take without waiting");
    }

    @Test
    void aSlotComingBackSlowlyWakesTheLoopAtOnce() throws Exception {
        AtomicLong clock = new AtomicLong();
        RequestSlots s = new RequestSlots(16, clock::get);
        for (int i = 0; i < 16; i++) assertTrue(s.tryAcquire(1, TimeUnit.MILLISECONDS));
        AtomicBoolean got = new AtomicBoolean();
        CountDownLatch done = waitingLoop(s, got);
        clock.addAndGet(RequestSlots.SLOW_NANOS * 5); // a distant server: in flight should not sink by half a batch
        s.release();
        assertTrue(done.await(5, TimeUnit.SECONDS), "one slow release wakes the loop");
        assertTrue(got.get());
        assertEquals(0, s.available());
    }

    /** A crawl loop parked in tryAcquire with no slot free (releases must come after it waits, or it takes one). */
    private static CountDownLatch waitingLoop(RequestSlots s, AtomicBoolean got) throws InterruptedException {
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
        for (int i = 0; i < 2_000 && loop.getState() != Thread.State.TIMED_WAITING; i++) Thread.sleep(5);
        assertEquals(Thread.State.TIMED_WAITING, loop.getState());
        return done;
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
