package io.lastlight.crawl;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;

/** Exponential backoff with full jitter (seeded), and Retry-After parsing with a clamp. */
public final class RetryPolicy {
    private final Duration base;
    private final Duration max;
    private final Duration retryAfterMax;
    private final Random random;

    public RetryPolicy(Duration base, Duration max, Duration retryAfterMax, long seed) {
        this.base = base;
        this.max = max;
        this.retryAfterMax = retryAfterMax;
        this.random = new Random(seed);
    }

    /** Delay before attempt number {@code attempt + 1} (attempt counts from 0). */
    public synchronized long backoffMillis(int attempt) {
        long cap = Math.min(max.toMillis(), base.toMillis() << Math.min(20, attempt));
        return cap / 2 + (long) (random.nextDouble() * (cap / 2.0));
    }

    /**
     * Whether an answer looks like an outage rather than a problem with the item: 500, 502, 503, 504 (a backend
     * down, restarting or overloaded behind its proxy). Such failures, and connection failures, are retried for
     * an outage window ({@link #outageBackoffMillis}, {@link #outageAttempts}).
     */
    public static boolean outage(int status) {
        return status == 500 || status == 502 || status == 503 || status == 504;
    }

    /**
     * Delay before attempt {@code attempt + 1} after an outage-like failure: doubling from the base up to a quarter
     * of the outage window (never below the usual maximum), with full jitter over its upper half.
     */
    public synchronized long outageBackoffMillis(int attempt, Duration window) {
        long cap = Math.min(outageCap(window), base.toMillis() << Math.min(20, attempt));
        return cap / 2 + (long) (random.nextDouble() * (cap / 2.0));
    }

    /**
     * Attempts an item gets for outage-like failures: at least {@code maxAttempts}, and enough that the shortest
     * possible waits between them ({@link #outageBackoffMillis} is at least half its cap) add up to {@code window}.
     */
    public int outageAttempts(int maxAttempts, Duration window) {
        long sum = 0;
        int waits = 0;
        while (sum < window.toMillis() && waits < 10_000) {
            sum += Math.min(outageCap(window), base.toMillis() << Math.min(20, waits)) / 2;
            waits++;
        }
        return Math.max(maxAttempts, waits + 1);
    }

    private long outageCap(Duration window) {
        return Math.max(Math.max(1, max.toMillis()), window.toMillis() / 4);
    }

    /**
     * Seconds from a Retry-After value (delta-seconds or an HTTP date), clamped to the configured maximum;
     * -1 when absent or unparseable.
     */
    public long retryAfterMillis(String value, Instant now) {
        long ms = requestedMillis(value, now);
        return ms < 0 ? -1 : Math.min(ms, retryAfterMax.toMillis());
    }

    /** Whether a Retry-After asks for a longer wait than the clamp ({@link #requestedMillis} over the maximum). */
    public boolean beyondClamp(String value, Instant now) {
        return requestedMillis(value, now) > retryAfterMax.toMillis();
    }

    /**
     * Milliseconds a Retry-After value asks for, unclamped (at least 0); -1 when absent or unparseable. An HTTP date
     * is taken relative to {@code now}: pass the answer's own Date ({@link RateLimitHeaders#serverNow}), so a server
     * whose clock is off by minutes is still waited for as long as it asked.
     */
    public long requestedMillis(String value, Instant now) {
        return requested(value, now);
    }

    /** {@link #requestedMillis}, for callers without a policy. */
    static long requested(String value, Instant now) {
        if (value == null || value.isBlank()) return -1;
        String v = value.trim();
        long ms;
        try {
            ms = Math.round(Double.parseDouble(v) * 1000);
        } catch (NumberFormatException e) {
            try {
                ms = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toMillis();
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
        return Math.max(0, ms);
    }
}
