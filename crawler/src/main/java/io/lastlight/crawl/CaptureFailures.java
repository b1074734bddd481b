package io.lastlight.crawl;

import io.lastlight.fetch.Credentials;
import io.lastlight.fetch.FetchResult;
import io.lastlight.fetch.GuardedDnsResolver;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierItem;
import io.lastlight.politeness.RatePolicy;
import io.lastlight.warc.WarcPosition;

import java.net.ConnectException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a failed or refused answer does to its item and to the crawl, for {@link CaptureHandler} on the results
 * thread: retried with backoff or failed, an outage ridden out or the platform taken for dark, a block page, rejected
 * credentials (and an expired login), the platform's policy; and why the crawl stops.
 */
final class CaptureFailures {
    private final CrawlConfig config;
    private final Frontier frontier;
    private final RatePolicy rate;
    private final Clock clock;
    private final Credentials credentials;
    private final CrawlStats stats;
    private final RetryPolicy retry;
    /** Failures in a row that look like an outage (connection failures, 500/502/503/504), and when the run began. */
    private final AtomicInteger consecutiveTransportErrors = new AtomicInteger();
    private volatile long outageStartNanos;
    private final int outageAttempts;
    private final AtomicInteger consecutiveBlocked = new AtomicInteger();
    private final AtomicReference<Crawler.Outcome> stopReason = new AtomicReference<>();
    private final AuthWatch auth = new AuthWatch();
    private final BaseReachability reach;
    /** What ended the crawl, for its message (the platform never answered); null otherwise. */
    private volatile String stopDetail;
    private final SeedWatch seeds;

    CaptureFailures(CrawlConfig config, Frontier frontier, RatePolicy rate, Clock clock, Credentials credentials,
                    CrawlStats stats, RetryPolicy retry, BaseReachability reach, SeedWatch seeds) {
        this.seeds = seeds;
        this.reach = reach;
        this.config = config;
        this.frontier = frontier;
        this.rate = rate;
        this.clock = clock;
        this.credentials = credentials;
        this.stats = stats;
        this.retry = retry;
        this.outageAttempts = retry.outageAttempts(config.maxAttempts(), config.outageWindow());
    }

    /** An answer whose status is no outage's (not 500/502/503/504) ends a run of outage-like failures. */
    void outageEnded() {
        consecutiveTransportErrors.set(0);
    }

    /** An answer that is no block page ends a run of them. */
    void notBlocked() {
        consecutiveBlocked.set(0);
    }

    /** A 2xx answer: the credentials were accepted for this kind. */
    void accepted(String kind) {
        auth.accepted(kind);
    }

    Crawler.Outcome stopReason() {
        return stopReason.get();
    }

    void stop(Crawler.Outcome o) {
        stopReason.compareAndSet(null, o);
    }

    /** Stops this crawl for a reason that holds for every worker of it, and tells them (a shared frontier). */
    /** Why the crawl stopped, in a sentence, where the outcome alone does not say enough; else null. */
    String stopDetail() {
        return stopDetail;
    }

    /** The platform answered (any HTTP status): from now on a failure to connect is an outage, not a wrong base. */
    void answered() {
        reach.answered();
    }

    /**
     * A fetch got no answer: if the platform has never answered and connections to it keep failing
     * ({@link BaseReachability}), this crawl stops ({@link Crawler.Outcome#UNREACHABLE}) and this returns true. Only
     * this worker stops: another worker of a shared crawl may reach the platform from where it runs.
     */
    boolean neverAnswering(FetchResult r) {
        String why = reach.failed(r.error(), r.describeError(), System.nanoTime());
        if (why != null && stopReason.compareAndSet(null, Crawler.Outcome.UNREACHABLE)) {
            stopDetail = why;
            CrawlLog.event("unreachable", Map.of("url", r.uri().toString(), "reason", why));
        }
        return stopReason.get() == Crawler.Outcome.UNREACHABLE;
    }

    private void stopEveryWorker(Crawler.Outcome o, String detail) {
        if (stopReason.compareAndSet(null, o)) frontier.raiseStop(o.name(), detail);
    }

    /** A block page (challenge, firewall block, geoblock): the host pauses, the item is retried, many in a row stop the crawl. */
    void blocked(FrontierItem item, int status, String block, WarcPosition pos) {
        stats.blocked.incrementAndGet();
        rate.pauseUntil(item.uri().getHost(), System.nanoTime() + Math.min(60_000, 2_000L << Math.min(5,
                consecutiveBlocked.get())) * 1_000_000L, io.lastlight.politeness.Pause.BLOCK_PAGE);
        if (consecutiveBlocked.incrementAndGet() >= config.maxBlockedInARow()) stop(Crawler.Outcome.BLOCKED);
        retryOrFail(item, status, block, -1, pos, true);
    }

    /**
     * The platform's policy, not a failure: the capture is kept, the item ends here (a list is truncated where
     * the platform stopped it) and nothing is retried, slowed down or taken for an expired login.
     */
    void policyRefused(FrontierItem item, int status, String reason, WarcPosition pos) {
        if (stats.policy.record(item.kind(), item.owner(), reason)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("status", status);
            e.put("kind", item.kind());
            e.put("reason", reason);
            e.put("message", "some " + item.kind() + " (and maybe other) items are " + PolicyRefusals.LABEL
                    + ": the platform shows them only to logged-in users. The crawl goes on without them; "
                    + (credentials.isEmpty() ? "a token for your own account (--token-env NAME) would lift it"
                    : "the token given does not lift it") + ". coverage.json counts them.");
            CrawlLog.line("platform-policy", e);
        }
        CrawlLog.event("policy-refused", Map.of("url", item.uri().toString(), "status", status, "reason", reason));
        frontier.complete(item, status, pos.file(), pos.offset(), pos.end(), List.of());
    }

    void transportError(FrontierItem item, FetchResult r) {
        stats.transportErrors.incrementAndGet();
        Throwable cause = r.error();
        while (cause.getCause() != null && !(cause instanceof GuardedDnsResolver.RefusedAddressException)) cause = cause.getCause();
        if (cause instanceof GuardedDnsResolver.RefusedAddressException) {
            stats.refusedAddresses.incrementAndGet();
            failed(item, 0, cause.getMessage(), null, 0);
            CrawlLog.event("refused-address", Map.of("url", item.uri().toString(), "reason", cause.getMessage()));
            return;
        }
        CrawlLog.event("fetch-error", Map.of("url", item.uri().toString(), "error", r.describeError(),
                "attempt", item.attempts() + 1));
        // A platform that never answered is not dark but unreachable (a wrong --base, a server not running).
        boolean unreachable = neverAnswering(r);
        boolean refused = r.error() instanceof ConnectException || cause instanceof ConnectException;
        if (!unreachable) outageGoesOn(refused ? config.darkAfterFailures() : config.darkAfterFailures() * 4, r.describeError());
        if (unreachable || stopReason.get() == Crawler.Outcome.PLATFORM_DARK) {
            // The platform is gone (or was never there): keep the item queued (not failed) for a --resume.
            frontier.retry(item, 0, r.describeError(), clock.millis(), null, 0, false);
            return;
        }
        retryOrFail(item, 0, r.describeError(), -1, null, true, true);
    }

    /**
     * Counts one more outage-like failure in a row; once there are {@code threshold} of them and the run has lasted
     * the outage window, the platform has gone dark: the crawl stops (every worker of it) and this returns true.
     * A shorter outage is ridden out: its items back off ({@link RetryPolicy#outageBackoffMillis}).
     */
    boolean outageGoesOn(int threshold, String what) {
        int n = consecutiveTransportErrors.incrementAndGet();
        if (n == 1) outageStartNanos = System.nanoTime();
        if (n >= threshold && System.nanoTime() - outageStartNanos >= config.outageWindow().toNanos()) {
            stopEveryWorker(Crawler.Outcome.PLATFORM_DARK, n + " requests in a row failed over "
                    + (System.nanoTime() - outageStartNanos) / 1_000_000_000L + " s: " + what);
        }
        return stopReason.get() == Crawler.Outcome.PLATFORM_DARK;
    }

    /**
     * Credentials rejected: not an answer about the item. Retried with the newest cookies, and failed visibly if
     * it keeps failing while other items of its kind succeed; but a run of rejections across different items
     * means the login has expired (a rotating cookie went stale during a long pause): the crawl stops cleanly
     * with {@link Crawler.Outcome#AUTH_EXPIRED}, every rejected item kept queued, and --resume with freshly
     * exported cookies carries on.
     */
    void rejected(FrontierItem item, int status, String reason, WarcPosition pos) {
        if (stopReason.get() == Crawler.Outcome.AUTH_EXPIRED || auth.rejected(item.kind(), item.id())) {
            if (stopReason.get() != Crawler.Outcome.AUTH_EXPIRED) {
                stopEveryWorker(Crawler.Outcome.AUTH_EXPIRED, AuthWatch.RUN + " " + item.kind() + " requests in a row answered "
                        + status);
                CrawlLog.event("auth-expired", Map.of("url", item.uri().toString(), "status", status,
                        "kind", item.kind(), "items_rejected_in_a_row", AuthWatch.RUN));
            }
            frontier.retry(item, status, reason, clock.millis(), pos.file(), pos.end(), false);
            return;
        }
        retryOrFail(item, status, reason, -1, pos, true);
    }

    /**
     * The item fails for good (the frontier, the counts, coverage.json's reasons, the seed watch); the caller logs the
     * event. Every item that fails goes through here.
     */
    void failed(FrontierItem item, int status, String reason, String file, long end) {
        failed(item, status, reason, file, end, false);
    }

    /** @param outage the item failed as a server that is down fails (5xx, no answer), not for what it is */
    void failed(FrontierItem item, int status, String reason, String file, long end, boolean outage) {
        frontier.fail(item, status, reason, file, end);
        stats.failed.incrementAndGet();
        stats.failures.record(item.kind(), reason);
        seeds.failed(item, reason, outage || status >= 500);
    }

    void retryOrFail(FrontierItem item, int status, String reason, long waitMillis, WarcPosition pos,
                     boolean countAttempt) {
        retryOrFail(item, status, reason, waitMillis, pos, countAttempt, false);
    }

    /** @param outage the failure looks like an outage: retried with a longer backoff over the outage window */
    void retryOrFail(FrontierItem item, int status, String reason, long waitMillis, WarcPosition pos,
                     boolean countAttempt, boolean outage) {
        String file = pos == null ? null : pos.file();
        long end = pos == null ? 0 : pos.end();
        if (countAttempt && item.attempts() + 1 >= (outage ? outageAttempts : config.maxAttempts())) {
            failed(item, status, reason, file, end, outage);
            CrawlLog.event("failed", Map.of("url", item.uri().toString(), "reason", reason, "attempts", item.attempts() + 1));
            return;
        }
        long backoff = outage ? retry.outageBackoffMillis(item.attempts(), config.outageWindow())
                : retry.backoffMillis(countAttempt ? item.attempts() : 0);
        long delay = Math.max(waitMillis, backoff);
        frontier.retry(item, status, reason, clock.millis() + delay, file, end, countAttempt);
        stats.retries.incrementAndGet();
    }
}
