package io.lastlight.schedule;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Completed requests per second over a sliding window (default 60 s), from an injected monotonic clock.
 * Early in a crawl, before a full window has passed, the rate is over the time elapsed so far.
 */
public final class ThroughputMeter {
    private final LongSupplier nanoTime;
    private final long windowNanos;
    private final Deque<Long> events = new ArrayDeque<>();
    private final long start;

    public ThroughputMeter(LongSupplier nanoTime, long windowSeconds) {
        this.nanoTime = nanoTime;
        this.windowNanos = windowSeconds * 1_000_000_000L;
        this.start = nanoTime.getAsLong();
    }

    public synchronized void record() {
        long now = nanoTime.getAsLong();
        events.addLast(now);
        evict(now);
    }

    public synchronized double perSecond() {
        long now = nanoTime.getAsLong();
        evict(now);
        long span = Math.min(windowNanos, now - start);
        if (span <= 0) return 0;
        return events.size() / (span / 1e9);
    }

    private void evict(long now) {
        while (!events.isEmpty() && now - events.peekFirst() > windowNanos) events.removeFirst();
    }
}
