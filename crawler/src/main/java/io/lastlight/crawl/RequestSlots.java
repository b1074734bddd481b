package io.lastlight.crawl;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The crawl's requests in flight, at most {@code size}: the loop takes a slot per request, the results thread
 * gives it back when the capture is written. Unlike a {@link java.util.concurrent.Semaphore}, a loop that found
 * every slot taken is woken when a batch of them is free ({@code size / 2}, or all), not for every one, as long
 * as slots come back quickly (less than {@link #SLOW_NANOS} apart): each wake-up is a system call on the results
 * thread, which bounds a fast crawl's rate (at 64 connections it spent 9% of its time waking the loop), and the
 * loop sends the batch in one go. When slots come back slowly (a distant or slow server) the loop is woken for
 * each, so the requests in flight stay near {@code size} instead of dipping by half a batch on average. Single
 * waiter: the crawl loop.
 */
final class RequestSlots {
    /** Releases further apart than this wake the loop one by one (1 ms: at 16 slots, crawls under ~16k/s). */
    static final long SLOW_NANOS = 1_000_000;
    private final int size;
    private final int batch;
    private final AtomicInteger free;
    private final LongSupplier nanoTime;
    private volatile Thread waiter;
    private volatile int wakeAt;
    /** Set by a slow release: the waiting loop takes what is free without waiting for the batch. */
    private volatile boolean nudged;
    /**
     * When the last slot came back. The results thread gives slots back, and the loop those it took but did not
     * use; if both do at once, one release may be judged fast or slow wrongly: the loop wakes once too early, or at
     * the next release (or its own timeout) instead.
     */
    private volatile long lastRelease;

    RequestSlots(int size) {
        this(size, System::nanoTime);
    }

    /** @param nanoTime the clock that tells a slow release from a fast one (tests inject one) */
    RequestSlots(int size, LongSupplier nanoTime) {
        if (size < 1) throw new IllegalArgumentException("size must be at least 1");
        this.size = size;
        this.batch = Math.max(1, size / 2);
        this.free = new AtomicInteger(size);
        this.nanoTime = nanoTime;
        this.lastRelease = nanoTime.getAsLong();
    }

    /** Takes a slot, waiting up to {@code timeout} for a batch of them when none is free; false on timeout. */
    boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return await(batch, timeout, unit) && take();
    }

    /**
     * Gives a slot back; wakes the waiting loop when the free slots reach what it waits for, or when this slot
     * came back slowly after the one before.
     */
    void release() {
        int n = free.incrementAndGet();
        if (n > size) {
            free.decrementAndGet();
            throw new IllegalStateException("more slots released than taken");
        }
        long now = nanoTime.getAsLong();
        boolean slow = now - lastRelease >= SLOW_NANOS;
        lastRelease = now;
        Thread w = waiter;
        if (w == null) return;
        if (slow) nudged = true;
        if (slow || n >= wakeAt) LockSupport.unpark(w);
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

    /** Waits up to {@code timeout} until every slot is free; false if some are still taken then. */
    boolean awaitAll(long timeout, TimeUnit unit) throws InterruptedException {
        return await(size, timeout, unit);
    }

    private boolean take() {
        while (true) {
            int f = free.get();
            if (f == 0) return false;
            if (free.compareAndSet(f, f - 1)) return true;
        }
    }

    /**
     * True once at least one slot is free, having waited for {@code want} (or all) if none was; a wait for fewer
     * than all ends early at a slow release ({@link #release}).
     */
    private boolean await(int want, long timeout, TimeUnit unit) throws InterruptedException {
        int need = Math.min(want, size);
        if (want < size && free.get() > 0) return true;
        if (free.get() >= need) return true;
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        wakeAt = need;
        nudged = false;
        waiter = Thread.currentThread();
        try {
            while (free.get() < need) {
                if (want < size && nudged && free.get() > 0) return true; // slots come back slowly: one will do
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
