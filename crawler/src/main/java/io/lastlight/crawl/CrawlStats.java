package io.lastlight.crawl;

import java.util.concurrent.atomic.AtomicLong;

/** Counters a crawl reports while it runs and at the end. Thread-safe. */
public final class CrawlStats {
    public final AtomicLong requests = new AtomicLong();
    public final AtomicLong captures = new AtomicLong();
    public final AtomicLong bytes = new AtomicLong();
    public final AtomicLong retries = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();
    public final AtomicLong transportErrors = new AtomicLong();
    public final AtomicLong status429 = new AtomicLong();
    public final AtomicLong status5xx = new AtomicLong();
    public final AtomicLong blocked = new AtomicLong();
    public final AtomicLong truncated = new AtomicLong();
    public final AtomicLong discovered = new AtomicLong();
    public final AtomicLong revisits = new AtomicLong();
    public final AtomicLong redirects = new AtomicLong();
    public final AtomicLong redirectsOutOfScope = new AtomicLong();
    public final AtomicLong refusedAddresses = new AtomicLong();
    public final AtomicLong robotsDisallowed = new AtomicLong();
    public final AtomicLong undecodable = new AtomicLong();
    public final AtomicLong incomplete = new AtomicLong();
    /** Leased items the deadline-aware scheduler queued again with a lower priority instead of fetching. */
    public final AtomicLong rescheduled = new AtomicLong();
    /** Items the platform refused by policy (an endpoint needing a token the crawl was not given). */
    public final PolicyRefusals policy = new PolicyRefusals();
    /** Why items failed for good in this session, by kind. */
    public final FailureReasons failures = new FailureReasons();
    /** The wait for a permit the crawl is in now, when it is a long one ({@link PauseWait}), else null: for progress. */
    public volatile Waiting waiting;
    private final long startNanos = System.nanoTime();

    /** A long wait: for {@code host}, why ({@link io.lastlight.politeness.Pause}'s reasons), until when (the crawl's clock). */
    public record Waiting(String host, String reason, java.time.Instant until) {}

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
