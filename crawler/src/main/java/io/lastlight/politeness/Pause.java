package io.lastlight.politeness;

/**
 * A host's pause: nothing is sent to it before {@code untilNanos} (monotonic, {@link System#nanoTime} or the
 * policy's clock), and why. The reasons are the server's ({@link #RETRY_AFTER}, {@link #QUOTA_RESET},
 * {@link #BACKOFF_429}, {@link #BLOCK_PAGE}) or the crawl's own pacing ({@link #RATE_LIMIT}: the ceiling,
 * Crawl-delay, the adaptive rate or the shared budget). They name the {@code paused} event's {@code reason}.
 */
public record Pause(String reason, long untilNanos) {
    /** The server answered 429/503 with Retry-After. */
    public static final String RETRY_AFTER = "retry-after";
    /** The server's quota (X-RateLimit-*, IETF RateLimit) is spent until its reset. */
    public static final String QUOTA_RESET = "quota-reset";
    /** A 429 that said nothing of when to come back: exponential backoff ({@link Backoff429}). */
    public static final String BACKOFF_429 = "backoff-429";
    /** A block page (challenge, firewall): the host pauses before the item is tried again. */
    public static final String BLOCK_PAGE = "block-page";
    /** No pause: the crawl's own spacing of requests. */
    public static final String RATE_LIMIT = "rate-limit";

    /** Nanoseconds left at {@code now}, 0 once over. */
    public long leftNanos(long now) {
        return Math.max(0, untilNanos - now);
    }

    /** Whether this pause ends later than {@code other} (null: none) by more than {@code slackNanos}. */
    public boolean laterThan(Pause other, long slackNanos) {
        return other == null || untilNanos - other.untilNanos > slackNanos;
    }
}
