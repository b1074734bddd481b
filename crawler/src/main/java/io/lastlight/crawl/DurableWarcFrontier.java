package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierItem;
import io.lastlight.frontier.FrontierStats;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.warc.WarcSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A shared frontier lives on another machine than the WARC files it indexes: if the worker's machine dies,
 * the database must not call a capture done whose records were still in the page cache. This wrapper forces
 * the open WARC file to disk before every outcome that names a WARC position is committed. (One process
 * with SQLite beside its WARC files needs no such step: both survive a killed process, and a lost machine
 * loses both, which --resume trims back to agree.)
 */
final class DurableWarcFrontier implements Frontier {
    private final Frontier inner;
    private final WarcSink sink;

    DurableWarcFrontier(Frontier inner, WarcSink sink) {
        this.inner = inner;
        this.sink = sink;
    }

    private void sync(String warcFile) {
        if (warcFile == null) return;
        try {
            sink.sync();
        } catch (IOException e) {
            throw new UncheckedIOException("writing WARC: " + e.getMessage(), e);
        }
    }

    @Override
    public int add(List<CrawlRequest> requests, Long parent, int hop) {
        return inner.add(requests, parent, hop);
    }

    @Override
    public List<FrontierItem> lease(int max, long nowMillis) {
        return inner.lease(max, nowMillis);
    }

    @Override
    public int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEnd,
                        List<CrawlRequest> discovered) {
        sync(warcFile);
        return inner.complete(item, status, warcFile, warcOffset, warcEnd, discovered);
    }

    @Override
    public int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEnd,
                        List<CrawlRequest> discovered, String payloadDigest, long capturedAtMillis, String recordId) {
        sync(warcFile);
        return inner.complete(item, status, warcFile, warcOffset, warcEnd, discovered, payloadDigest, capturedAtMillis, recordId);
    }

    @Override
    public int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEnd,
                        List<CrawlRequest> discovered, String payloadDigest, long capturedAtMillis, String recordId,
                        String lesson) {
        sync(warcFile);
        return inner.complete(item, status, warcFile, warcOffset, warcEnd, discovered, payloadDigest, capturedAtMillis,
                recordId, lesson);
    }

    @Override
    public boolean holdLease(FrontierItem item) {
        return inner.holdLease(item);
    }

    @Override
    public void lessons(Consumer<String> each) {
        inner.lessons(each);
    }

    @Override
    public void retry(FrontierItem item, int status, String reason, long notBeforeMillis, String warcFile, long warcEnd,
                      boolean countAttempt) {
        sync(warcFile);
        inner.retry(item, status, reason, notBeforeMillis, warcFile, warcEnd, countAttempt);
    }

    @Override
    public void retry(FrontierItem item, int status, String reason, long notBeforeMillis, String warcFile, long warcEnd) {
        sync(warcFile);
        inner.retry(item, status, reason, notBeforeMillis, warcFile, warcEnd);
    }

    @Override
    public void fail(FrontierItem item, int status, String reason, String warcFile, long warcEnd) {
        sync(warcFile);
        inner.fail(item, status, reason, warcFile, warcEnd);
    }

    @Override
    public void warcOpened(String warcFile, long end) {
        sync(warcFile);
        inner.warcOpened(warcFile, end);
    }

    @Override
    public void requeue(FrontierItem item, int tier, double value) {
        inner.requeue(item, tier, value);
    }

    @Override
    public int retier(Collection<String> kinds, int fromTier, int toTier, double value) {
        return inner.retier(kinds, fromTier, toTier, value);
    }

    @Override
    public int requeueForRevisit(Collection<String> kinds) {
        return inner.requeueForRevisit(kinds);
    }

    @Override
    public Optional<String> url(long id) {
        return inner.url(id);
    }

    @Override
    public int releaseLeased() {
        return inner.releaseLeased();
    }

    @Override
    public int requeueFailed() {
        return inner.requeueFailed();
    }

    @Override
    public Map<String, Long> committedWarcEnds() {
        return inner.committedWarcEnds();
    }

    @Override
    public Optional<Long> nextDue() {
        return inner.nextDue();
    }

    @Override
    public FrontierStats stats() {
        return inner.stats();
    }

    @Override
    public Map<String, FrontierStats> statsByKind() {
        return inner.statsByKind();
    }

    @Override
    public int countKnown(Collection<String> keys) {
        return inner.countKnown(keys);
    }

    @Override
    public Map<Integer, Map<String, FrontierStats>> statsByTierAndKind() {
        return inner.statsByTierAndKind();
    }

    @Override
    public void lessonsFromOthers(Consumer<String> each) {
        inner.lessonsFromOthers(each);
    }

    @Override
    public void expectPages(String kind, int tier, long pages) {
        inner.expectPages(kind, tier, pages);
    }

    @Override
    public Optional<Map<String, Map<Integer, Long>>> sharedExpectedPages() {
        return inner.sharedExpectedPages();
    }

    @Override
    public java.util.OptionalDouble sharedThroughput() {
        return inner.sharedThroughput();
    }

    @Override
    public void raiseStop(String outcome, String detail) {
        inner.raiseStop(outcome, detail);
    }

    @Override
    public Optional<io.lastlight.frontier.StopSignal> stopRaised() {
        return inner.stopRaised();
    }

    @Override
    public void putMeta(String key, String value) {
        inner.putMeta(key, value);
    }

    @Override
    public Optional<String> getMeta(String key) {
        return inner.getMeta(key);
    }

    @Override
    public void pauseHost(String host, long notBeforeMillis, String reason) {
        inner.pauseHost(host, notBeforeMillis, reason);
    }

    @Override
    public Map<String, io.lastlight.frontier.HostPause> hostPauses() {
        return inner.hostPauses();
    }

    /** Closing is the session's: the inner frontier outlives this wrapper. */
    @Override
    public void close() {
    }
}
