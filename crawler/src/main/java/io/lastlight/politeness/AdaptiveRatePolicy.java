package io.lastlight.politeness;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The crawler's rate policy. Four limits, the strictest wins:
 * <ol>
 * <li>the hard ceiling ({@code --rate}, {@code --burst}): token buckets for the platform and per host
 * ({@link TokenBucketRatePolicy}), never exceeded whatever the server says;</li>
 * <li>the server's own quota ({@code x-ratelimit-limit/remaining/reset}): when the remaining requests run
 * low (at most {@value #LOW_WATER_SHARE} of the limit, as truthbrush does with 50 of 300) they are spread
 * evenly until the reset; at zero nothing is sent until the reset;</li>
 * <li>adaptive AIMD ({@link AimdController}) for servers that do not say: 429, 503 and rising latency slow
 * down, time speeds up again, up to the ceiling;</li>
 * <li>robots.txt {@code Crawl-delay} and pauses (Retry-After, block pages, and for a 429 that says nothing of
 * when to come back, exponential backoff: {@link Backoff429}, adaptive or not).</li>
 * </ol>
 */
public final class AdaptiveRatePolicy implements RatePolicy {
    static final double LOW_WATER_SHARE = 0.2;

    private final TokenBucketRatePolicy ceiling;
    private final double ceilingRate;
    private final boolean adaptive;
    private final long maxQuotaWaitNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();
    private volatile PauseListener listener = (host, pause) -> { };

    /**
     * Told of every pause a host enters or that is made longer (Retry-After, a spent quota, a 429 backoff, a block
     * page), outside the host's lock: the crawl keeps them in its frontier, so a --resume honours them, and a shared
     * crawl tells its other workers.
     */
    public interface PauseListener {
        void paused(String host, Pause pause);
    }

    private static final long BUDGET_POLL_NANOS = 20_000_000L;
    /** The longest backoff pause after silent 429s (and never longer than the Retry-After clamp). */
    static final long MAX_BACKOFF_NANOS = 60_000_000_000L;

    private static final class Host {
        final AimdController aimd;
        final Backoff429 backoff;
        long next;             // earliest send time from spacing
        long pausedUntil;
        boolean paused;
        String pauseReason = Pause.RETRY_AFTER;
        long quotaInterval;    // spacing from the server's quota, valid until quotaUntil
        long quotaUntil;
        // The newest quota reading, checked at every send: what the server had left, less what we sent since.
        boolean budgetKnown;
        long budgetRemaining;
        long budgetSentNanos;
        long budgetResetAt;
        long crawlDelay;
        final long[] sends = new long[1024];  // recent send times, to count requests still in flight
        int sendCount;

        void sent(long now) {
            sends[sendCount % sends.length] = now;
            sendCount++;
        }

        /** Requests sent after {@code t} (bounded by the ring's size). */
        int sentAfter(long t) {
            int n = 0;
            for (int i = 1; i <= Math.min(sendCount, sends.length); i++) {
                if (sends[(sendCount - i) % sends.length] - t > 0) n++; else break;
            }
            return n;
        }

        Host(double ceiling, long now, long maxBackoff) {
            aimd = new AimdController(ceiling, now);
            backoff = new Backoff429(maxBackoff);
            next = now;
        }
    }

    /**
     * @param rate hard ceiling in requests per second (≤ 0: none)
     * @param burst requests allowed at once under the ceiling
     * @param adaptive whether AIMD runs (off: only the ceiling, quotas, pauses and Crawl-delay apply)
     * @param maxQuotaWaitNanos the longest wait for a quota reset (the Retry-After clamp)
     */
    public AdaptiveRatePolicy(double rate, int burst, boolean adaptive, long maxQuotaWaitNanos, LongSupplier nanoTime) {
        this.ceiling = new TokenBucketRatePolicy(rate, burst, nanoTime);
        this.ceilingRate = rate;
        this.adaptive = adaptive;
        this.maxQuotaWaitNanos = maxQuotaWaitNanos;
        this.nanoTime = nanoTime;
    }

    private Host host(String name) {
        return hosts.computeIfAbsent(name, k -> new Host(ceilingRate, nanoTime.getAsLong(),
                Math.min(MAX_BACKOFF_NANOS, maxQuotaWaitNanos)));
    }

    @Override
    public long tryAcquire(String hostName) {
        Host h = host(hostName);
        synchronized (h) {
            long now = nanoTime.getAsLong();
            if (h.paused && h.pausedUntil - now > 0) return h.pausedUntil - now;
            if (h.next - now > 0) {
                if (adaptive) h.aimd.heldBack(now);
                return h.next - now;
            }
            if (h.budgetKnown && h.budgetResetAt - now > 0
                    && h.budgetRemaining - h.sentAfter(h.budgetSentNanos) <= 1) {
                // The quota is spent as far as we know: wait for its reset, re-checking as fresher readings arrive.
                return Math.min(h.budgetResetAt - now, BUDGET_POLL_NANOS);
            }
            long w = ceiling.tryAcquire(hostName);
            if (w > 0) {
                if (adaptive) h.aimd.heldBack(now);
                return w;
            }
            long interval = interval(h, now);
            // Allow one slot of catch-up so scheduling jitter does not cost throughput.
            h.next = Math.max(h.next, now - interval) + interval;
            if (adaptive) h.aimd.sent(now);
            h.sent(now);
            return 0;
        }
    }

    private long interval(Host h, long now) {
        long i = h.crawlDelay;
        if (h.quotaInterval > 0 && h.quotaUntil - now > 0) i = Math.max(i, h.quotaInterval);
        if (adaptive) {
            double r = h.aimd.rate(now);
            if (r > 0 && !Double.isInfinite(r)) i = Math.max(i, (long) (1e9 / r));
        }
        return i;
    }

    /** Sets who is told of pauses ({@link PauseListener}); one at a time. */
    public void onPause(PauseListener l) {
        listener = l;
    }

    @Override
    public void pauseUntil(String hostName, long until) {
        pauseUntil(hostName, until, Pause.RETRY_AFTER);
    }

    @Override
    public void pauseUntil(String hostName, long until, String reason) {
        Host h = host(hostName);
        Pause longer;
        synchronized (h) {
            longer = pause(h, until, reason);
        }
        if (longer != null) listener.paused(hostName, longer);
    }

    /** Pauses the host until {@code until} unless it is paused longer: the new pause, or null if it changed nothing. */
    private Pause pause(Host h, long until, String reason) {
        Pause longer = null;
        if (!h.paused || until - h.pausedUntil > 0) {
            h.pausedUntil = until;
            h.paused = true;
            h.pauseReason = reason;
            longer = new Pause(reason, until);
        }
        // No catch-up burst when the pause ends: the server has just asked for less, not a double send.
        if (h.next - until < 0) h.next = until;
        if (adaptive) h.aimd.paused(nanoTime.getAsLong(), h.pausedUntil);
        return longer;
    }

    @Override
    public Pause pause(String hostName) {
        Host h = host(hostName);
        synchronized (h) {
            long now = nanoTime.getAsLong();
            if (h.paused && h.pausedUntil - now > 0) return new Pause(h.pauseReason, h.pausedUntil);
            if (h.budgetKnown && h.budgetResetAt - now > 0 && h.budgetRemaining - h.sentAfter(h.budgetSentNanos) <= 1) {
                return new Pause(Pause.QUOTA_RESET, h.budgetResetAt);
            }
            return null;
        }
    }

    /** Nanoseconds {@code host} is still paused for (Retry-After, backoff, quota), 0 if it is not. */
    public long pausedFor(String hostName) {
        Host h = host(hostName);
        synchronized (h) {
            long left = h.pausedUntil - nanoTime.getAsLong();
            return h.paused && left > 0 ? left : 0;
        }
    }

    @Override
    public void onResponse(String hostName, ResponseSignal s) {
        Host h = host(hostName);
        Pause longer = null;
        synchronized (h) {
            long now = nanoTime.getAsLong();
            if (adaptive) h.aimd.response(now, s);
            if (s.silent429()) {
                long p = h.backoff.on429(now, s.sentNanos());
                if (p > 0) longer = pause(h, now + p, Pause.BACKOFF_429);
            } else if (s.status() > 0 && s.status() != 429 && s.status() < 500) {
                h.backoff.onAnswer(now, s.sentNanos());
            }
            if (s.hasQuota()) {
                Pause q = quota(h, now, s);
                if (q != null) longer = q;
            }
        }
        if (longer != null) listener.paused(hostName, longer);
    }

    /** Reads a quota; the pause it started or made longer (the quota is spent until its reset), else null. */
    private Pause quota(Host h, long now, ResponseSignal s) {
        long reset = Math.min(Math.max(0, s.quotaResetNanos()), maxQuotaWaitNanos);
        if (!h.budgetKnown || s.sentNanos() - h.budgetSentNanos >= 0) {
            h.budgetKnown = true;
            h.budgetRemaining = s.quotaRemaining();
            h.budgetSentNanos = s.sentNanos();
            h.budgetResetAt = now + reset;
        }
        // What the server had left when it answered, less what we have sent since (still in flight).
        long remaining = s.quotaRemaining() - h.sentAfter(s.sentNanos());
        if (remaining <= 1) { // the last one stays in reserve for a request already on its way
            if (reset > 0 && (!h.paused || now + reset - h.pausedUntil > 0)) {
                h.pausedUntil = now + reset;
                h.paused = true;
                h.pauseReason = Pause.QUOTA_RESET;
                return new Pause(Pause.QUOTA_RESET, h.pausedUntil);
            }
            return null;
        }
        long lowWater = Math.max(1, (long) Math.ceil(Math.max(1, s.quotaLimit()) * LOW_WATER_SHARE));
        if (remaining <= lowWater && reset > 0) {
            // Spread what is left evenly until the reset (keep one in reserve for requests in flight).
            h.quotaInterval = reset / (remaining - 1);
            h.quotaUntil = now + reset;
        } else {
            h.quotaInterval = 0;
        }
        return null;
    }

    @Override
    public void minInterval(String hostName, long nanos) {
        Host h = host(hostName);
        synchronized (h) {
            h.crawlDelay = Math.max(0, nanos);
        }
    }

    @Override
    public double currentRate(String hostName) {
        Host h = host(hostName);
        synchronized (h) {
            long i = interval(h, nanoTime.getAsLong());
            double r = i > 0 ? 1e9 / i : Double.POSITIVE_INFINITY;
            return ceilingRate > 0 ? Math.min(ceilingRate, r) : r;
        }
    }

    /** The last rate AIMD found too fast for a host, NaN before any (for tests). */
    double tooFast(String hostName) {
        Host h = host(hostName);
        synchronized (h) {
            return h.aimd.tooFast();
        }
    }

    /** The AIMD rate for a host (for tests and stats). */
    public double adaptiveRate(String hostName) {
        Host h = host(hostName);
        synchronized (h) {
            return h.aimd.rate(nanoTime.getAsLong());
        }
    }
}
