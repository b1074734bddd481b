package io.lastlight.crawl;

import io.lastlight.fetch.ContentDecoding;
import io.lastlight.fetch.FetchResult;
import io.lastlight.fetch.Fetcher;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierItem;
import io.lastlight.platform.BlockPages;
import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Platform;
import io.lastlight.politeness.RatePolicy;
import io.lastlight.warc.CaptureRecord;
import io.lastlight.warc.WarcPosition;
import io.lastlight.warc.WarcSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The crawl loop: lease from the frontier, wait for the rate policy, fetch, write WARC, then commit the
 * item together with what it links to. Results are handled on one thread, so WARC writes and frontier
 * commits happen in a single order: a capture is committed only after its records are written, and after
 * a crash only in-flight items are fetched again.
 */
public final class Crawler {
    /** Why the loop ended. */
    public enum Outcome { COMPLETE, STOPPED, PLATFORM_DARK, BLOCKED }

    private static final String REDACTED = "[redacted by lastlight; use --keep-secrets to keep]";

    private final CrawlConfig config;
    private final Platform platform;
    private final Frontier frontier;
    private final Fetcher fetcher;
    private final RatePolicy rate;
    private final WarcSink warc;
    private final Clock clock;
    private final RetryPolicy retry;
    private final CrawlStats stats = new CrawlStats();
    private final List<Map.Entry<String, String>> authHeaders;
    private final ExecutorService results = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lastlight-results");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger consecutiveTransportErrors = new AtomicInteger();
    private final AtomicInteger consecutiveBlocked = new AtomicInteger();
    private final AtomicReference<Outcome> stopReason = new AtomicReference<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private volatile boolean stopRequested;

    public Crawler(CrawlConfig config, Platform platform, Frontier frontier, Fetcher fetcher, RatePolicy rate,
                   WarcSink warc, Clock clock, List<Map.Entry<String, String>> authHeaders) {
        this.config = config;
        this.platform = platform;
        this.frontier = frontier;
        this.fetcher = fetcher;
        this.rate = rate;
        this.warc = warc;
        this.clock = clock;
        this.authHeaders = authHeaders;
        this.retry = new RetryPolicy(config.backoffBase(), config.backoffMax(), config.retryAfterMax(), config.seed());
    }

    public CrawlStats stats() {
        return stats;
    }

    /** Asks the loop to stop after in-flight requests finish (SIGINT/SIGTERM). */
    public void requestStop() {
        stopRequested = true;
    }

    public Outcome run(Runnable onTick) throws InterruptedException {
        Semaphore slots = new Semaphore(config.concurrency());
        Deque<FrontierItem> local = new ArrayDeque<>();
        long lastTick = System.nanoTime();
        try {
            while (true) {
                if (fatal.get() != null) break;
                if (stopRequested) { stopReason.compareAndSet(null, Outcome.STOPPED); break; }
                if (stopReason.get() != null) break;
                if (System.nanoTime() - lastTick > config.statsInterval().toNanos()) {
                    onTick.run();
                    lastTick = System.nanoTime();
                }
                if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) continue;
                if (local.isEmpty()) local.addAll(frontier.lease(Math.max(4, config.concurrency() * 4), clock.millis()));
                FrontierItem item = local.poll();
                if (item == null) {
                    slots.release();
                    if (slots.availablePermits() == config.concurrency()) {
                        // Nothing in flight: either done, or waiting for a retry to come due.
                        var due = frontier.nextDue();
                        if (due.isEmpty()) { stopReason.compareAndSet(null, Outcome.COMPLETE); break; }
                        Thread.sleep(Math.max(1, Math.min(200, due.get() - clock.millis())));
                    } else {
                        Thread.sleep(5);
                    }
                    continue;
                }
                String host = item.uri().getHost();
                rate.acquire(host);
                stats.requests.incrementAndGet();
                fetcher.get(item.uri(), authHeaders)
                        .thenAcceptAsync(r -> handleSafely(item, r), results)
                        .whenComplete((v, t) -> {
                            if (t != null) fatal.compareAndSet(null, t);
                            slots.release();
                        });
            }
        } finally {
            // Let in-flight requests finish and be written before anything is closed.
            slots.acquire(config.concurrency());
            slots.release(config.concurrency());
            results.shutdown();
            results.awaitTermination(1, TimeUnit.MINUTES);
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
        return stopReason.get();
    }

    private void handleSafely(FrontierItem item, FetchResult r) {
        try {
            handle(item, r);
        } catch (IOException e) {
            throw new UncheckedIOException("writing WARC: " + e.getMessage(), e);
        }
    }

    private void handle(FrontierItem item, FetchResult r) throws IOException {
        if (r.isError()) {
            stats.transportErrors.incrementAndGet();
            boolean refused = r.error() instanceof ConnectException;
            if (refused && consecutiveTransportErrors.incrementAndGet() >= config.darkAfterFailures()) {
                stopReason.compareAndSet(null, Outcome.PLATFORM_DARK);
            } else if (!refused) {
                consecutiveTransportErrors.incrementAndGet();
                if (consecutiveTransportErrors.get() >= config.darkAfterFailures() * 4) {
                    stopReason.compareAndSet(null, Outcome.PLATFORM_DARK);
                }
            }
            retryOrFail(item, 0, r.describeError(), -1, null);
            CrawlLog.event("fetch-error", Map.of("url", item.uri().toString(), "error", r.describeError(),
                    "attempt", item.attempts() + 1));
            return;
        }
        consecutiveTransportErrors.set(0);
        WarcPosition pos = warc.write(toRecord(item, r));
        stats.captures.incrementAndGet();
        stats.bytes.addAndGet(r.body().length);
        if (r.truncated()) stats.truncated.incrementAndGet();
        noteRateLimitHeaders(item, r);

        int status = r.status();
        if (status == 429 || status == 503) {
            if (status == 429) stats.status429.incrementAndGet(); else stats.status5xx.incrementAndGet();
            long wait = retry.retryAfterMillis(r.header("Retry-After").orElse(null), clock.instant());
            if (wait >= 0) rate.pauseUntil(item.uri().getHost(), System.nanoTime() + wait * 1_000_000);
            retryOrFail(item, status, "HTTP " + status, wait, pos);
            return;
        }
        if (status >= 500) {
            stats.status5xx.incrementAndGet();
            retryOrFail(item, status, "HTTP " + status, -1, pos);
            return;
        }
        byte[] body;
        try {
            body = ContentDecoding.decode(r.body(), r.header("Content-Encoding").orElse(null), config.maxDecodedBytes());
        } catch (IOException e) {
            frontier.fail(item, status, "undecodable body: " + e.getMessage(), pos.file(), pos.end());
            stats.failed.incrementAndGet();
            return;
        }
        Capture capture = new Capture(item.uri(), r.date(), status, headerMap(r.headers()), body, r.truncated());
        String block = BlockPages.describe(capture);
        if (block != null) {
            stats.blocked.incrementAndGet();
            rate.pauseUntil(item.uri().getHost(), System.nanoTime() + Math.min(60_000, 2_000L << Math.min(5,
                    consecutiveBlocked.get())) * 1_000_000L);
            if (consecutiveBlocked.incrementAndGet() >= config.maxBlockedInARow()) {
                stopReason.compareAndSet(null, Outcome.BLOCKED);
            }
            retryOrFail(item, status, block, -1, pos);
            return;
        }
        consecutiveBlocked.set(0);
        List<CrawlRequest> found = status >= 200 && status < 300 ? platform.discover(config.base(), capture) : List.of();
        int added = frontier.complete(item, status, pos.file(), pos.offset(), pos.end(), found);
        stats.discovered.addAndGet(added);
    }

    private void noteRateLimitHeaders(FrontierItem item, FetchResult r) {
        String remaining = r.header("X-RateLimit-Remaining").orElse(null);
        String reset = r.header("X-RateLimit-Reset").orElse(null);
        if (remaining == null || reset == null) return;
        try {
            if (Long.parseLong(remaining.trim()) > 0) return;
        } catch (NumberFormatException e) {
            return;
        }
        long waitMs = RateLimitHeaders.resetMillis(reset, clock.instant());
        if (waitMs > 0) {
            rate.pauseUntil(item.uri().getHost(), System.nanoTime() + Math.min(waitMs, config.retryAfterMax().toMillis()) * 1_000_000);
        }
    }

    private void retryOrFail(FrontierItem item, int status, String reason, long waitMillis, WarcPosition pos) {
        String file = pos == null ? null : pos.file();
        long end = pos == null ? 0 : pos.end();
        if (item.attempts() + 1 >= config.maxAttempts()) {
            frontier.fail(item, status, reason, file, end);
            stats.failed.incrementAndGet();
            CrawlLog.event("failed", Map.of("url", item.uri().toString(), "reason", reason, "attempts", item.attempts() + 1));
            return;
        }
        long delay = Math.max(waitMillis, retry.backoffMillis(item.attempts()));
        frontier.retry(item, status, reason, clock.millis() + delay, file, end);
        stats.retries.incrementAndGet();
    }

    private CaptureRecord toRecord(FrontierItem item, FetchResult r) {
        List<Map.Entry<String, String>> sent = new ArrayList<>();
        for (Map.Entry<String, String> h : r.requestHeaders()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            boolean secret = name.equals("authorization") || name.equals("cookie") || name.equals("proxy-authorization");
            sent.add(secret && !config.keepSecrets() ? new AbstractMap.SimpleImmutableEntry<>(h.getKey(), REDACTED) : h);
        }
        List<Map.Entry<String, String>> received = new ArrayList<>();
        for (Map.Entry<String, String> h : r.headers()) {
            boolean secret = h.getKey().equalsIgnoreCase("set-cookie");
            received.add(secret && !config.keepSecrets() ? new AbstractMap.SimpleImmutableEntry<>(h.getKey(), redactCookie(h.getValue())) : h);
        }
        Map<String, List<String>> meta = new LinkedHashMap<>();
        meta.put("lastlight-kind", List.of(item.kind()));
        meta.put("lastlight-key", List.of(item.key()));
        meta.put("lastlight-tier", List.of(Integer.toString(item.tier())));
        meta.put("lastlight-value", List.of(Double.toString(item.value())));
        meta.put("hopsFromSeed", List.of(Integer.toString(item.hop())));
        if (item.parent() != null) meta.put("lastlight-parent-item", List.of(Long.toString(item.parent())));
        meta.put("lastlight-attempt", List.of(Integer.toString(item.attempts() + 1)));
        meta.put("fetchTimeMs", List.of(Long.toString(r.elapsedNanos() / 1_000_000)));
        return new CaptureRecord(item.uri(), r.date(), "GET", sent, r.status(), r.reason(), received, r.body(),
                r.truncated(), meta);
    }

    /** Keeps a Set-Cookie's name and attributes, drops its value. */
    static String redactCookie(String setCookie) {
        int eq = setCookie.indexOf('=');
        if (eq < 0) return setCookie;
        int semi = setCookie.indexOf(';', eq);
        return setCookie.substring(0, eq + 1) + "[redacted]" + (semi < 0 ? "" : setCookie.substring(semi));
    }

    private static Map<String, List<String>> headerMap(List<Map.Entry<String, String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headers) out.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue());
        return out;
    }
}
