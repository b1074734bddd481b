package io.lastlight.politeness;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A hard request-rate ceiling: one token bucket (Bucket4j, greedy refill) for the whole platform, and one
 * per host, so no window of any length sees more than {@code burst + rate·t} requests. Pauses from
 * Retry-After apply on top.
 */
public final class TokenBucketRatePolicy implements RatePolicy {
    private final double rate;
    private final int burst;
    private final LongSupplier nanoTime;
    private final TimeMeter meter;
    private final Bucket platform;
    private final Map<String, Bucket> hosts = new ConcurrentHashMap<>();
    private final Map<String, Long> pausedUntil = new ConcurrentHashMap<>();

    /**
     * @param rate requests per second (≤ 0 means unlimited)
     * @param burst how many requests may go at once after an idle period (≥ 1)
     * @param nanoTime monotonic time source (System::nanoTime outside tests)
     */
    public TokenBucketRatePolicy(double rate, int burst, LongSupplier nanoTime) {
        if (burst < 1) throw new IllegalArgumentException("burst must be at least 1");
        this.rate = rate;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.meter = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanoTime.getAsLong();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        this.platform = rate > 0 ? newBucket() : null;
    }

    private Bucket newBucket() {
        Bandwidth limit;
        if (rate >= 1 && rate == Math.rint(rate)) {
            limit = Bandwidth.builder().capacity(burst).refillGreedy((long) rate, Duration.ofSeconds(1))
                    .initialTokens(burst).build();
        } else {
            long periodNanos = Math.max(1, Math.round(1e9 / rate));
            limit = Bandwidth.builder().capacity(burst).refillGreedy(1, Duration.ofNanos(periodNanos))
                    .initialTokens(burst).build();
        }
        return Bucket.builder().addLimit(limit).withCustomTimePrecision(meter).build();
    }

    public double rate() {
        return rate;
    }

    @Override
    public long tryAcquire(String host) {
        long now = nanoTime.getAsLong();
        Long paused = pausedUntil.get(host);
        if (paused != null && paused - now > 0) return paused - now;
        if (platform == null) return 0;
        Bucket h = hosts.computeIfAbsent(host, k -> newBucket());
        synchronized (this) {
            // Check both buckets before taking from either, so a refusal consumes nothing.
            long wait = Math.max(platform.estimateAbilityToConsume(1).getNanosToWaitForRefill(),
                    h.estimateAbilityToConsume(1).getNanosToWaitForRefill());
            if (wait > 0) return wait;
            ConsumptionProbe a = platform.tryConsumeAndReturnRemaining(1);
            if (!a.isConsumed()) return Math.max(1, a.getNanosToWaitForRefill());
            if (!h.tryConsume(1)) {
                platform.addTokens(1);
                return 1_000_000;
            }
            return 0;
        }
    }

    @Override
    public void pauseUntil(String host, long until) {
        pausedUntil.merge(host, until, (a, b) -> (a - b) > 0 ? a : b);
    }
}
