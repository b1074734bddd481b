package io.lastlight.politeness;

/**
 * Finds the highest request rate a server tolerates when it does not say (no {@code x-ratelimit-*}
 * headers): additive increase, multiplicative decrease on 429/503 and on rising latency, never above the
 * configured ceiling. After a decrease it remembers the rate that was too fast ({@code w}), climbs back
 * quickly to {@value #TARGET} of it, holds there for about {@value #HOLD_REQUESTS} requests' time, then
 * probes above it slowly (the shape of TCP CUBIC's plateau), so it spends most of its time just below the
 * limit and each probe that overshoots costs a small share of requests even at low limits. A token bucket
 * lets a client run above its rate until the bucket drains, so the rate measured at a 429 overstates the
 * limit; when congestion comes back at about the same rate, {@code w} is lowered a little each time
 * until the plateau sits below the limit.
 *
 * <p>Only one decrease per round: responses to requests sent before the last decrease are ignored, as
 * TCP does. Not thread-safe; {@link AdaptiveRatePolicy} synchronises. {@code HiddenLimitTest} runs it
 * against hidden limits from 1 to 150 requests per second in simulated time.
 */
final class AimdController {
    static final double BETA = 0.8;          // multiplicative decrease on 429/503
    static final double BETA_LATENCY = 0.9;  // gentler decrease when only latency rises
    static final double RECOVER = 0.5;       // per second: share of the gap to w closed while below it
    static final double PROBE = 0.006;       // per second: additive probe above w, as a share of w
    static final double TARGET = 0.95;      // quick recovery climbs to this share of w, then holds
    static final double HOLD_REQUESTS = 100; // hold there for this many requests' time before probing above
    static final double MAX_HOLD_S = 60;
    static final long DEMAND_WINDOW_NANOS = 2_000_000_000L; // held back by the pace within this: pushing
    static final int CONGESTED_503S = 10;    // 503s among the last 100 answers that mean congestion
    static final double CUBE = 0.0005;       // convex part of the probe: w·(PROBE·t + CUBE·t³) above the plateau
    static final double MIN_RATE = 0.05;     // requests per second, the floor

    private final double ceiling;
    private double rate;
    private double w = Double.NaN;
    private long last;
    private long lastDecrease;
    private long plateauSince;
    private boolean decreased;
    private boolean answeredSinceDecrease;
    private boolean heldBack;
    private long lastHeldBack;  // a request sent after the last decrease got a normal answer  // lastDecrease is valid (nanoTime values can be any long: no sentinel)
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

    /** The crawler wanted to send but the pace (this rate or the ceiling) made it wait. */
    void heldBack(long now) {
        heldBack = true;
        lastHeldBack = now;
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
        return (n - 1) / span;  // n sends span n - 1 intervals
    }

    private final boolean[] recent503 = new boolean[100];
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
        // A 429 always means "too fast". A lone 503 is often just a failing backend: only a run of them (10 among
        // the last 100 answers) counts as congestion, so random server errors do not drive the rate to the floor.
        if (s.status() == 429 || (s.status() == 503 && recent503s >= CONGESTED_503S)) {
            decrease(now, s.sentNanos(), BETA, s.status() == 429);
            return;
        }
        if (s.status() == 503) return;
        if (s.status() == 0) return;
        if (decreased && s.sentNanos() - lastDecrease >= 0) answeredSinceDecrease = true;
        latencies[latencyCount % latencies.length] = s.latencyNanos();
        latencyCount++;
        if (latencyCount >= latencies.length && latencyCount % 8 == 0) {
            long median = median();
            if (median < baseline) baseline = median;
            // Rising latency: the median of recent responses well above the best median seen.
            if (median > 2 * baseline + 250_000_000L) {
                decrease(now, s.sentNanos(), BETA_LATENCY, false);
                baseline = Math.min(median, baseline * 2 + 1);
            }
        }
    }

    private long median() {
        long[] c = latencies.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }

    private void decrease(long now, long sentNanos, double beta, boolean rateLimited) {
        if (decreased && sentNanos - lastDecrease < 0) return; // sent before the last decrease: already accounted for
        // 429s in a row with nothing answered in between are one episode (a storm, or a quota window the
        // Retry-After pause already waits out), not new evidence each time: slow down once for it.
        if (decreased && !answeredSinceDecrease) return;
        // Not held back by the pace for a while (the crawl had little to fetch): the demand is not what was too
        // fast, so cut the allowance itself rather than collapsing it to the demand and crawling there for minutes.
        boolean demandLimited = !heldBack || now - lastHeldBack > DEMAND_WINDOW_NANOS;
        double current = demandLimited ? rate : Math.min(rate, measuredRate(now));
        if (Double.isInfinite(current)) return; // nothing measured yet and no ceiling
        // Rate-limited again at (about) the rate that was too fast last time: the limit is lower than w says.
        w = rateLimited && !Double.isNaN(w) && current >= 0.99 * w ? current * 0.97 : current;
        rate = Math.max(MIN_RATE, current * beta);
        lastDecrease = now;
        decreased = true;
        answeredSinceDecrease = false;
    }

    private void advance(long now) {
        double dt = (now - last) / 1e9;
        last = now;
        if (dt <= 0 || Double.isNaN(w) || rate >= ceiling) return;
        double target = w * TARGET;
        if (rate < target) {
            rate = Math.min(target, rate + Math.max(PROBE * w, (target - rate) * RECOVER) * dt);
            if (rate >= target) plateauSince = now;
        } else {
            double probing = (now - plateauSince) / 1e9 - Math.min(MAX_HOLD_S, HOLD_REQUESTS / w);
            if (probing > 0) {
                // Convex probe (CUBIC): slow just above w, where the limit was; ever faster the longer nothing
                // pushes back, so a w measured from a short burst does not keep the crawl there for minutes.
                double step = PROBE * w + 3 * CUBE * w * probing * probing;
                rate = rate + Math.max(MIN_RATE, step) * dt;
            }
        }
        rate = Math.min(rate, ceiling);
    }
}
