package io.lastlight.frontier;

import io.lastlight.core.UserException;
import io.lastlight.platform.CrawlRequest;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.lastlight.frontier.ItemState.DONE;
import static io.lastlight.frontier.ItemState.FAILED;
import static io.lastlight.frontier.ItemState.QUEUED;

/**
 * {@link Frontier} shared by any number of workers through one PostgreSQL database. Each worker has a name
 * (held as a session advisory lock, so two live processes cannot use the same one, and a restarted worker
 * knows at once that its predecessor is gone). Items are leased in batches ({@link PgQueue}); a lease
 * carries its number, which every outcome must match, and an expiry on the database's clock that a
 * heartbeat renews every third of the time-to-live: a worker killed with {@code kill -9} loses its leases
 * to the others after that time, or at once when it comes back under the same name
 * ({@link #releaseLeased}). An outcome and what it discovered (new items, the lesson, the WARC end) commit in
 * one transaction. {@link #releaseLeased} and {@link #committedWarcEnds} are this worker's; everything else
 * (counts, lessons, settings) is the crawl's. The session is opened by {@link PgSession}, other workers' stops are
 * watched by {@link PgStopWatch}, outcomes and fenced leases counted by {@link PgFencing}.
 */
public final class PostgresFrontier implements Frontier {
    private final String worker;
    private final PgTx tx;
    private final PgQueue queue;
    private final PgItems items;
    private final PgLessons lessons;
    private final Consumer<String> log;
    private final ScheduledExecutorService heartbeat;
    private final PgFencing fencing;
    private long beatOutcomes;
    private long beatNanos = System.nanoTime();
    private boolean closed;
    private final PgStopWatch stops;
    /** Expected pages noted since the last outcome, committed with the next one (the capture that implied them). */
    private final PendingPages expected = new PendingPages();

    /**
     * @param leaseTtl how long a lease lasts without a heartbeat (what a dead worker's items wait)
     * @param log where connection trouble and lost leases are reported
     */
    public PostgresFrontier(PostgresTarget target, String worker, Order order, Duration leaseTtl, Consumer<String> log) {
        if (worker == null || !worker.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new UserException("--worker NAME must be 1-63 letters, digits, '.', '_' or '-' (it goes in WARC file names), not '"
                    + worker + "'");
        }
        this.worker = worker;
        this.log = log;
        this.fencing = new PgFencing(log);
        this.queue = new PgQueue(worker, order, leaseTtl.toMillis() / 1000.0);
        this.items = new PgItems(worker);
        this.lessons = new PgLessons(worker);
        try {
            this.tx = PgSession.open(target, worker, log);
            PgSchema.create(tx.connection());
        } catch (SQLException e) {
            if (PgSchema.WORKER_BUSY.equals(e.getSQLState())) {
                throw new UserException("a worker named " + worker + " is already running against " + target.display()
                        + "; give this one another --worker NAME (or stop that one first)");
            }
            throw new UserException("cannot open the frontier database " + target.display() + ": " + e.getMessage()
                    + " (is PostgreSQL running there, and are the user and password right? the password comes from"
                    + " PGPASSWORD, ~/.pgpass or --password-env)", e);
        }
        java.sql.Timestamp started = tx.call(db -> {
            PgWorkers.register(db, worker, PgSession.hostName(), ProcessHandle.current().pid(), leaseTtl.toMillis() / 1000.0);
            return PgSignals.started(db, worker);
        });
        this.stops = new PgStopWatch(worker, started, log);
        long period = Math.max(200, leaseTtl.toMillis() / 3);
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lastlight-frontier-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    private synchronized void beat() {
        if (closed) return;
        try {
            long now = System.nanoTime();
            long n = fencing.outcomes();
            double rate = (n - beatOutcomes) / Math.max(1e-9, (now - beatNanos) / 1e9);
            beatOutcomes = n;
            beatNanos = now;
            tx.call(db -> {
                queue.renew(db);
                PgWorkers.heartbeat(db, worker, n, rate, false);
                stops.poll(db);
                return null;
            });
        } catch (RuntimeException e) {
            log.accept("heartbeat failed: " + e.getMessage());
        }
    }

    public String worker() {
        return worker;
    }

    /** Outcomes refused because the lease had been taken over (for tests and the summary). */
    public long fencedOutcomes() {
        return fencing.fenced();
    }

    /** The crawl's workers, for {@code crawl status}. */
    public synchronized List<WorkerStatus> workers() {
        return tx.call(PgWorkers::list);
    }

    @Override
    public synchronized int add(List<CrawlRequest> requests, Long parent, int hop) {
        return tx.call(db -> items.insertAll(db, requests, parent, hop));
    }

    @Override
    public synchronized List<FrontierItem> lease(int max, long nowMillis) {
        return tx.call(db -> {
            queue.reclaimExpired(db);
            stops.poll(db);
            return queue.lease(db, max, nowMillis);
        });
    }

    /** Renews this item's lease, unless it was taken over (then logs it and returns false). */
    @Override
    public synchronized boolean holdLease(FrontierItem item) {
        if (tx.call(db -> queue.hold(db, item))) return true;
        fencing.taken("lease " + item.lease() + " of " + item.key() + " was taken over (expired) before its capture was"
                + " written; the fetch is dropped (the item is another worker's now)");
        return false;
    }

    @Override
    public synchronized void raiseStop(String outcome, String detail) {
        tx.call(db -> {
            PgSignals.raise(db, worker, outcome, detail);
            return null;
        });
    }

    @Override
    public Optional<StopSignal> stopRaised() {
        return stops.raised();
    }

    @Override
    public int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEnd,
                        List<CrawlRequest> discovered) {
        return complete(item, status, warcFile, warcOffset, warcEnd, discovered, null, 0, null, null);
    }

    @Override
    public int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEnd,
                        List<CrawlRequest> discovered, String payloadDigest, long capturedAtMillis, String recordId) {
        return complete(item, status, warcFile, warcOffset, warcEnd, discovered, payloadDigest, capturedAtMillis, recordId, null);
    }

    @Override
    public synchronized int complete(FrontierItem item, int status, String warcFile, long warcOffset, long warcEnd,
                                     List<CrawlRequest> discovered, String payloadDigest, long capturedAtMillis,
                                     String recordId, String lesson) {
        Map<String, Map<Integer, Long>> implied = expected.take();
        int added = tx.call(db -> {
            if (!queue.finish(db, item, DONE, true, status, null, 0, warcFile, warcOffset)) return -1;
            PgPlan.add(db, implied);
            if (lesson != null) queue.appendLesson(db, item, lesson);
            if (payloadDigest != null) queue.recordCapture(db, item, payloadDigest, capturedAtMillis, recordId);
            int n = items.insertAll(db, discovered, item.id(), item.hop() + 1);
            items.recordWarc(db, warcFile, warcEnd);
            return n;
        });
        return fencing.counted(item, added);
    }

    @Override
    public synchronized void expectPages(String kind, int tier, long pages) {
        expected.add(kind, tier, pages);
    }

    @Override
    public synchronized Optional<Map<String, Map<Integer, Long>>> sharedExpectedPages() {
        return Optional.of(tx.call(PgPlan::read));
    }

    @Override
    public synchronized java.util.OptionalDouble sharedThroughput() {
        return java.util.OptionalDouble.of(tx.call(PgPlan::throughput));
    }

    @Override
    public void retry(FrontierItem item, int status, String reason, long notBeforeMillis, String warcFile, long warcEnd) {
        retry(item, status, reason, notBeforeMillis, warcFile, warcEnd, true);
    }

    @Override
    public synchronized void retry(FrontierItem item, int status, String reason, long notBeforeMillis, String warcFile,
                                   long warcEnd, boolean countAttempt) {
        outcome(item, QUEUED, countAttempt, status, reason, notBeforeMillis, warcFile, warcEnd);
    }

    @Override
    public synchronized void fail(FrontierItem item, int status, String reason, String warcFile, long warcEnd) {
        outcome(item, FAILED, true, status, reason, 0, warcFile, warcEnd);
    }

    private void outcome(FrontierItem item, int state, boolean countAttempt, int status, String reason, long notBefore,
                         String warcFile, long warcEnd) {
        int r = tx.call(db -> {
            if (!queue.finish(db, item, state, countAttempt, status, reason, notBefore, null, null)) return -1;
            items.recordWarc(db, warcFile, warcEnd);
            return 0;
        });
        fencing.counted(item, r);
    }

    @Override
    public synchronized void requeue(FrontierItem item, int tier, double value) {
        if (!tx.call(db -> queue.requeue(db, item, tier, value))) {
            fencing.taken("lease " + item.lease() + " of " + item.key() + " is no longer held; not requeued");
        }
    }

    @Override
    public synchronized int retier(Collection<String> kinds, int fromTier, int toTier, double value) {
        if (kinds.isEmpty()) return 0;
        return tx.call(db -> items.retier(db, kinds, fromTier, toTier, value));
    }

    @Override
    public synchronized int requeueForRevisit(Collection<String> kinds) {
        if (kinds.isEmpty()) return 0;
        for (String k : kinds) {
            if (!k.matches("[A-Za-z0-9_-]+")) throw new IllegalArgumentException("bad kind " + k);
        }
        return tx.call(db -> items.forRevisit(db, kinds));
    }

    @Override
    public synchronized Optional<String> url(long id) {
        return tx.call(db -> items.url(db, id));
    }

    /** Returns this worker's leases to the queue (the others' stay theirs); returns how many. */
    @Override
    public synchronized int releaseLeased() {
        return tx.call(queue::releaseMine);
    }

    @Override
    public synchronized int requeueFailed() {
        return tx.call(items::requeueFailed);
    }

    @Override
    public synchronized void lessons(Consumer<String> each) {
        tx.call(lessons::all).forEach(each);
        lessons.advance();
    }

    @Override
    public synchronized void lessonsFromOthers(Consumer<String> each) {
        tx.call(lessons::fromOthers).forEach(each);
        lessons.advance();
    }

    @Override
    public synchronized void warcOpened(String warcFile, long end) {
        tx.call(db -> {
            items.recordWarc(db, warcFile, end);
            return null;
        });
    }

    /** This worker's WARC files and how far each is committed. */
    @Override
    public synchronized Map<String, Long> committedWarcEnds() {
        return tx.call(items::committedWarcEnds);
    }

    @Override
    public synchronized Optional<Long> nextDue() {
        return tx.call(queue::nextDue);
    }

    @Override
    public synchronized FrontierStats stats() {
        return FrontierCounts.sum(statsByKind().values());
    }

    @Override
    public synchronized Map<String, FrontierStats> statsByKind() {
        return tx.call(items::byKind);
    }

    @Override
    public synchronized int countKnown(Collection<String> keys) {
        if (keys.isEmpty()) return 0;
        return tx.call(db -> items.countKnown(db, keys));
    }

    @Override
    public synchronized Map<Integer, Map<String, FrontierStats>> statsByTierAndKind() {
        return tx.call(items::byTierAndKind);
    }

    @Override
    public synchronized void putMeta(String key, String value) {
        tx.call(db -> {
            items.putMeta(db, key, value);
            return null;
        });
    }

    @Override
    public synchronized Optional<String> getMeta(String key) {
        return tx.call(db -> items.getMeta(db, key));
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        synchronized (this) {
            if (closed) return;
            closed = true;
            try {
                tx.call(db -> {
                    PgWorkers.heartbeat(db, worker, fencing.outcomes(), 0, true);
                    return null;
                });
            } catch (RuntimeException e) {
                log.accept("could not mark worker " + worker + " stopped: " + e.getMessage());
            } finally {
                tx.close();
            }
        }
    }
}
