package io.lastlight.crawl;

import io.lastlight.politeness.Pause;
import io.lastlight.politeness.RatePolicy;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The crawl loop's wait for the rate policy's permit to send to a host, in steps of at most
 * {@link RatePolicy#GIVE_UP_CHECK_MS} ms so that a stop or the deadline ends it and progress goes on being reported
 * (the {@code tick}). A wait longer than {@value #ANNOUNCE_NANOS} ns is announced: a {@code paused} event (the host,
 * the reason: {@code retry-after}, {@code quota-reset}, {@code backoff-429}, {@code block-page}, or
 * {@code rate-limit} for the crawl's own spacing; {@code until} on the crawl's clock; {@code seconds}), shown by
 * progress while it lasts ({@link CrawlStats#waiting}), and a {@code resumed} event when sending resumes. A wait
 * that a stop ends has no {@code resumed}: the summary follows. The server's pauses are logged even under
 * {@code --quiet-events}; the crawl's own spacing is a per-item event.
 */
final class PauseWait {
    static final long ANNOUNCE_NANOS = 1_000_000_000L;

    private final RatePolicy rate;
    private final Clock clock;
    private final CrawlStats stats;
    private final LongSupplier nanoTime;

    PauseWait(RatePolicy rate, Clock clock, CrawlStats stats, LongSupplier nanoTime) {
        this.rate = rate;
        this.clock = clock;
        this.stats = stats;
        this.nanoTime = nanoTime;
    }

    /** Takes the permit for {@code host}: true, or false (nothing taken) when {@code giveUp} said so first. */
    boolean acquire(String host, BooleanSupplier giveUp, Runnable tick) throws InterruptedException {
        long wait = rate.tryAcquire(host);
        if (wait <= 0) return true;
        CrawlStats.Waiting announced = null;
        long started = nanoTime.getAsLong();
        boolean checkedPause = false;
        try {
            while (wait > 0) {
                if (giveUp.getAsBoolean()) return false;
                if (announced == null) {
                    // A quota waits in short polls: its pause says how long it really is (asked once per wait).
                    Pause p = wait >= ANNOUNCE_NANOS || !checkedPause ? rate.pause(host) : null;
                    checkedPause = true;
                    long left = Math.max(wait, p == null ? 0 : p.leftNanos(nanoTime.getAsLong()));
                    if (left > ANNOUNCE_NANOS) announced = announce(host, p == null ? Pause.RATE_LIMIT : p.reason(), left);
                }
                tick.run();
                RatePolicy.sleepAtMostACheck(wait);
                wait = rate.tryAcquire(host);
            }
            if (announced != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("host", host);
                m.put("reason", announced.reason());
                m.put("waited_s", Math.round((nanoTime.getAsLong() - started) / 1e8) / 10.0);
                log("resumed", announced.reason(), m);
            }
            return true;
        } finally {
            if (announced != null) stats.waiting = null;
        }
    }

    private CrawlStats.Waiting announce(String host, String reason, long nanos) {
        Instant until = clock.instant().plusNanos(nanos);
        CrawlStats.Waiting w = new CrawlStats.Waiting(host, reason, until);
        stats.waiting = w;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("reason", reason);
        m.put("until", until.toString());
        m.put("seconds", Math.round(nanos / 1e8) / 10.0);
        log("paused", reason, m);
        return w;
    }

    private static void log(String event, String reason, Map<String, Object> m) {
        if (Pause.RATE_LIMIT.equals(reason)) CrawlLog.event(event, m); else CrawlLog.line(event, m);
    }
}
