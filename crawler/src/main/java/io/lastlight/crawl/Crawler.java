package io.lastlight.crawl;

import io.lastlight.fetch.Credentials;
import io.lastlight.fetch.FetchResult;
import io.lastlight.fetch.Fetcher;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierItem;
import io.lastlight.platform.Platform;
import io.lastlight.politeness.RatePolicy;
import io.lastlight.warc.WarcSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The crawl loop: lease from the frontier, check scope and robots.txt, wait for the rate policy, fetch,
 * digest and compress its WARC records on a small pool, then hand the result to one thread ({@link CaptureHandler})
 * that writes WARC and commits the item with what it links to. WARC writes and frontier commits thus happen in one
 * order: a capture is committed only after its records are written, and after a crash only in-flight items are
 * fetched again.
 */
public final class Crawler {
    /**
     * Why the loop ended. UNREACHABLE: the platform never answered and connections to it kept failing
     * ({@link BaseReachability}).
     */
    public enum Outcome { COMPLETE, STOPPED, PLATFORM_DARK, BLOCKED, DEADLINE, AUTH_EXPIRED, UNREACHABLE }

    private final CrawlConfig config;
    private final Platform platform;
    private final Frontier frontier;
    private final Fetcher fetcher;
    private final RatePolicy rate;
    private final Clock clock;
    private final Credentials credentials;
    private final RobotsGate robots;
    private final CaptureHandler handler;
    private final CrawlStats stats = new CrawlStats();
    private final io.lastlight.schedule.DeadlineTracker tracker;
    private final io.lastlight.schedule.TierPolicy policy;
    /** The adapter's kinds that are follower or following lists (moved to the edges tier when discovery stops). */
    private final java.util.List<String> followListKinds;
    private final ExecutorService results = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lastlight-results");
        t.setDaemon(true);
        return t;
    });
    /**
     * Digests and compresses each fetch's WARC records ({@link CaptureHandler#prepare}) before the results thread writes
     * them: on a fast target the results thread is what bounds a crawl, and zlib was a third of its work.
     */
    private final ExecutorService prepare = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
        Thread t = new Thread(r, "lastlight-warc");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private volatile boolean stopRequested;
    /** Waits for the rate policy's permits, reporting long ones ({@code paused}/{@code resumed}) and ticking progress. */
    private final PauseWait waits;
    private Runnable onTick = () -> { };
    private long lastTick = System.nanoTime();
    /** RFC 9309 §2.2.2: a crawler follows at least five consecutive redirects of robots.txt. */
    static final int ROBOTS_REDIRECTS = 5;
    /** The longest wait between fetches of an unreachable robots.txt (the backoff doubles up to it). */
    static final java.time.Duration ROBOTS_REFETCH_MAX = java.time.Duration.ofMinutes(10);

    public Crawler(CrawlConfig config, Platform platform, Frontier frontier, Fetcher fetcher, RatePolicy rate,
                   WarcSink warc, Clock clock, Credentials credentials) {
        this.config = config;
        this.platform = platform;
        this.frontier = frontier;
        this.fetcher = fetcher;
        this.rate = rate;
        this.clock = clock;
        this.credentials = credentials;
        this.robots = new RobotsGate(!config.ignoreRobots(), "lastlight",
                new RetryPolicy(config.backoffBase(), ROBOTS_REFETCH_MAX, config.retryAfterMax(), config.seed()));
        this.tracker = new io.lastlight.schedule.DeadlineTracker(new io.lastlight.schedule.DeadlinePlanner(config.deadline(), clock),
                new io.lastlight.schedule.ThroughputMeter(System::nanoTime, 60));
        this.policy = config.order() == Frontier.Order.TIERED ? new io.lastlight.schedule.TierPolicy(platform) : null;
        this.waits = new PauseWait(rate, clock, stats, System::nanoTime);
        this.followListKinds = platform.kinds().stream().filter(k -> platform.roleOf(k).isFollowList()).sorted().toList();
        // A resumed crawl's scheduler learns again, in order, what the captures so far taught it.
        if (policy != null) frontier.lessons(j -> policy.replay(io.lastlight.schedule.ScheduleLesson.fromJson(j)));
        this.handler = new CaptureHandler(config, platform, frontier, rate, warc, clock, credentials, stats, policy, tracker,
                BaseReachability.of(frontier, clock, config.outageWindow()));
    }

    /** The deadline-aware scheduler, null under FIFO order. */
    public io.lastlight.schedule.TierPolicy policy() {
        return policy;
    }

    /** The running deadline plan (per-tier counts, estimates and projection). */
    public io.lastlight.schedule.DeadlineTracker tracker() {
        return tracker;
    }

    public CrawlStats stats() {
        return stats;
    }

    /** Why the crawl stopped, in a sentence, where the outcome alone does not say enough (UNREACHABLE); else null. */
    public String stopDetail() {
        return handler.stopDetail();
    }

    /** Asks the loop to stop after in-flight requests finish (SIGINT/SIGTERM). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Reports progress if {@code statsInterval} has passed since it last did (also while waiting for a permit). */
    private void tickIfDue() {
        if (System.nanoTime() - lastTick > config.statsInterval().toNanos()) {
            onTick.run();
            lastTick = System.nanoTime();
        }
    }

    public Outcome run(Runnable onTick) throws InterruptedException {
        this.onTick = onTick;
        this.lastTick = System.nanoTime();
        RequestSlots slots = new RequestSlots(config.concurrency());
        Deque<FrontierItem> local = new ArrayDeque<>();
        long lastLessons = System.nanoTime();
        long gateClosings = policy == null ? 0 : policy.gate().closings(); // closings replayed on resume were acted on
        boolean lateAsked = false;
        // Tiered against a deadline: lease little at a time, so what a capture just revealed (a profile, the next
        // page of a valuable list) is fetched next rather than after a stale batch. Lists page one after another:
        // with 32 leased ahead, the best posts list read 13 pages in the last 2 s of a 5 s budget (simulator,
        // 250/s), and lower tiers (media) went out between its pages. Without a deadline everything is fetched
        // anyway and larger batches cost fewer frontier queries.
        int leaseBatch = policy != null && config.deadline() != null ? Math.max(1, config.concurrency() / 4)
                : Math.max(4, config.concurrency() * 4);
        try {
            while (true) {
                if (fatal.get() != null) break;
                if (stopRequested) { handler.stop(Outcome.STOPPED); break; }
                if (handler.stopReason() != null) break;
                if (frontier.stopRaised().isPresent()) {
                    // Another worker of this crawl found the login expired or the platform dark: so is it here.
                    handler.stop(outcomeNamed(frontier.stopRaised().get().outcome()));
                    break;
                }
                if (config.deadline() != null && !clock.instant().isBefore(config.deadline())) {
                    handler.stop(Outcome.DEADLINE);
                    break;
                }
                tickIfDue();
                if (policy != null && System.nanoTime() - lastLessons > 1_000_000_000L) {
                    // A shared crawl: what the other workers' captures taught, learnt here too (on the results
                    // thread, where the scheduler is used).
                    lastLessons = System.nanoTime();
                    results.submit(() -> frontier.lessonsFromOthers(j -> policy.replay(io.lastlight.schedule.ScheduleLesson.fromJson(j))));
                }
                if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) continue;
                if (policy != null && policy.gate().closings() != gateClosings) {
                    // Discovery stopped paying: every queued tier-1 list page is an edge page now, in one statement.
                    gateClosings = policy.gate().closings();
                    int moved = frontier.retier(followListKinds, io.lastlight.schedule.Tier.PROFILES.number(),
                            io.lastlight.schedule.Tier.EDGES.number(), 0);
                    stats.rescheduled.addAndGet(moved);
                    CrawlLog.event("discovery-stopped", Map.of("list_pages_to_edges_tier", moved,
                            "window", policy.gate().window()));
                }
                if (local.isEmpty()) local.addAll(frontier.lease(leaseBatch, clock.millis()));
                FrontierItem item = local.poll();
                if (item == null) {
                    slots.release();
                    if (slots.available() == config.concurrency()) {
                        // Nothing in flight: either done, or waiting for a retry to come due.
                        var due = frontier.nextDue();
                        if (due.isEmpty() && !lateAsked) {
                            lateAsked = true;
                            if (CrawlEnds.queueLateRequests(platform, config, frontier)) continue;
                        }
                        if (due.isEmpty()) { handler.stop(Outcome.COMPLETE); break; }
                        Thread.sleep(Math.max(1, Math.min(200, due.get() - clock.millis())));
                    } else {
                        Thread.sleep(5);
                    }
                    continue;
                }
                if (policy != null) {
                    // What the crawl learnt since the item was queued may have lowered its value: queue it again.
                    var moved = policy.reconsider(item.kind(), item.owner(), item.tier(), item.value());
                    if (moved != null) {
                        frontier.requeue(item, moved.tier(), moved.value());
                        stats.rescheduled.incrementAndGet();
                        slots.release();
                        continue;
                    }
                }
                if (!admit(item)) {
                    slots.release();
                    continue;
                }
                String host = item.uri().getHost();
                if (!waits.acquire(host, this::mustStop, this::tickIfDue) || mustStop()) {
                    // A stop or the deadline came during the wait (a Retry-After pause): nothing is sent, the item
                    // stays leased until the loop's top ends the crawl and releases it.
                    slots.release();
                    continue;
                }
                stats.requests.incrementAndGet();
                handler.fetching(item);
                long sent = System.nanoTime();
                // A fetch cancelled because the crawl is stopping (CrawlEnds.finishInFlight) is not handled: its item stays leased,
                // is released to the queue below, and nothing of it reaches the WARC.
                fetcher.get(item.uri(), credentials.headersFor(item.uri()))
                        .whenComplete((r, t) -> { if (r != null && !Fetcher.cancelled(r)) rate.onResponse(host, RateLimitHeaders.signal(sent, r, policyRefusal(r))); })
                        .thenApplyAsync(r -> Fetcher.cancelled(r) ? null : new Fetched(r, handler.prepare(item, r)), prepare)
                        .thenAcceptAsync(f -> { if (f != null) handleSafely(item, f); }, results)
                        .whenComplete((v, t) -> {
                            if (t != null) fatal.compareAndSet(null, t);
                            slots.release();
                        });
            }
        } finally {
            // Let in-flight requests finish and be written before anything is closed; those still out after a short
            // grace (a server that stalls or drips its answer) are cancelled and stay queued for --resume.
            CrawlEnds.finishInFlight(slots, config, handler, fetcher);
            slots.awaitAll();
            results.shutdown();
            results.awaitTermination(1, TimeUnit.MINUTES);
            prepare.shutdown();
            frontier.releaseLeased();
            onTick.run();
        }
        Throwable t = fatal.get();
        if (t != null) {
            Throwable cause = t.getCause() != null && t instanceof java.util.concurrent.CompletionException ? t.getCause() : t;
            if (cause instanceof UncheckedIOException) throw (UncheckedIOException) cause;
            if (cause instanceof RuntimeException) throw (RuntimeException) cause;
            throw new IllegalStateException(cause);
        }
        return handler.stopReason();
    }

    /** What became of the seed users' lookups (see {@link SeedWatch}). */
    public SeedWatch.Report seeds() {
        return handler.seeds();
    }

    /** Scope and robots.txt: false if the item was settled without fetching it. */
    private boolean admit(FrontierItem item) throws InterruptedException {
        URI uri = item.uri();
        if (!config.inScope(uri)) {
            handler.failUnfetched(item, "out of scope: " + uri.getHost() + " is not a host of this crawl");
            return false;
        }
        if (robots.due(uri, clock.millis()) && !fetchRobots(uri)) return false;
        long until = robots.deferredUntil(uri);
        if (until >= 0) {
            // robots.txt unreachable: everything is disallowed for now, so the item waits (no attempt used); if the crawl
            // is stopping (the platform never answered), it is due at once for a --resume, not after the backoff.
            frontier.retry(item, 0, robots.deferral(uri), mustStop() ? clock.millis() : until, null, 0, false);
            return false;
        }
        long delay = robots.crawlDelayNanos(uri);
        if (delay > 0) rate.minInterval(uri.getHost(), delay);
        String refusal = robots.refusal(uri);
        if (refusal != null) {
            stats.robotsDisallowed.incrementAndGet();
            handler.failUnfetched(item, refusal + " (" + uri.getRawPath() + ")");
            CrawlLog.event("robots", Map.of("url", uri.toString(), "reason", refusal));
            return false;
        }
        return true;
    }

    /**
     * Fetches a host's robots.txt, following up to {@link #ROBOTS_REDIRECTS} redirects (RFC 9309 §2.2.2), archives
     * every answer, and learns its rules. One fetch per call: an unreachable file (5xx, 429, no answer) is fetched
     * again later, with backoff ({@link RobotsGate#due}), while the host's items wait. False if a stop or the
     * deadline came while waiting to send (then nothing is learnt).
     */
    private boolean fetchRobots(URI any) throws InterruptedException {
        URI robotsUri = RobotsGate.robotsUri(any);
        URI target = robotsUri;
        FetchResult r = null;
        for (int hop = 0; hop <= ROBOTS_REDIRECTS; hop++) {
            if (!waits.acquire(target.getHost(), this::mustStop, this::tickIfDue) || mustStop()) return false;
            stats.requests.incrementAndGet();
            try {
                r = fetcher.get(target, credentials.headersFor(target)).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            if (r.isError()) {
                CrawlLog.event("fetch-error", Map.of("url", target.toString(), "error", r.describeError()));
                // Never answered, connections failing: the crawl stops (its items stay queued, waiting as below).
                handler.neverAnswering(r);
                break;
            }
            archiveRobots(r);
            URI next = r.status() >= 300 && r.status() < 400 ? RobotsGate.redirect(target, r) : null;
            if (next == null) break;
            target = next;
        }
        int status = r.isError() ? 0 : r.status();
        // A host we may not connect to has no rules to learn: its items are refused one by one (and counted).
        if (r.isError() && refused(r.error())) status = 404;
        byte[] body = new byte[0];
        if (!r.isError()) {
            try {
                // Served compressed (Content-Encoding: gzip) like any page: the rules are in the decoded bytes.
                body = io.lastlight.http.ContentDecoding.decode(r.body(), r.header("Content-Encoding").orElse(null),
                        config.maxDecodedBytes());
            } catch (IOException e) {
                // Nothing parseable: as an empty file (RFC 9309 2.3.1: parse what can be parsed), said in the log.
                CrawlLog.event("robots-undecodable", Map.of("url", target.toString(), "error", String.valueOf(e.getMessage())));
            }
        }
        robots.learn(robotsUri, status, body, r.isError() ? null : r.header("Content-Type").orElse(null), clock.millis());
        Map<String, Object> line = new java.util.LinkedHashMap<>();
        line.put("url", robotsUri.toString());
        if (!target.equals(robotsUri)) line.put("fetched_from", target.toString());
        line.put("status", status);
        line.put("policy", config.ignoreRobots() ? "ignore" : "obey");
        line.put("crawl_delay_ms", robots.crawlDelayNanos(any) / 1_000_000);
        long until = robots.deferredUntil(any);
        if (until >= 0) line.put("items_wait_until", java.time.Instant.ofEpochMilli(until).toString());
        CrawlLog.line("robots", line);
        return true;
    }

    /**
     * Whether the crawl is to end now (a stop was asked for or decided, here or by another worker of a shared crawl,
     * a write failed, or the deadline has come): a wait for the rate policy ends then, and nothing more is sent.
     */
    private boolean mustStop() {
        return stopRequested || fatal.get() != null || handler.stopReason() != null || frontier.stopRaised().isPresent()
                || (config.deadline() != null && !clock.instant().isBefore(config.deadline()));
    }

    /** Writes a robots.txt answer to WARC on the results thread (where every WARC write happens). */
    private void archiveRobots(FetchResult fr) throws InterruptedException {
        try {
            results.submit(() -> {
                try {
                    handler.archiveRobots(fr);
                } catch (IOException e) {
                    throw new UncheckedIOException("writing WARC: " + e.getMessage(), e);
                }
            }).get();
        } catch (ExecutionException e) {
            fatal.compareAndSet(null, e.getCause());
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A fetch and what {@link CaptureHandler#prepare} made of it. */
    private record Fetched(FetchResult result, CaptureHandler.Prepared prepared) {}

    private void handleSafely(FrontierItem item, Fetched f) {
        if (fatal.get() != null) return; // after a WARC write failure nothing more is committed
        try {
            handler.handle(item, f.result(), f.prepared());
        } catch (IOException e) {
            throw new UncheckedIOException("writing WARC: " + e.getMessage(), e);
        }
    }

    static boolean refused(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof io.lastlight.fetch.GuardedDnsResolver.RefusedAddressException) return true;
        }
        return false;
    }

    /** Whether the platform refused this answer by policy (then it says nothing about the crawl's pace). */
    private boolean policyRefusal(FetchResult r) {
        return CaptureHandler.policyRefusal(platform, r, !credentials.isEmpty(), config.maxDecodedBytes()) != null;
    }

    private static Outcome outcomeNamed(String name) {
        for (Outcome o : Outcome.values()) if (o.name().equals(name)) return o;
        return Outcome.STOPPED;  // raised by a newer lastlight
    }
}
