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

    /**
     * Like {@link #acquire(String)}, but gives up, taking nothing, as soon as {@code giveUp} says so (a stop, the
     * deadline): it is asked before every wait and at least every {@value #GIVE_UP_CHECK_MS} ms of a long one (a
     * Retry-After pause). True if the permit was taken.
     */
    default boolean acquire(String host, java.util.function.BooleanSupplier giveUp) throws InterruptedException {
        long wait;
        while ((wait = tryAcquire(host)) > 0) {
            if (giveUp.getAsBoolean()) return false;
            sleepAtMostACheck(wait);
        }
        return true;
    }

    /** How often a waiting {@link #acquire(String, java.util.function.BooleanSupplier)} asks whether to give up. */
    long GIVE_UP_CHECK_MS = 100;

    /** Sleeps {@code nanos}, or {@link #GIVE_UP_CHECK_MS} if that is shorter. */
    static void sleepAtMostACheck(long nanos) throws InterruptedException {
        long n = Math.min(nanos, GIVE_UP_CHECK_MS * 1_000_000L);
        Thread.sleep(n / 1_000_000, (int) (n % 1_000_000));
    }

    /** Sends nothing to {@code host} until {@code nanoTime} (e.g. from Retry-After). */
    void pauseUntil(String host, long nanoTime);

    /** As {@link #pauseUntil(String, long)}, saying why ({@link Pause}'s reasons): the pause reports it. */
    default void pauseUntil(String host, long nanoTime, String reason) {
        pauseUntil(host, nanoTime);
    }

    /**
     * The pause {@code host} is in now (a Retry-After, a spent quota, a 429 backoff), or null when it is in none
     * (a wait is then the crawl's own spacing). For the {@code paused} event and progress.
     */
    default Pause pause(String host) {
        return null;
    }

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
