package io.lastlight.crawl;

import io.lastlight.http.ContentDecoding;
import io.lastlight.fetch.Credentials;
import io.lastlight.fetch.FetchResult;
import io.lastlight.fetch.GuardedDnsResolver;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierItem;
import io.lastlight.platform.BlockPages;
import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Platform;
import io.lastlight.politeness.RatePolicy;
import io.lastlight.warc.CaptureRecord;
import io.lastlight.warc.PreparedCapture;
import io.lastlight.warc.WarcPosition;
import io.lastlight.warc.WarcSink;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What happens to one fetch result, on the crawler's single results thread: write it to WARC (a revisit
 * record if the payload is unchanged since the last capture), learn from it (cookies, Retry-After), decide
 * (retry, fail, follow a redirect, treat as a block page) and commit it to the frontier with what it links
 * to.
 */
final class CaptureHandler {
    private final CrawlConfig config;
    private final Platform platform;
    private final Frontier frontier;
    private final RatePolicy rate;
    private final WarcSink warc;
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
    private final io.lastlight.schedule.TierPolicy policy;
    private final io.lastlight.schedule.DeadlineTracker tracker;
    private final AuthWatch auth = new AuthWatch();

    CaptureHandler(CrawlConfig config, Platform platform, Frontier frontier, RatePolicy rate, WarcSink warc, Clock clock,
                   Credentials credentials, CrawlStats stats, io.lastlight.schedule.TierPolicy policy,
                   io.lastlight.schedule.DeadlineTracker tracker) {
        this.policy = policy;
        this.tracker = tracker;
        this.config = config;
        this.platform = platform;
        this.frontier = frontier;
        this.rate = rate;
        this.warc = warc;
        this.clock = clock;
        this.credentials = credentials;
        this.stats = stats;
        this.retry = new RetryPolicy(config.backoffBase(), config.backoffMax(), config.retryAfterMax(), config.seed());
        this.outageAttempts = retry.outageAttempts(config.maxAttempts(), config.outageWindow());
    }

    Crawler.Outcome stopReason() {
        return stopReason.get();
    }

    void stop(Crawler.Outcome o) {
        stopReason.compareAndSet(null, o);
    }

    /** Stops this crawl for a reason that holds for every worker of it, and tells them (a shared frontier). */
    private void stopEveryWorker(Crawler.Outcome o, String detail) {
        if (stopReason.compareAndSet(null, o)) frontier.raiseStop(o.name(), detail);
    }

    /** Writes a host's robots.txt response to WARC and commits the file position. */
    void archiveRobots(FetchResult r) throws IOException {
        credentials.update(r.uri(), CaptureRecords.all(r.headers(), "Set-Cookie"));
        FrontierItem pseudo = new FrontierItem(0, "robots:" + RobotsGate.hostKey(r.uri()), r.uri(), "robots", 0, 0, 0, null, 0);
        WarcPosition pos = warc.write(CaptureRecords.of(pseudo, r, config.keepSecrets(), null, null));
        frontier.warcOpened(pos.file(), pos.end());
        stats.captures.incrementAndGet();
        stats.bytes.addAndGet(r.body().length);
    }

    /**
     * What can be made of a fetch away from the results thread: the payload digest, whether the capture is a revisit,
     * and its response and request records compressed ({@link WarcSink#prepare}). Touches neither the frontier nor
     * the sink's file. Null for a transport error.
     */
    Prepared prepare(FrontierItem item, FetchResult r) {
        if (r.isError()) return null;
        org.netpreserve.jwarc.WarcDigest sha1 = WarcSink.sha1(r.body());
        String digest = sha1.toString();
        CaptureRecord.Revisit revisit = null;
        if (r.status() == 200 && !r.truncated() && digest.equals(item.lastPayloadDigest())) {
            // WARC-Date is written to the second: refer to the earlier record by the date it carries.
            revisit = new CaptureRecord.Revisit(item.uri(), Instant.ofEpochMilli(item.lastCaptureMillis()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    item.lastRecordId() == null ? null : URI.create(item.lastRecordId()));
        }
        PreparedCapture records = warc.prepare(CaptureRecords.of(item, r, config.keepSecrets(), null, revisit), sha1);
        return new Prepared(digest, revisit, records);
    }

    /** A fetch's digest, revisit decision and (when they could be made) its compressed records. */
    record Prepared(String digest, CaptureRecord.Revisit revisit, PreparedCapture records) {}

    /** @param prepared what {@link #prepare} made of this fetch (null for a transport error) */
    void handle(FrontierItem item, FetchResult r, Prepared prepared) throws IOException {
        tracker.completed();
        if (policy != null && !r.isError()) policy.observe(item.kind(), r.elapsedNanos(), r.body().length);
        if (r.isError()) {
            transportError(item, r);
            return;
        }
        if (!RetryPolicy.outage(r.status())) consecutiveTransportErrors.set(0);
        credentials.update(item.uri(), CaptureRecords.all(r.headers(), "Set-Cookie"));
        int status = r.status();
        String digest = prepared.digest();
        CaptureRecord.Revisit revisit = prepared.revisit();
        if (!frontier.holdLease(item)) {
            // it stalled past its lease (or the database was away longer): the item is another worker's now,
            // and that worker's capture is the crawl's (the frontier logs the drop)
            return;
        }
        String parentUrl = item.parent() == null ? null : frontier.url(item.parent()).orElse(null);
        WarcPosition pos = warc.write(CaptureRecords.of(item, r, config.keepSecrets(), parentUrl, revisit), prepared.records());
        stats.captures.incrementAndGet();
        stats.bytes.addAndGet(r.body().length);
        if (revisit != null) stats.revisits.incrementAndGet();
        if (r.truncated()) stats.truncated.incrementAndGet();

        if (status >= 400) {
            String refusal = policyRefusal(platform, r, !credentials.isEmpty(), config.maxDecodedBytes());
            if (refusal != null) {
                policyRefused(item, status, refusal, pos);
                return;
            }
        }
        if (status == 429 || status == 503) {
            // A challenge served as 429/503 (Cloudflare's "Just a moment...") is a block page, not congestion.
            String challenge = blockPage(r);
            if (challenge != null) {
                blocked(item, status, challenge, pos);
                return;
            }
        }
        if (status == 429 || RetryPolicy.outage(status)) {
            if (status == 429) stats.status429.incrementAndGet(); else stats.status5xx.incrementAndGet();
            long wait = retry.retryAfterMillis(r.header("Retry-After").orElse(null), clock.instant());
            if (wait >= 0) rate.pauseUntil(item.uri().getHost(), System.nanoTime() + wait * 1_000_000);
            if (status == 429) {
                String retryAfter = r.header("Retry-After").orElse(null);
                if (retry.beyondClamp(retryAfter, clock.instant())) {
                    // "Not for a long time": the host pauses only up to the clamp, but this item waits as long as
                    // asked, and such answers use up its attempts (else it is asked for again forever).
                    long asked = retry.requestedMillis(retryAfter, clock.instant());
                    retryOrFail(item, status, "HTTP 429, Retry-After " + asked / 1000 + " s", asked, pos, true);
                    return;
                }
                // A 429 is about our pace, not the item: it does not use up the item's attempts.
                retryOrFail(item, status, "HTTP 429", wait, pos, false);
                return;
            }
            // 500/502/503/504: the backend is down or overloaded; ridden out over the outage window.
            if (outageGoesOn(config.darkAfterFailures(), "HTTP " + status)) {
                frontier.retry(item, status, "HTTP " + status, clock.millis(), pos.file(), pos.end(), false);
                return;
            }
            retryOrFail(item, status, "HTTP " + status, wait, pos, true, true);
            return;
        }
        if (status >= 500) {
            stats.status5xx.incrementAndGet();
            retryOrFail(item, status, "HTTP " + status, -1, pos, true);
            return;
        }
        if (status == 401) {
            rejected(item, status, "HTTP 401: credentials rejected (stale or missing cookies/token)", pos);
            return;
        }
        if (status >= 300 && status < 400 && r.header("Location").isPresent()) {
            redirect(item, r, pos);
            return;
        }
        byte[] body;
        try {
            body = ContentDecoding.decode(r.body(), r.header("Content-Encoding").orElse(null), config.maxDecodedBytes());
        } catch (IOException e) {
            stats.undecodable.incrementAndGet();
            stats.failed.incrementAndGet();
            frontier.fail(item, status, "undecodable body: " + e.getMessage(), pos.file(), pos.end());
            CrawlLog.event("failed", Map.of("url", item.uri().toString(), "reason", "undecodable body: " + e.getMessage()));
            return;
        }
        Capture capture = new Capture(item.uri(), r.date(), status, CaptureRecords.headerMap(r.headers()), body, r.truncated());
        String block = BlockPages.describe(capture);
        if (block != null) {
            blocked(item, status, block, pos);
            return;
        }
        consecutiveBlocked.set(0);
        if (status == 403 && !credentials.isEmpty()) {
            // A crawl that logs in is told its login may not see this: as a 401 (a block page is caught above).
            rejected(item, status, "HTTP 403: credentials rejected (stale cookies/token?)", pos);
            return;
        }
        boolean ok = status >= 200 && status < 300;
        if (ok) auth.accepted(item.kind());
        if (ok && !r.truncated()) {
            String incomplete = platform.incompleteReason(capture);
            if (incomplete != null) {
                stats.incomplete.incrementAndGet();
                CrawlLog.event("incomplete", Map.of("url", item.uri().toString(), "reason", incomplete));
                retryOrFail(item, status, incomplete, -1, pos, true);
                return;
            }
        }
        List<CrawlRequest> found = ok ? platform.discover(config.base(), capture) : List.of();
        if (item.hop() >= config.maxHops() && !found.isEmpty()) {
            CrawlLog.event("max-hops", Map.of("url", item.uri().toString(), "hops", item.hop(), "not_followed", found.size()));
            found = List.of();
        }
        if (policy != null && ok) found = retier(item, capture, found);
        if (ok) expect(capture, found);
        io.lastlight.schedule.ScheduleLesson lesson = policy == null ? null : policy.takeLesson();
        int added = frontier.complete(item, status, pos.file(), pos.offset(), pos.end(), found,
                status == 200 && !r.truncated() ? digest : null,
                revisit != null ? item.lastCaptureMillis() : r.date().toEpochMilli(),
                revisit != null ? item.lastRecordId() : pos.recordId().toString(),
                lesson == null ? null : lesson.toJson());
        stats.discovered.addAndGet(added);
    }

    /** A block page (challenge, firewall block, geoblock): the host pauses, the item is retried, many in a row stop the crawl. */
    private void blocked(FrontierItem item, int status, String block, WarcPosition pos) {
        stats.blocked.incrementAndGet();
        rate.pauseUntil(item.uri().getHost(), System.nanoTime() + Math.min(60_000, 2_000L << Math.min(5,
                consecutiveBlocked.get())) * 1_000_000L);
        if (consecutiveBlocked.incrementAndGet() >= config.maxBlockedInARow()) stop(Crawler.Outcome.BLOCKED);
        retryOrFail(item, status, block, -1, pos, true);
    }

    /** {@link BlockPages#describe} of an answer (its body decoded), or null; an undecodable body is no block page. */
    private String blockPage(FetchResult r) {
        try {
            byte[] body = ContentDecoding.decode(r.body(), r.header("Content-Encoding").orElse(null), config.maxDecodedBytes());
            return BlockPages.describe(new Capture(r.uri(), r.date(), r.status(), CaptureRecords.headerMap(r.headers()), body,
                    r.truncated()));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Deadline-aware tiers: what the capture says (a profile's counts, a list page's edges) and how many
     * profiles it revealed that the frontier did not know feed the policy, which then tiers what it found.
     */
    private List<CrawlRequest> retier(FrontierItem item, Capture capture, List<CrawlRequest> found) {
        String kind = item.kind();
        io.lastlight.platform.KindRole role = platform.roleOf(kind);
        io.lastlight.platform.ProfileObservation profile = null;
        if (role == io.lastlight.platform.KindRole.PROFILE || role.isFollowList()) {
            io.lastlight.platform.Extraction x = platform.extract(capture);
            if (role == io.lastlight.platform.KindRole.PROFILE) {
                for (io.lastlight.platform.ProfileObservation p : x.profiles()) {
                    if (io.lastlight.platform.ProfileObservation.SOURCE_PROFILE.equals(p.source())) { profile = p; break; }
                }
                policy.learnProfile(profile);
            } else {
                policy.learnList(kind, item.owner(), x.follows());
            }
        }
        java.util.Set<String> profiles = new java.util.HashSet<>();
        for (CrawlRequest c : found) if (platform.roleOf(c.kind()) == io.lastlight.platform.KindRole.PROFILE) profiles.add(c.key());
        int fresh = profiles.isEmpty() ? 0 : profiles.size() - frontier.countKnown(profiles);
        return policy.apply(kind, item.tier(), item.value(), found, fresh, profile);
    }

    /** A profile's implied list pages, under the tier its first page of each kind went to: the plan's unknowns. */
    private void expect(Capture capture, List<CrawlRequest> found) {
        Map<String, Long> pages = platform.expectedPages(capture);
        if (pages.isEmpty()) return;
        pages.forEach((kind, n) -> {
            int tier = io.lastlight.schedule.Tier.EDGES.number();
            for (CrawlRequest c : found) if (c.kind().equals(kind)) { tier = c.tier(); break; }
            tracker.expect(kind, tier, n);
            frontier.expectPages(kind, tier, n);
        });
    }

    /**
     * The platform's policy, not a failure: the capture is kept, the item ends here (a list is truncated where
     * the platform stopped it) and nothing is retried, slowed down or taken for an expired login.
     */
    private void policyRefused(FrontierItem item, int status, String reason, WarcPosition pos) {
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

    /**
     * The adapter's verdict on a 4xx/5xx answer ({@link Platform#policyRefusal}), or null. Also used for the
     * rate signal, so a policy refusal never slows the crawl down.
     */
    static String policyRefusal(Platform platform, FetchResult r, boolean authenticated, long maxDecoded) {
        if (r.isError() || r.status() < 400) return null;
        try {
            byte[] body = ContentDecoding.decode(r.body(), r.header("Content-Encoding").orElse(null), maxDecoded);
            Capture c = new Capture(r.uri(), r.date(), r.status(), CaptureRecords.headerMap(r.headers()), body, r.truncated());
            return platform.policyRefusal(c, authenticated);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void transportError(FrontierItem item, FetchResult r) {
        stats.transportErrors.incrementAndGet();
        Throwable cause = r.error();
        while (cause.getCause() != null && !(cause instanceof GuardedDnsResolver.RefusedAddressException)) cause = cause.getCause();
        if (cause instanceof GuardedDnsResolver.RefusedAddressException) {
            stats.refusedAddresses.incrementAndGet();
            stats.failed.incrementAndGet();
            frontier.fail(item, 0, cause.getMessage(), null, 0);
            CrawlLog.event("refused-address", Map.of("url", item.uri().toString(), "reason", cause.getMessage()));
            return;
        }
        boolean refused = r.error() instanceof ConnectException || cause instanceof ConnectException;
        outageGoesOn(refused ? config.darkAfterFailures() : config.darkAfterFailures() * 4, r.describeError());
        CrawlLog.event("fetch-error", Map.of("url", item.uri().toString(), "error", r.describeError(),
                "attempt", item.attempts() + 1));
        if (stopReason.get() == Crawler.Outcome.PLATFORM_DARK) {
            // The platform is gone: keep the item queued (not failed) for a --resume if it comes back.
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
    private boolean outageGoesOn(int threshold, String what) {
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
    private void rejected(FrontierItem item, int status, String reason, WarcPosition pos) {
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

    private void redirect(FrontierItem item, FetchResult r, WarcPosition pos) {
        stats.redirects.incrementAndGet();
        String location = r.header("Location").orElseThrow();
        URI target;
        try {
            target = item.uri().resolve(location.trim());
        } catch (IllegalArgumentException e) {
            frontier.complete(item, r.status(), pos.file(), pos.offset(), pos.end(), List.of());
            CrawlLog.event("redirect-invalid", Map.of("url", item.uri().toString()));
            return;
        }
        List<CrawlRequest> next = List.of();
        if (config.inScope(target)) {
            next = List.of(new CrawlRequest(target, platform.kindOf(target), "url:" + target, item.tier(), item.value()));
        } else {
            stats.redirectsOutOfScope.incrementAndGet();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("url", item.uri().toString());
            e.put("location", target.getScheme() + "://" + target.getHost() + (target.getPort() < 0 ? "" : ":" + target.getPort()));
            e.put("reason", "out of scope: recorded, not followed");
            CrawlLog.event("redirect-out-of-scope", e);
        }
        frontier.complete(item, r.status(), pos.file(), pos.offset(), pos.end(), next);
    }

    private void retryOrFail(FrontierItem item, int status, String reason, long waitMillis, WarcPosition pos,
                             boolean countAttempt) {
        retryOrFail(item, status, reason, waitMillis, pos, countAttempt, false);
    }

    /** @param outage the failure looks like an outage: retried with a longer backoff over the outage window */
    private void retryOrFail(FrontierItem item, int status, String reason, long waitMillis, WarcPosition pos,
                             boolean countAttempt, boolean outage) {
        String file = pos == null ? null : pos.file();
        long end = pos == null ? 0 : pos.end();
        if (countAttempt && item.attempts() + 1 >= (outage ? outageAttempts : config.maxAttempts())) {
            frontier.fail(item, status, reason, file, end);
            stats.failed.incrementAndGet();
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
