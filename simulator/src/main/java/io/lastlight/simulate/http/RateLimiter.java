package io.lastlight.simulate.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: capacity {@code burst}, refilled at {@code rate} tokens per second, starting
 * full. So in any window of length t at most burst + rate·t requests are admitted. The admission time (a
 * monotonic nano time taken under the bucket's lock) is returned so the access log shows exactly the
 * instants the bucket saw.
 */
public final class RateLimiter {
    private final double rate;
    private final int burst;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** The outcome of one acquisition. */
    public record Decision(boolean admitted, long nanos, int limit, long remaining, long resetSeconds,
                           long retryAfterSeconds, double secondsToFull) {}

    private static final class Bucket {
        double tokens;
        long last;
    }

    public RateLimiter(double rate, int burst, LongSupplier nanos) {
        if (!(rate > 0)) throw new IllegalArgumentException("rate must be > 0");
        this.rate = rate;
        this.burst = Math.max(1, burst);
        this.nanos = nanos;
    }

    public Decision acquire(String client) {
        Bucket b = buckets.computeIfAbsent(client, k -> {
            Bucket nb = new Bucket();
            nb.tokens = burst;
            nb.last = nanos.getAsLong();
            return nb;
        });
        synchronized (b) {
            long now = nanos.getAsLong();
            if (now > b.last) {
                b.tokens = Math.min(burst, b.tokens + (now - b.last) / 1e9 * rate);
                b.last = now;
            } else {
                now = b.last;
            }
            boolean ok = b.tokens >= 1.0;
            if (ok) b.tokens -= 1.0;
            double toFull = (burst - b.tokens) / rate;
            long reset = (long) Math.ceil(toFull);
            long retry = ok ? 0 : Math.max(1, (long) Math.ceil((1.0 - b.tokens) / rate));
            return new Decision(ok, now, burst, (long) Math.floor(b.tokens), reset, retry, toFull);
        }
    }
}
