package io.lastlight.frontier;

import io.lastlight.platform.CrawlRequest;

import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The crawl's to-do list, persistent so a crawl survives {@code kill -9}: add (deduplicated by key),
 * lease a batch, complete or retry or fail, and on resume return leased items to the queue.
 */
public interface Frontier extends Closeable {
    enum Order { TIERED, FIFO }

    /** Adds requests not seen before; returns how many were new. */
    int add(List<CrawlRequest> requests, Long parent, int hop);

    /** Leases up to {@code max} queued items that are due at {@code nowMillis}, in priority order. */
    List<FrontierItem> lease(int max, long nowMillis);

    /**
     * Marks an item captured, records the WARC position the capture ends at, and adds what it links to:
     * one transaction, so a crash leaves either all of it or none.
     */
    int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEnd,
                 List<CrawlRequest> discovered);

    /**
     * As above, also remembering the capture's payload digest, time and response record id, so a later
     * {@code --revisit} can write a revisit record when the payload has not changed.
     */
    default int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEnd,
                         List<CrawlRequest> discovered, String payloadDigest, long capturedAtMillis, String recordId) {
        return complete(item, status, warcFile, warcOffset, warcEnd, discovered);
    }

    /**
     * As above, also storing what the scheduler learnt from the capture ({@code lesson}, opaque to the
     * frontier; null for nothing), in the same transaction, so a resumed crawl can replay the lessons in
     * order ({@link #lessons}) and schedule exactly as an uninterrupted one.
     */
    default int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEnd,
                         List<CrawlRequest> discovered, String payloadDigest, long capturedAtMillis, String recordId,
                         String lesson) {
        return complete(item, status, warcFile, warcOffset, warcEnd, discovered, payloadDigest, capturedAtMillis, recordId);
    }

    /**
     * Whether this process still holds {@code item}'s lease, renewing it: asked right before the item's capture
     * is written to WARC, so a worker whose lease was taken over (it stalled past it) drops the fetch instead of
     * archiving a capture the new holder archives too. Alone: always.
     */
    default boolean holdLease(FrontierItem item) {
        return true;
    }

    /** The lessons stored by {@link #complete}, in the order they were committed. */
    default void lessons(java.util.function.Consumer<String> each) {
    }

    /**
     * The lessons other workers of a shared crawl committed since this one last looked (or since {@link #lessons}),
     * so its scheduler learns from their captures too. Alone: none.
     */
    default void lessonsFromOthers(java.util.function.Consumer<String> each) {
    }

    /** Puts an item back; {@code countAttempt} false for answers that are not the item's fault (429). */
    default void retry(FrontierItem item, int status, String reason, long notBeforeMillis, String warcFile, long warcEnd,
                       boolean countAttempt) {
        retry(item, status, reason, notBeforeMillis, warcFile, warcEnd);
    }

    /**
     * Returns a leased item to the queue unfetched with a new tier and value: the scheduler re-prioritised it
     * (its value fell since it was queued). Not an attempt, and due at once.
     */
    void requeue(FrontierItem item, int tier, double value);

    /**
     * Moves every queued item of these kinds from one tier to another, with a new value (the scheduler
     * decided they are worth less: e.g. list pages once profile discovery stops paying); returns how many.
     */
    int retier(java.util.Collection<String> kinds, int fromTier, int toTier, double value);

    /** Queues captured (and failed) items of these kinds again for a revisit pass; returns how many. */
    int requeueForRevisit(java.util.Collection<String> kinds);

    /** The URL of an item by id (a capture's parent, for the metadata record). */
    Optional<String> url(long id);

    /** Puts an item back with a later due time after a transient failure (its attempt counted). */
    void retry(FrontierItem item, int status, String reason, long notBeforeMillis, String warcFile, long warcEnd);

    /** Gives up on an item; {@code --retry-failed} queues it again. */
    void fail(FrontierItem item, int status, String reason, String warcFile, long warcEnd);

    /** Returns leased items to the queue (after a crash); returns how many. */
    int releaseLeased();

    /** Queues failed items again; returns how many. */
    int requeueFailed();

    /** Records that a WARC file is now open at this end offset (its warcinfo written). */
    void warcOpened(String warcFile, long end);

    /**
     * Commits now every outcome recorded so far and that a WARC file is committed to this end offset: called before
     * a full file is closed, once the outcome of every capture in it has been recorded.
     */
    default void warcCommitted(String warcFile, long end) {
        warcOpened(warcFile, end);
    }

    /** How far each WARC file is committed. */
    Map<String, Long> committedWarcEnds();

    /** Soonest due time of a queued item, if any. */
    Optional<Long> nextDue();

    FrontierStats stats();

    /** Stats per kind: kind → {queued, leased, done, failed}. */
    Map<String, FrontierStats> statsByKind();

    /** How many of these keys the frontier already holds, in any state (a discovery's yield: the rest are new). */
    int countKnown(java.util.Collection<String> keys);

    /** Stats per tier and kind: tier → kind → {queued, leased, done, failed}. */
    Map<Integer, Map<String, FrontierStats>> statsByTierAndKind();

    /** Stats per tier: tier → {queued, leased, done, failed}. */
    default Map<Integer, FrontierStats> statsByTier() {
        Map<Integer, FrontierStats> out = new java.util.TreeMap<>();
        statsByTierAndKind().forEach((tier, kinds) -> kinds.values().forEach(s -> out.merge(tier, s,
                (a, b) -> new FrontierStats(a.queued() + b.queued(), a.leased() + b.leased(), a.done() + b.done(),
                        a.failed() + b.failed()))));
        return out;
    }

    /**
     * Tells the crawl's other workers to stop too ({@code outcome}: the login the crawl shares has expired, the
     * platform has gone dark). A frontier used by one process has no one to tell.
     */
    default void raiseStop(String outcome, String detail) {
    }

    /** A stop another worker raised since this one started (alone: never). Cheap: called every loop turn. */
    default Optional<StopSignal> stopRaised() {
        return Optional.empty();
    }

    /**
     * A captured profile implies {@code pages} list pages of {@code kind}, whose first page went to {@code tier}
     * (the deadline plan's estimate of what is not known yet). Alone, the scheduler keeps the estimate itself;
     * a shared frontier adds it to the crawl's, with the capture's outcome.
     */
    default void expectPages(String kind, int tier, long pages) {
    }

    /** The whole crawl's estimate (kind → tier → pages) when several workers add to it; empty alone. */
    default Optional<Map<String, Map<Integer, Long>>> sharedExpectedPages() {
        return Optional.empty();
    }

    /** The whole crawl's throughput (outcomes per second of its live workers) when it is shared; empty alone. */
    default java.util.OptionalDouble sharedThroughput() {
        return java.util.OptionalDouble.empty();
    }

    /**
     * Keeps a host's pause (nothing is sent to it before {@code notBeforeMillis}, on the crawl's clock) so that a
     * resumed crawl honours it; the later of this and a stored pause holds. A shared frontier keeps its hosts'
     * pauses with its rate budget instead (on the database's clock): here, nothing.
     */
    default void pauseHost(String host, long notBeforeMillis, String reason) {
    }

    /** The hosts' pauses kept by {@link #pauseHost} (those over too), by host. */
    default Map<String, HostPause> hostPauses() {
        return Map.of();
    }

    void putMeta(String key, String value);

    Optional<String> getMeta(String key);
}
