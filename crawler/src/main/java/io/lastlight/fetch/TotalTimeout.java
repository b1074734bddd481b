package io.lastlight.fetch;

import java.io.Closeable;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The cap on a whole fetch (connect, send, every byte of the body): one sweep over the fetches in flight,
 * a few times per timeout, completes those past it. {@code CompletableFuture.completeOnTimeout} costs a timer
 * task per request and needs its value up front (an error result with a {@code TimeoutException}, stack trace
 * and all, built for every request and thrown away: 5% of the crawl loop's CPU, and the JDK's delay thread woken
 * twice per request). A timed-out fetch completes within a tenth of the timeout (at most a second) after it.
 */
final class TotalTimeout implements Closeable {
    private record Expiry(long deadlineNanos, Supplier<FetchResult> onTimeout) {}

    private final long timeoutNanos;
    private final Map<CompletableFuture<FetchResult>, Expiry> inFlight = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lastlight-fetch-timeout");
        t.setDaemon(true);
        return t;
    });

    TotalTimeout(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(10_000_000L, Math.min(1_000_000_000L, timeoutNanos / 10));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    /** Completes {@code f} with {@code onTimeout}'s result unless it completes within the timeout from now. */
    void watch(CompletableFuture<FetchResult> f, Supplier<FetchResult> onTimeout) {
        inFlight.put(f, new Expiry(System.nanoTime() + timeoutNanos, onTimeout));
        f.whenComplete((r, t) -> inFlight.remove(f));
    }

    /** Fetches being watched (for tests). */
    int watched() {
        return inFlight.size();
    }

    void sweep() {
        long now = System.nanoTime();
        inFlight.forEach((f, e) -> {
            if (now - e.deadlineNanos() >= 0) f.complete(e.onTimeout().get());
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
