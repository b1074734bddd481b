package io.lastlight.crawl;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads {@code x-ratelimit-reset}: seconds to wait, an epoch timestamp, or an ISO time (Mastodon). */
final class RateLimitHeaders {
    private RateLimitHeaders() {}

    static long resetMillis(String reset, Instant now) {
        String v = reset.trim();
        try {
            double d = Double.parseDouble(v);
            if (d > 1_000_000_000d) return Math.max(0, Math.round(d * 1000) - now.toEpochMilli()); // epoch seconds
            return Math.max(0, Math.round(d * 1000));                                              // delta seconds
        } catch (NumberFormatException e) {
            try {
                return Math.max(0, Duration.between(now, OffsetDateTime.parse(v).toInstant()).toMillis());
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
    }
}
