package io.lastlight.politeness;

/**
 * The request budget all workers of a shared crawl draw on, kept where they all see it (the shared frontier's
 * database) and judged on one clock.
 */
public interface GlobalBudget {
    /** Takes one token: 0 when taken, else the nanoseconds to wait. */
    long tryAcquire();

    /**
     * Takes one token for a request to {@code host}: as {@link #tryAcquire()}, but first the nanoseconds the host's
     * shared pause ({@link #pauseHost}) has left, when it is paused.
     */
    default long tryAcquire(String host) {
        return tryAcquire();
    }

    /**
     * No worker sends to {@code host} for this long (a Retry-After, a spent quota, a 429 backoff one worker was
     * told; the longest pause holds), kept where a resumed worker finds it too.
     */
    default void pauseHost(String host, long nanos, String reason) {
    }

    /**
     * The shared pause of {@code host} as last seen by {@link #tryAcquire(String)} or set by {@link #pauseHost}, or null;
     * its end on {@link System#nanoTime}.
     */
    default Pause hostPause(String host) {
        return null;
    }

    /** Nobody sends for this long (the shared credential's quota ran out; the platform said Retry-After). */
    void pauseFor(long nanos);

    /** The platform said "too fast" about the shared credential: every worker slows down (once per burst of 429s). */
    void congested();

    /**
     * The site's robots.txt asks for at least this long between requests (Crawl-delay): the crawl as a whole keeps
     * to it, not each worker. Intervals only grow (the longest asked for holds).
     */
    default void minInterval(long nanos) {
    }
}
