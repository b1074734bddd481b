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
 * <p>A 429 storm (a burst of 429s that clears, whatever the pace) costs its Retry-After pauses and a bounded
 * cut ({@value #BETA_STORM}), not a collapse: a 429 that comes after {@value #STORM_RUN} other answers at or
 * below {@code w} is weak evidence and leaves {@code w} alone, and the rate measured at a 429 leaves out
 * paused time. {@code StormOnHiddenLimitTest} runs storms on top of hidden limits, and a limit that drops.
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
    static final long MEASURE_NANOS = 2_000_000_000L;      // the measured rate's window, paused time left out
    static final long MEASURE_MAX_NANOS = 30_000_000_000L; // ... looking back at most this far for three sends
    static final long PAUSE_REFILL_NANOS = 1_000_000_000L; // the first second of a pause counts as sending time
    static final int STORM_RUN = 75;         // answers other than 429 since the last decrease: a 429 after them is weak
    static final double BETA_STORM = 0.9;    // the bounded cut for a weak 429

    private final double ceiling;
    private double rate;
    private double w = Double.NaN;
    private long last;
    private long lastDecrease;
    private long plateauSince;
    private boolean decreased;
    private boolean answeredSinceDecrease;
    private boolean heldBack;
    private long lastHeldBack;
    private int cleanAnswers;   // answers other than 429 to requests sent after the last decrease
    private final long[] pauseStart = new long[16];
    private final long[] pauseEnd = new long[16];
    private int pauseCount;
    private boolean answeredSincePause;
    private boolean keepProbing; // the last decrease was a weak one: the probe's clock runs on through it
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

    /**
     * A pause (Retry-After, a block page, a quota) from {@code now} until {@code until}. The rate measured at a
     * 429 leaves paused time out: a window that is mostly pause must not read as a server that allowed little.
     */
    void paused(long now, long until) {
        if (pauseCount > 0) {
            int last = (pauseCount - 1) % pauseStart.length;
            // Overlaps the last pause, or only 429s were answered since it (a storm's probes): one pause.
            if (now - pauseEnd[last] <= 0 || !answeredSincePause) {
                if (until - pauseEnd[last] > 0) pauseEnd[last] = until;
                return;
            }
        }
        int slot = pauseCount++ % pauseStart.length;
        pauseStart[slot] = now;
        pauseEnd[slot] = until;
        answeredSincePause = false;
    }

    /**
     * Nanoseconds of [from, to] spent paused beyond each pause's first {@value #PAUSE_REFILL_NANOS} ns (as far as
     * the recent pauses remembered tell). A server's token bucket refills while the client waits, up to its
     * capacity: the first second of a pause is time the server allowed for (a hidden limit's Retry-After: 1 is
     * its bucket refilling); the rest of a longer pause (a storm's) is not.
     */
    private long pausedWithin(long from, long to) {
        long sum = 0;
        for (int i = 0; i < Math.min(pauseCount, pauseStart.length); i++) {
            long start = pauseStart[i] + PAUSE_REFILL_NANOS;
            if (pauseEnd[i] - start <= 0) continue;
            long a = start - from > 0 ? start : from;
            long b = pauseEnd[i] - to < 0 ? pauseEnd[i] : to;
            if (b - a > 0) sum += b - a;
        }
        return sum;
    }

    /**
     * Requests sent per second over the last two seconds of time not spent paused (further back until three
     * sends are counted, at most 30 s): what the server allowed while it was being asked, not diluted by a
     * storm's pauses. Measured over wall time, a 429 storm's four one-second pauses read as a server that
     * allowed a fraction of what it did, and every storm ratcheted the rate lower.
     */
    private double measuredRate(long now) {
        int n = 0;
        long span = 0;
        for (int j = sendCount - 1; j >= 0; j--) {
            long t = sends[(sendHead + j) % sends.length];
            if (now - t > MEASURE_MAX_NANOS) break;
            long a = (now - t) - pausedWithin(t, now);
            if (n >= 3 && a > MEASURE_NANOS) break;
            n++;
            span = a;
        }
        if (n < 2) return Double.POSITIVE_INFINITY;
        return (n - 1) / Math.max(0.25, span / 1e9);  // n sends span n - 1 intervals
    }

    private final boolean[] recent503 = new boolean[100];
    private int recentCount;
    private int recent503s;

    void response(long now, ResponseSignal s) {
        advance(now);
        if (s.status() != 0) {
            int slot = recentCount++ % recent503.length;
            if (recent503[slot]) recent503s--;
            recent503[slot] = ResponseSignal.overloaded(s.status());
            if (recent503[slot]) recent503s++;
        }
        // The run of answers other than 429 since the last decrease (a 5xx or a reset is not the rate limiter).
        if (s.status() != 429 && (!decreased || s.sentNanos() - lastDecrease >= 0)) cleanAnswers++;
        if (s.status() != 429) answeredSincePause = true;
        // A 429 always means "too fast". A lone 503 (or 502, 504) is often just a failing backend: only a run of
        // them (10 among the last 100 answers) counts as congestion, so random server errors do not drive the rate
        // to the floor.
        boolean overloaded = ResponseSignal.overloaded(s.status());
        if (s.status() == 429 || (overloaded && recent503s >= CONGESTED_503S)) {
            decrease(now, s.sentNanos(), BETA, s.status() == 429);
            return;
        }
        if (overloaded) return;
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
        // A 429 after a long run of other answers, at or below the rate already known to be too fast, is weak
        // evidence: a storm (a burst of 429s whatever the pace) looks like this, and so does a pace barely above a
        // token bucket's rate (which costs a 429 in STORM_RUN at most). Cut a little, keep w and let the probe's
        // clock run on: lowering w for each storm ratcheted the crawl down storm after storm. A 429 soon after the
        // last decrease, or while probing above w, is the limit: the full cut, and w learns it.
        boolean weak = rateLimited && cleanAnswers >= STORM_RUN && !Double.isNaN(w) && current <= w;
        if (weak) {
            rate = Math.max(MIN_RATE, current * BETA_STORM);
            keepProbing = true;
        } else {
            // Rate-limited again at (about) the rate that was too fast last time: the limit is lower than w says.
            w = rateLimited && !Double.isNaN(w) && current >= 0.99 * w ? current * 0.97 : current;
            rate = Math.max(MIN_RATE, current * beta);
            keepProbing = false;
        }
        cleanAnswers = 0;
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
            if (rate >= target && !keepProbing) plateauSince = now;
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
