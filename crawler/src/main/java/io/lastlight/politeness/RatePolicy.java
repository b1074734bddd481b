package io.lastlight.politeness;

/**
 * May I send now, and if not, how long to wait. Fed by responses (Retry-After, rate-limit headers, 429s,
 * latency). Implementations are thread-safe.
 */
public interface RatePolicy {
    /** Takes one permit for {@code host} if one is available now; otherwise returns the nanoseconds to wait. */
    long tryAcquire(String host);

    /** Blocks until a permit for {@code host} is available and takes it. */
    default void acquire(String host) throws InterruptedException {
        long wait;
        while ((wait = tryAcquire(host)) > 0) {
            long ms = wait / 1_000_000;
            Thread.sleep(ms, (int) (wait % 1_000_000));
        }
    }

    /** Sends nothing to {@code host} until {@code nanoTime} (e.g. from Retry-After). */
    void pauseUntil(String host, long nanoTime);

    /** What one response told us about the server's tolerance. Default: nothing is learned. */
    default void onResponse(String host, ResponseSignal signal) {
    }

    /** A lower bound on the spacing of requests to {@code host} (robots.txt Crawl-delay); 0 removes it. */
    default void minInterval(String host, long nanos) {
    }

    /** The requests per second currently allowed for {@code host} (for progress and logs). */
    default double currentRate(String host) {
        return Double.POSITIVE_INFINITY;
    }
}
