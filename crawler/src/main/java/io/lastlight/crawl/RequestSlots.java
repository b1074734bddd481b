package io.lastlight.crawl;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The crawl's requests in flight, at most {@code size}: the loop takes a slot per request, the results thread
 * gives it back when the capture is written. Unlike a {@link java.util.concurrent.Semaphore}, a loop that found
 * every slot taken is woken when a batch of them is free ({@code size / 4}, or all), not for every one: each
 * wake-up is a system call on the results thread, which bounds the crawl's rate (at 64 connections it spent 9%
 * of its time waking the loop), and the loop sends the batch in one go. Single waiter: the crawl loop.
 */
final class RequestSlots {
    private final int size;
    private final int batch;
    private final AtomicInteger free;
    private volatile Thread waiter;
    private volatile int wakeAt;

    RequestSlots(int size) {
        if (size < 1) throw new IllegalArgumentException("size must be at least 1");
        this.size = size;
        this.batch = Math.max(1, size / 4);
        this.free = new AtomicInteger(size);
    }

    /** Takes a slot, waiting up to {@code timeout} for a batch of them when none is free; false on timeout. */
    boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return await(batch, timeout, unit) && take();
    }

    /** Gives a slot back; wakes the waiting loop when the free slots reach what it waits for. */
    void release() {
        int n = free.incrementAndGet();
        if (n > size) {
            free.decrementAndGet();
            throw new IllegalStateException("more slots released than taken");
        }
        Thread w = waiter;
        if (w != null && n >= wakeAt) LockSupport.unpark(w);
    }

    /** Free slots now. */
    int available() {
        return free.get();
    }

    /** Waits until every slot is free (everything in flight has finished). */
    void awaitAll() throws InterruptedException {
        while (!await(size, 1, TimeUnit.SECONDS)) {
            // keep waiting: requests end on their own timeouts
        }
    }

    private boolean take() {
        while (true) {
            int f = free.get();
            if (f == 0) return false;
            if (free.compareAndSet(f, f - 1)) return true;
        }
    }

    /** True once at least one slot is free, having waited for {@code want} (or all) if none was. */
    private boolean await(int want, long timeout, TimeUnit unit) throws InterruptedException {
        int need = Math.min(want, size);
        if (want < size && free.get() > 0) return true;
        if (free.get() >= need) return true;
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        wakeAt = need;
        waiter = Thread.currentThread();
        try {
            while (free.get() < need) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return want < size ? free.get() > 0 : false;
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) throw new InterruptedException();
            }
            return true;
        } finally {
            waiter = null;
        }
    }
}
