package io.lastlight.politeness;

/**
 * Finds the highest request rate a server tolerates when it does not say (no {@code x-ratelimit-*}
 * headers): additive increase, multiplicative decrease on 429/503 and on rising latency, never above the
 * configured ceiling. After a decrease it remembers the rate that was too fast ({@code w}) and climbs
 * back quickly to just below it, then probes above it slowly (the shape of TCP CUBIC), so it spends most
 * of its time near the limit instead of sawing between half and full.
 *
 * <p>Only one decrease per round: responses to requests sent before the last decrease are ignored, as
 * TCP does. Not thread-safe; {@link AdaptiveRatePolicy} synchronises.
 */
final class AimdController {
    static final double BETA = 0.8;          // multiplicative decrease on 429/503
    static final double BETA_LATENCY = 0.9;  // gentler decrease when only latency rises
    static final double RECOVER = 0.5;       // per second: share of the gap to w closed while below it
    static final double PROBE = 0.006;       // per second: additive probe above w, as a share of w
    static final double MIN_RATE = 0.05;     // requests per second, the floor

    private final double ceiling;
    private double rate;
    private double w = Double.NaN;
    private long last;
    private long lastDecrease = Long.MIN_VALUE;
    private final long[] sends = new long[4096];
    private int sendHead;
    private int sendCount;
    private final long[] latencies = new long[31];
    private int latencyCount;
    private long baseline = Long.MAX_VALUE;

    AimdController(double ceiling, long now) {
        this.ceiling = ceiling > 0 ? ceiling : Double.POSITIVE_INFINITY;
        this.rate = this.ceiling;
        this.last = now;
    }

    double rate(long now) {
        advance(now);
        return rate;
    }

    /** The last rate that proved too fast, NaN before the first congestion signal. */
    double tooFast() {
        return w;
    }

    void sent(long now) {
        sends[(sendHead + sendCount) % sends.length] = now;
        if (sendCount < sends.length) sendCount++; else sendHead = (sendHead + 1) % sends.length;
    }

    /** Requests sent per second over the last two seconds. */
    private double measuredRate(long now) {
        long from = now - 2_000_000_000L;
        int n = 0;
        long oldest = now;
        for (int i = 0; i < sendCount; i++) {
            long t = sends[(sendHead + i) % sends.length];
            if (t - from >= 0) {
                n++;
                if (t - oldest < 0) oldest = t;
            }
        }
        if (n < 2) return Double.POSITIVE_INFINITY;
        double span = Math.max(0.25, (now - oldest) / 1e9);
        return n / span;
    }

    private final boolean[] recent503 = new boolean[50];
    private int recentCount;
    private int recent503s;

    void response(long now, ResponseSignal s) {
        advance(now);
        if (s.status() != 0) {
            int slot = recentCount++ % recent503.length;
            if (recent503[slot]) recent503s--;
            recent503[slot] = s.status() == 503;
            if (recent503[slot]) recent503s++;
        }
        // A 429 always means "too fast". A lone 503 is often just a failing backend: only several among the
        // last 50 answers count as congestion, so random server errors do not drive the rate to the floor.
        if (s.status() == 429 || (s.status() == 503 && recent503s >= 3)) {
            decrease(now, s.sentNanos(), BETA);
            return;
        }
        if (s.status() == 503) return;
        if (s.status() == 0) return;
        latencies[latencyCount % latencies.length] = s.latencyNanos();
        latencyCount++;
        if (latencyCount >= latencies.length && latencyCount % 8 == 0) {
            long median = median();
            if (median < baseline) baseline = median;
            // Rising latency: the median of recent responses well above the best median seen.
            if (median > 2 * baseline + 250_000_000L) {
                decrease(now, s.sentNanos(), BETA_LATENCY);
                baseline = Math.min(median, baseline * 2 + 1);
            }
        }
    }

    private long median() {
        long[] c = latencies.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }

    private void decrease(long now, long sentNanos, double beta) {
        if (sentNanos - lastDecrease < 0) return; // sent before the last decrease: already accounted for
        double current = Math.min(rate, measuredRate(now));
        if (Double.isInfinite(current)) current = rate;
        if (Double.isInfinite(current)) return; // nothing measured yet and no ceiling
        w = current;
        rate = Math.max(MIN_RATE, current * beta);
        lastDecrease = now;
    }

    private void advance(long now) {
        double dt = (now - last) / 1e9;
        last = now;
        if (dt <= 0 || Double.isNaN(w) || rate >= ceiling) return;
        if (rate < w) {
            rate = Math.min(w, rate + Math.max(PROBE * w, (w - rate) * RECOVER) * dt);
        } else {
            rate = rate + Math.max(MIN_RATE, PROBE * w) * dt;
        }
        rate = Math.min(rate, ceiling);
    }
}
