package io.lastlight.frontier;

import io.lastlight.core.UserException;
import io.lastlight.platform.CrawlRequest;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static io.lastlight.frontier.ItemState.DONE;
import static io.lastlight.frontier.ItemState.FAILED;
import static io.lastlight.frontier.ItemState.QUEUED;

/**
 * {@link Frontier} in an embedded SQLite file ({@code DIR/frontier.db}, WAL journal). Items live on disk,
 * so the heap does not grow with the frontier. All methods are synchronised on one connection, and each
 * is one transaction ({@link FrontierTx}) over the parts that own the SQL: {@link FrontierSchema} (opening,
 * migrations), {@link ItemStore} (adding, lookups), {@link Leases} (leasing and each item's outcome),
 * {@link Requeues} (moving many items), {@link LessonLog} (the scheduler's lessons), {@link WarcLedger}
 * (committed WARC ends), {@link FrontierCounts} (stats), {@link MetaTable} and {@link HostPauseTable} (hosts' pauses).
 */
public final class SqliteFrontier implements Frontier {
    private final FrontierTx tx;
    private final ItemStore items;
    private final Leases leases;
    private final Requeues requeues;
    private final LessonLog lessons;
    private final WarcLedger warcs;
    private final FrontierCounts counts;
    private final MetaTable meta;
    private final HostPauseTable pauses;

    public SqliteFrontier(Path file, Order order) {
        Connection db = null;
        try {
            db = FrontierSchema.open(file);
            KnownItems known = new KnownItems();
            items = new ItemStore(db, known);
            leases = new Leases(db, order, known);
            requeues = new Requeues(db);
            lessons = new LessonLog(db);
            warcs = new WarcLedger(db);
            counts = new FrontierCounts(db);
            meta = new MetaTable(db);
            pauses = new HostPauseTable(db);
            db.commit();
            tx = new FrontierTx(db);
            tx.onRollback(known::clear);
        } catch (SQLException | IOException e) {
            closeQuietly(db);
            throw new UserException("cannot open the frontier database " + file + ": " + e.getMessage()
                    + " (is the output directory writable, and not used by another crawl?)", e);
        }
    }

    private static void closeQuietly(Connection db) {
        if (db == null) return;
        try {
            db.close();
        } catch (SQLException ignored) {
            // the error that stopped the opening is the one worth reporting
        }
    }

    @Override
    public synchronized int add(List<CrawlRequest> requests, Long parent, int hop) {
        return tx.call(() -> items.insertAll(requests, parent, hop));
    }

    @Override
    public synchronized List<FrontierItem> lease(int max, long nowMillis) {
        return tx.hold(() -> leases.lease(max, nowMillis));
    }

    @Override
    public synchronized int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEndOffset,
                                     List<CrawlRequest> discovered) {
        return complete(item, status, warcFile, warcOffset, warcEndOffset, discovered, null, 0, null);
    }

    @Override
    public synchronized int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEndOffset,
                                     List<CrawlRequest> discovered, String payloadDigest, long capturedAtMillis,
                                     String recordId) {
        return complete(item, status, warcFile, warcOffset, warcEndOffset, discovered, payloadDigest, capturedAtMillis,
                recordId, null);
    }

    @Override
    public synchronized int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEndOffset,
                                     List<CrawlRequest> discovered, String payloadDigest, long capturedAtMillis,
                                     String recordId, String lesson) {
        Leases.Capture capture = payloadDigest == null ? null : new Leases.Capture(payloadDigest, capturedAtMillis, recordId);
        int added = tx.defer(() -> {
            int n = items.insertAll(discovered, item.id(), item.hop() + 1);
            leases.done(item, status, warcFile, warcOffset, capture, lesson, lessons.next());
            warcs.record(warcFile, warcEndOffset);
            return n;
        });
        if (lesson != null) lessons.appended();
        return added;
    }

    @Override
    public synchronized void retry(FrontierItem item, int status, String reason, long notBeforeMillis, String warcFile,
                                   long warcEndOffset) {
        retry(item, status, reason, notBeforeMillis, warcFile, warcEndOffset, true);
    }

    @Override
    public synchronized void retry(FrontierItem item, int status, String reason, long notBeforeMillis, String warcFile,
                                   long warcEndOffset, boolean countAttempt) {
        tx.defer(() -> {
            leases.finish(item, QUEUED, status, reason, notBeforeMillis, null, null);
            if (!countAttempt) leases.refundAttempt(item);
            warcs.record(warcFile, warcEndOffset);
            return null;
        });
    }

    @Override
    public synchronized void fail(FrontierItem item, int status, String reason, String warcFile, long warcEndOffset) {
        tx.defer(() -> {
            leases.finish(item, FAILED, status, reason, 0, null, null);
            warcs.record(warcFile, warcEndOffset);
            return null;
        });
    }

    @Override
    public synchronized void requeue(FrontierItem item, int tier, double value) {
        // Committed with the outcomes, like one: uncommitted, the item stays leased and is queued again
        // on --resume (under its old tier and value).
        tx.defer(() -> {
            leases.requeue(item, tier, value);
            return null;
        });
    }

    @Override
    public synchronized int retier(Collection<String> kinds, int fromTier, int toTier, double value) {
        if (kinds.isEmpty()) return 0;
        return tx.call(() -> requeues.retier(kinds, fromTier, toTier, value));
    }

    @Override
    public synchronized int requeueForRevisit(Collection<String> kinds) {
        if (kinds.isEmpty()) return 0;
        for (String k : kinds) {
            if (!k.matches("[A-Za-z0-9_-]+")) throw new IllegalArgumentException("bad kind " + k);
        }
        // A revisit is a new pass whose scheduler starts from nothing: the last pass's lessons go (one transaction).
        int n = tx.call(() -> {
            lessons.clear();
            return requeues.forRevisit(kinds);
        });
        lessons.cleared();
        return n;
    }

    @Override
    public synchronized int releaseLeased() {
        return tx.call(requeues::releaseLeased);
    }

    @Override
    public synchronized int requeueFailed() {
        return tx.call(requeues::requeueFailed);
    }

    @Override
    public synchronized void lessons(Consumer<String> each) {
        tx.run(() -> lessons.replay(each));
    }

    @Override
    public synchronized Optional<String> url(long id) {
        return tx.read(() -> items.url(id));
    }

    @Override
    public synchronized int countKnown(Collection<String> keys) {
        if (keys.isEmpty()) return 0;
        return tx.read(() -> items.countKnown(keys));
    }

    @Override
    public synchronized void warcOpened(String warcFile, long end) {
        tx.run(() -> warcs.record(warcFile, end));
        tx.run(warcs::sync);
    }

    @Override
    public synchronized Map<String, Long> committedWarcEnds() {
        return tx.call(warcs::committedEnds);
    }

    @Override
    public synchronized Optional<Long> nextDue() {
        return tx.call(leases::nextDue);
    }

    @Override
    public synchronized FrontierStats stats() {
        return FrontierCounts.sum(statsByKind().values());
    }

    @Override
    public synchronized Map<String, FrontierStats> statsByKind() {
        return tx.call(counts::byKind);
    }

    @Override
    public synchronized Map<Integer, Map<String, FrontierStats>> statsByTierAndKind() {
        return tx.call(counts::byTierAndKind);
    }

    @Override
    public synchronized void putMeta(String key, String value) {
        tx.run(() -> meta.put(key, value));
    }

    @Override
    public synchronized Optional<String> getMeta(String key) {
        return tx.call(() -> meta.get(key));
    }

    @Override
    public synchronized void pauseHost(String host, long notBeforeMillis, String reason) {
        tx.run(() -> pauses.put(host, notBeforeMillis, reason));
    }

    @Override
    public synchronized Map<String, HostPause> hostPauses() {
        return tx.call(pauses::all);
    }

    @Override
    public synchronized void close() {
        tx.close();
    }
}
