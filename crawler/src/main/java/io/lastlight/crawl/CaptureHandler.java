package io.lastlight.crawl;

import io.lastlight.http.ContentDecoding;
import io.lastlight.fetch.Credentials;
import io.lastlight.fetch.FetchResult;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierItem;
import io.lastlight.platform.BlockPages;
import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Platform;
import io.lastlight.politeness.Pause;
import io.lastlight.politeness.RatePolicy;
import io.lastlight.warc.CaptureRecord;
import io.lastlight.warc.PreparedCapture;
import io.lastlight.warc.WarcPosition;
import io.lastlight.warc.WarcSink;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What happens to one fetch result, on the crawler's single results thread: write it to WARC (a revisit
 * record if the payload is unchanged since the last capture), learn from it (cookies, Retry-After), decide
 * (retry, fail, follow a redirect, treat as a block page) and commit it to the frontier with what it links
 * to. What a failed or refused answer does to the item and the crawl is {@link CaptureFailures}'s; the tiers of
 * what a capture found are {@link DiscoveryTiers}'.
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
    private final io.lastlight.schedule.TierPolicy policy;
    private final CaptureFailures failures;
    private final DiscoveryTiers tiers;
    private final ParentUrls parents = new ParentUrls();
    private final SeedWatch seeds;
    private final Redirects redirects;

    CaptureHandler(CrawlConfig config, Platform platform, Frontier frontier, RatePolicy rate, WarcSink warc, Clock clock,
                   Credentials credentials, CrawlStats stats, io.lastlight.schedule.TierPolicy policy,
                   io.lastlight.schedule.DeadlineTracker tracker, BaseReachability reach) {
        this.policy = policy;
        this.config = config;
        this.platform = platform;
        this.frontier = frontier;
        this.rate = rate;
        this.warc = warc;
        this.clock = clock;
        this.credentials = credentials;
        this.stats = stats;
        this.retry = new RetryPolicy(config.backoffBase(), config.backoffMax(), config.retryAfterMax(), config.seed());
        this.seeds = new SeedWatch(platform, frontier, config.seedUsers(), clock);
        this.failures = new CaptureFailures(config, frontier, rate, clock, credentials, stats, retry, reach, seeds);
        this.tiers = new DiscoveryTiers(platform, frontier, policy, tracker);
        this.redirects = new Redirects(config, platform, frontier, stats, failures);
    }

    /** What became of the seed users' lookups so far. */
    SeedWatch.Report seeds() {
        return seeds.report();
    }

    /** Fails an item that is not fetched (out of scope, robots.txt): see {@link CaptureFailures#failed}. */
    void failUnfetched(FrontierItem item, String reason) {
        failures.failed(item, 0, reason, null, 0);
    }

    Crawler.Outcome stopReason() {
        return failures.stopReason();
    }

    void stop(Crawler.Outcome o) {
        failures.stop(o);
    }

    /** Why the crawl stopped, in a sentence, where the outcome alone does not say enough; else null. */
    String stopDetail() {
        return failures.stopDetail();
    }

    /** See {@link CaptureFailures#neverAnswering}. */
    boolean neverAnswering(FetchResult r) {
        return failures.neverAnswering(r);
    }

    /** Writes a host's robots.txt response to WARC and commits the file position. */
    void archiveRobots(FetchResult r) throws IOException {
        failures.answered();
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
        // The parent's URL from memory, when this process fetched the parent recently: the metadata record (it
        // names that URL) is then compressed here with the other two; else the results thread looks it up and makes it.
        String parentUrl = item.parent() == null ? null : parents.get(item.parent());
        boolean parentKnown = item.parent() == null || parentUrl != null;
        PreparedCapture records = warc.prepare(CaptureRecords.of(item, r, config.keepSecrets(), parentUrl, revisit), sha1, parentKnown);
        return new Prepared(digest, revisit, records, parentKnown, parentUrl);
    }

    /** Remembers an item about to be fetched as the parent of what it leads to (see {@link ParentUrls}). */
    void fetching(FrontierItem item) {
        parents.remember(item.id(), item.uri().toString());
    }

    /**
     * A fetch's digest, revisit decision and (when they could be made) its compressed records; the parent's URL when
     * {@code parentKnown} (null for an item without a parent).
     */
    record Prepared(String digest, CaptureRecord.Revisit revisit, PreparedCapture records, boolean parentKnown,
                    String parentUrl) {}

    /** @param prepared what {@link #prepare} made of this fetch (null for a transport error) */
    void handle(FrontierItem item, FetchResult r, Prepared prepared) throws IOException {
        tiers.completed();
        if (policy != null && !r.isError()) policy.observe(item.kind(), r.elapsedNanos(), r.body().length);
        if (r.isError()) {
            failures.transportError(item, r);
            return;
        }
        failures.answered();
        if (!RetryPolicy.outage(r.status())) failures.outageEnded();
        credentials.update(item.uri(), CaptureRecords.all(r.headers(), "Set-Cookie"));
        int status = r.status();
        String digest = prepared.digest();
        CaptureRecord.Revisit revisit = prepared.revisit();
        if (!frontier.holdLease(item)) {
            // it stalled past its lease (or the database was away longer): the item is another worker's now,
            // and that worker's capture is the crawl's (the frontier logs the drop)
            return;
        }
        String parentUrl = prepared.parentKnown() ? prepared.parentUrl()
                : item.parent() == null ? null : frontier.url(item.parent()).orElse(null);
        WarcPosition pos = warc.write(CaptureRecords.of(item, r, config.keepSecrets(), parentUrl, revisit), prepared.records());
        stats.captures.incrementAndGet();
        stats.bytes.addAndGet(r.body().length);
        if (revisit != null) stats.revisits.incrementAndGet();
        if (r.truncated()) stats.truncated.incrementAndGet();

        if (status >= 400) {
            String refusal = policyRefusal(platform, r, !credentials.isEmpty(), config.maxDecodedBytes());
            if (refusal != null) {
                failures.policyRefused(item, status, refusal, pos);
                return;
            }
        }
        if (status == 429 || status == 503) {
            // A challenge served as 429/503 (Cloudflare's "Just a moment...") is a block page, not congestion.
            String challenge = blockPage(r);
            if (challenge != null) {
                failures.blocked(item, status, challenge, pos);
                return;
            }
        }
        if (status == 429 || RetryPolicy.outage(status)) {
            if (status == 429) stats.status429.incrementAndGet(); else stats.status5xx.incrementAndGet();
            // An HTTP-date Retry-After is read against the answer's Date: the server's clock, not ours.
            Instant serverNow = RateLimitHeaders.serverNow(r, clock.instant());
            long wait = retry.retryAfterMillis(r.header("Retry-After").orElse(null), serverNow);
            if (wait >= 0) rate.pauseUntil(item.uri().getHost(), System.nanoTime() + wait * 1_000_000, Pause.RETRY_AFTER);
            if (status == 429) {
                String retryAfter = r.header("Retry-After").orElse(null);
                if (retry.beyondClamp(retryAfter, serverNow)) {
                    // "Not for a long time": the host pauses only up to the clamp, but this item waits as long as
                    // asked, and such answers use up its attempts (else it is asked for again forever).
                    long asked = retry.requestedMillis(retryAfter, serverNow);
                    failures.retryOrFail(item, status, "HTTP 429, Retry-After " + asked / 1000 + " s", asked, pos, true);
                    return;
                }
                // A 429 is about our pace, not the item: it does not use up the item's attempts.
                failures.retryOrFail(item, status, "HTTP 429", wait, pos, false);
                return;
            }
            // 500/502/503/504: the backend is down or overloaded; ridden out over the outage window.
            if (failures.outageGoesOn(config.darkAfterFailures(), "HTTP " + status)) {
                frontier.retry(item, status, "HTTP " + status, clock.millis(), pos.file(), pos.end(), false);
                return;
            }
            failures.retryOrFail(item, status, "HTTP " + status, wait, pos, true, true);
            return;
        }
        if (status >= 500) {
            stats.status5xx.incrementAndGet();
            failures.retryOrFail(item, status, "HTTP " + status, -1, pos, true);
            return;
        }
        if (status == 401) {
            failures.rejected(item, status, "HTTP 401: credentials rejected (stale or missing cookies/token)", pos);
            return;
        }
        if (status >= 300 && status < 400 && r.header("Location").isPresent()) {
            seeds.seedOf(item); // a chain a seed lookup starts counts for the seed
            redirects.handle(item, r, pos);
            return;
        }
        byte[] body;
        try {
            body = ContentDecoding.decode(r.body(), r.header("Content-Encoding").orElse(null), config.maxDecodedBytes());
        } catch (IOException e) {
            stats.undecodable.incrementAndGet();
            failures.failed(item, status, "undecodable body: " + e.getMessage(), pos.file(), pos.end());
            CrawlLog.event("failed", Map.of("url", item.uri().toString(), "reason", "undecodable body: " + e.getMessage()));
            return;
        }
        Capture capture = new Capture(item.uri(), r.date(), status, CaptureRecords.headerMap(r.headers()), body, r.truncated());
        String block = BlockPages.describe(capture);
        if (block != null) {
            failures.blocked(item, status, block, pos);
            return;
        }
        failures.notBlocked();
        if (status == 403 && !credentials.isEmpty()) {
            // A crawl that logs in is told its login may not see this: as a 401 (a block page is caught above).
            failures.rejected(item, status, "HTTP 403: credentials rejected (stale cookies/token?)", pos);
            return;
        }
        if ((status == 404 || status == 410) && seeds.seedOf(item) != null) {
            // A seed user the server does not know: a mistyped name or the wrong server, not an account gone. The lookup
            // itself is answered (settled as any 404 below, not a failed item: Gab's dialect probe 404s a plain lookup
            // before its own one resolves the seed); the seed is failed until another lookup resolves it.
            String reason = "not found (HTTP " + status + " for " + item.uri().getRawPath() + ")";
            seeds.failed(item, reason, false);
            CrawlLog.event("seed-not-found", Map.of("url", item.uri().toString(), "seed", seeds.seedOf(item), "reason", reason));
        }
        boolean ok = status >= 200 && status < 300;
        if (ok) failures.accepted(item.kind());
        if (ok && !r.truncated()) {
            String incomplete = platform.incompleteReason(capture);
            if (incomplete != null) {
                stats.incomplete.incrementAndGet();
                CrawlLog.event("incomplete", Map.of("url", item.uri().toString(), "reason", incomplete));
                failures.retryOrFail(item, status, incomplete, -1, pos, true);
                return;
            }
        }
        List<CrawlRequest> found = ok ? platform.discover(config.base(), capture) : List.of();
        if (item.hop() >= config.maxHops() && !found.isEmpty()) {
            CrawlLog.event("max-hops", Map.of("url", item.uri().toString(), "hops", item.hop(), "not_followed", found.size()));
            found = List.of();
        }
        if (policy != null && ok) found = tiers.retier(item, capture, found);
        if (ok) tiers.expect(capture, found);
        io.lastlight.schedule.ScheduleLesson lesson = policy == null ? null : policy.takeLesson();
        int added = frontier.complete(item, status, pos.file(), pos.offset(), pos.end(), found,
                status == 200 && !r.truncated() ? digest : null,
                revisit != null ? item.lastCaptureMillis() : r.date().toEpochMilli(),
                revisit != null ? item.lastRecordId() : pos.recordId().toString(),
                lesson == null ? null : lesson.toJson());
        stats.discovered.addAndGet(added);
        if (ok && !r.truncated()) seeds.resolved(item);
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
}
