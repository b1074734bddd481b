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
     * Seconds from a Retry-After value (delta-seconds or an HTTP date), clamped to the configured maximum;
     * -1 when absent or unparseable.
     */
    public long retryAfterMillis(String value, Instant now) {
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
        return Math.max(0, Math.min(ms, retryAfterMax.toMillis()));
    }
}
