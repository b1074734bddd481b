package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.HostPause;
import io.lastlight.politeness.AdaptiveRatePolicy;
import io.lastlight.politeness.Pause;
import io.lastlight.politeness.RatePolicy;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A crawl's hosts' pauses kept in its frontier (one process, SQLite): every pause the rate policy enters
 * (Retry-After, a spent quota, a 429 backoff, a block page) is written as the instant, on the crawl's clock, before
 * which nothing goes to the host; a crawl stopped during a pause and resumed gives its policy what is left of it
 * before anything is sent ({@link #restore}). A shared crawl keeps its pauses with its rate budget instead
 * ({@link io.lastlight.politeness.SharedRatePolicy}).
 */
final class HostPauseLog implements AdaptiveRatePolicy.PauseListener {
    /** Pauses shorter than this are not worth a write (a resume takes longer), nor a lengthening by less. */
    static final long MIN_MILLIS = 1_000;

    private final Frontier frontier;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Map<String, Long> written = new ConcurrentHashMap<>();

    HostPauseLog(Frontier frontier, Clock clock, LongSupplier nanoTime) {
        this.frontier = frontier;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** Pauses {@code policy}'s hosts for what is left of their stored pauses; how many are still on. */
    int restore(RatePolicy policy) {
        long now = clock.millis();
        long nanos = nanoTime.getAsLong();
        int n = 0;
        for (Map.Entry<String, HostPause> e : frontier.hostPauses().entrySet()) {
            long left = e.getValue().notBeforeMillis() - now;
            written.put(e.getKey(), e.getValue().notBeforeMillis());
            if (left <= 0) continue;
            policy.pauseUntil(e.getKey(), nanos + left * 1_000_000L, e.getValue().reason());
            CrawlLog.line("pause-restored", Map.of("host", e.getKey(), "reason", e.getValue().reason(),
                    "until", java.time.Instant.ofEpochMilli(e.getValue().notBeforeMillis()).toString(),
                    "seconds", Math.round(left / 100.0) / 10.0));
            n++;
        }
        return n;
    }

    @Override
    public void paused(String host, Pause pause) {
        long left = pause.leftNanos(nanoTime.getAsLong()) / 1_000_000;
        if (left < MIN_MILLIS) return;
        long until = clock.millis() + left;
        Long before = written.get(host);
        if (before != null && until - before < MIN_MILLIS) return;
        written.put(host, until);
        frontier.pauseHost(host, until, pause.reason());
    }
}
