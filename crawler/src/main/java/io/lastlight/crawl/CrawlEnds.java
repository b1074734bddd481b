package io.lastlight.crawl;

import io.lastlight.fetch.Fetcher;
import io.lastlight.frontier.Frontier;
import io.lastlight.platform.Platform;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** How a crawl's loop ends: the requests still in flight at a stop, and the adapter's held-back requests at the end. */
final class CrawlEnds {
    /** How long requests in flight at the deadline or a stop may still finish before they are cancelled. */
    static final long STOP_GRACE_MS = 2_000;

    private CrawlEnds() {}

    /**
     * The loop has ended: waits up to {@link #STOP_GRACE_MS} for the requests in flight, then cancels the rest
     * ({@link Fetcher#cancelInFlight}) and says how many. The deadline and a stop (SIGTERM) thus end the crawl
     * within seconds, not after a stalled request's timeouts (the response timeout, the total timeout).
     */
    static void finishInFlight(RequestSlots slots, CrawlConfig config, CaptureHandler handler, Fetcher fetcher)
            throws InterruptedException {
        int inFlight = config.concurrency() - slots.available();
        if (inFlight == 0) return;
        Crawler.Outcome why = handler.stopReason();
        String reason = why == null ? "error" : why.name().toLowerCase(java.util.Locale.ROOT);
        CrawlLog.line("finishing", Map.of("in_flight", inFlight, "reason", reason, "grace_s", STOP_GRACE_MS / 1000.0));
        if (slots.awaitAll(STOP_GRACE_MS, TimeUnit.MILLISECONDS)) return;
        int cancelled = fetcher.cancelInFlight();
        if (cancelled > 0) {
            CrawlLog.line("cancelled", Map.of("requests", cancelled, "reason", reason,
                    "note", "not answered within " + STOP_GRACE_MS / 1000.0 + " s of the stop: nothing of them was written;"
                            + " their items stay queued for --resume"));
        }
    }

    /**
     * With nothing left to fetch, what the adapter held back ({@link Platform#lateRequests}: seed lookups still waiting
     * for a server that never described itself) is queued, and the log says why; true if anything new was queued.
     */
    static boolean queueLateRequests(Platform platform, CrawlConfig config, Frontier frontier) {
        Platform.LateRequests late = platform.lateRequests(config.base());
        if (late == null || late.requests().isEmpty()) return false;
        int added = frontier.add(late.requests(), null, 0);
        if (added > 0) CrawlLog.event("late-requests", Map.of("queued", added, "reason", late.reason()));
        return added > 0;
    }
}
