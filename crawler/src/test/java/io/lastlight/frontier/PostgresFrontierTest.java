package io.lastlight.frontier;

import io.lastlight.core.UserException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.lastlight.frontier.FrontierContract.keys;
import static io.lastlight.frontier.FrontierContract.req;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only a frontier shared by several workers has to do: fencing, expiry, worker identity, concurrent claims. */
class PostgresFrontierTest {
    private String url;

    @BeforeEach
    void database() {
        url = PgTestSupport.freshUrl();
    }

    private PostgresFrontier worker(String name, Duration ttl) {
        return new PostgresFrontier(PgTestSupport.target(url), name, Frontier.Order.FIFO, ttl, m -> { });
    }

    private void expireLeasesOf(String worker) throws Exception {
        try (Connection c = PgTestSupport.admin(url); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE items SET lease_expires = now() - interval '1 second' WHERE lease_owner = '" + worker + "'");
        }
    }

    /** How long the database has been up (leases are not reclaimed within a time-to-live of its start). */
    private Duration databaseUp() throws Exception {
        try (Connection c = PgTestSupport.admin(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT extract(epoch FROM now() - pg_postmaster_start_time())")) {
            rs.next();
            return Duration.ofMillis((long) (rs.getDouble(1) * 1000));
        }
    }

    /** Waits until the database has been up for {@code ttl}, so an expired lease can be reclaimed. */
    private void awaitDatabaseUpFor(Duration ttl) throws Exception {
        Duration wait = ttl.minus(databaseUp());
        if (!wait.isNegative()) Thread.sleep(wait.toMillis() + 100);
    }

    /** The items table grouped by tier, kind and state: what the counts kept by triggers must say. */
    private java.util.Map<Integer, java.util.Map<String, FrontierStats>> scanned() throws Exception {
        try (Connection c = PgTestSupport.admin(url)) {
            return scanned(c);
        }
    }

    private static java.util.Map<Integer, java.util.Map<String, FrontierStats>> scanned(Connection c) throws Exception {
        java.util.Map<Integer, java.util.Map<String, long[]>> acc = new java.util.TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tier, kind, state, count(*) FROM items GROUP BY tier, kind, state")) {
            while (rs.next()) {
                acc.computeIfAbsent(rs.getInt(1), t -> new java.util.TreeMap<>())
                        .computeIfAbsent(rs.getString(2), k -> new long[ItemState.COUNT])[rs.getInt(3)] = rs.getLong(4);
            }
        }
        java.util.Map<Integer, java.util.Map<String, FrontierStats>> out = new java.util.TreeMap<>();
        acc.forEach((t, kinds) -> {
            java.util.Map<String, FrontierStats> m = new java.util.TreeMap<>();
            kinds.forEach((k, a) -> m.put(k, ItemState.stats(a)));
            out.put(t, m);
        });
        return out;
    }

    private static long deltaRows(Connection c) throws Exception {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM item_count_deltas")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void countsKeptByTriggersEqualAScanOfTheItemsAcrossTwoWorkersAndEveryKindOfChange() throws Exception {
        java.util.Random rnd = new java.util.Random(11);
        String[] kinds = {"profile", "followers", "posts", "media"};
        try (PostgresFrontier a = worker("a", Duration.ofSeconds(30)); PostgresFrontier b = worker("b", Duration.ofSeconds(30));
             Connection admin = PgTestSupport.admin(url)) {
            List<FrontierItem> heldA = new ArrayList<>(), heldB = new ArrayList<>();
            for (int step = 0; step < 300; step++) {
                boolean useA = rnd.nextBoolean();
                PostgresFrontier w = useA ? a : b;
                List<FrontierItem> held = useA ? heldA : heldB;
                int op = rnd.nextInt(10);
                if (op < 3 || held.isEmpty()) {
                    List<io.lastlight.platform.CrawlRequest> add = new ArrayList<>();
                    for (int i = rnd.nextInt(5); i >= 0; i--) {
                        add.add(new io.lastlight.platform.CrawlRequest(java.net.URI.create("http://h/k" + step + "-" + i),
                                kinds[rnd.nextInt(kinds.length)], "k" + rnd.nextInt(step + 5), 1 + rnd.nextInt(4), rnd.nextDouble()));
                    }
                    w.add(add, null, 0);
                    held.addAll(w.lease(1 + rnd.nextInt(3), 0));
                } else {
                    FrontierItem it = held.remove(rnd.nextInt(held.size()));
                    switch (op) {
                        case 3, 4 -> w.complete(it, 200, "w.warc.gz", step, step + 1, List.of(req("n" + step, 3, 1)));
                        case 5 -> w.retry(it, 503, "HTTP 503", 0, null, 0);
                        case 6 -> w.fail(it, 500, "HTTP 500", null, 0);
                        case 7 -> w.requeue(it, 1 + rnd.nextInt(5), rnd.nextDouble());
                        case 8 -> w.retier(List.of("followers", "media"), 1 + rnd.nextInt(4), 4 + rnd.nextInt(2), 0.5);
                        default -> w.requeueFailed();
                    }
                }
                if (step % 25 == 0) assertEquals(scanned(admin), w.statsByTierAndKind(), "after step " + step);
            }
            assertEquals(scanned(admin), a.statsByTierAndKind());
            assertEquals(scanned(admin), b.statsByTierAndKind());
            // many deltas (as a long crawl appends): a read folds them into one row per group, sums unchanged
            try (Statement s = admin.createStatement()) {
                s.execute("INSERT INTO item_count_deltas SELECT 1, 'media', 0, (-1) ^ g FROM generate_series(1, "
                        + (2 * PgItems.FOLD_AT) + ") g");
            }
            assertTrue(deltaRows(admin) > PgItems.FOLD_AT);
            assertEquals(scanned(admin), a.statsByTierAndKind());
            assertTrue(deltaRows(admin) < PgItems.FOLD_AT, "folded when read: " + deltaRows(admin));
            assertEquals(scanned(admin), b.statsByTierAndKind());
        }
    }

    @Test
    void aCrawlBegunBeforeTheCountsGetsThemFromOneScanAndKeepsThem() throws Exception {
        try (PostgresFrontier a = worker("a", Duration.ofSeconds(30))) {
            a.add(List.of(req("p1", 1, 1), req("p2", 1, 1), req("p3", 2, 1)), null, 0);
            a.complete(a.lease(1, 0).get(0), 200, "a.warc.gz", 0, 1, List.of());
        }
        try (Connection c = PgTestSupport.admin(url); Statement s = c.createStatement()) {
            for (String t : List.of("insert", "update", "delete")) s.execute("DROP TRIGGER items_count_" + t + " ON items");
            s.execute("DROP TABLE item_count_deltas");
            s.execute("INSERT INTO items(key, url, kind, tier, value) VALUES ('old', 'http://h/old', 'k', 2, 1)");
        }
        try (PostgresFrontier a = worker("a", Duration.ofSeconds(30))) {
            assertEquals(scanned(), a.statsByTierAndKind());
            assertEquals(new FrontierStats(3, 0, 1, 0), a.stats());
            a.complete(a.lease(1, 0).get(0), 200, "a.warc.gz", 1, 2, List.of(req("new", 1, 1)));
            assertEquals(scanned(), a.statsByTierAndKind());
        }
        try (PostgresFrontier a = worker("a", Duration.ofSeconds(30))) {
            assertEquals(new FrontierStats(3, 0, 2, 0), a.stats(), "counted once, not again on the next start");
        }
    }

    @Test
    void eachWorkerLearnsTheOtherWorkersLessonsOnceAndNotItsOwn() {
        try (PostgresFrontier a = worker("a", Duration.ofSeconds(30)); PostgresFrontier b = worker("b", Duration.ofSeconds(30))) {
            a.add(List.of(req("p1", 1, 1), req("p2", 1, 1), req("p3", 1, 1), req("p4", 1, 1)), null, 0);
            a.complete(a.lease(1, 0).get(0), 200, "a.warc.gz", 0, 1, List.of(), null, 0, null, "a1");
            List<String> seen = new ArrayList<>();
            b.lessons(seen::add);  // what a worker replays when it starts
            assertEquals(List.of("a1"), seen);
            a.complete(a.lease(1, 0).get(0), 200, "a.warc.gz", 1, 2, List.of(), null, 0, null, "a2");
            b.complete(b.lease(1, 0).get(0), 200, "b.warc.gz", 0, 1, List.of(), null, 0, null, "b1");
            seen.clear();
            b.lessonsFromOthers(seen::add);
            assertEquals(List.of("a2"), seen, "a's new lesson, not b's own nor one it replayed");
            seen.clear();
            b.lessonsFromOthers(seen::add);
            assertEquals(List.of(), seen, "each once");
            a.lessonsFromOthers(seen::add);
            assertEquals(List.of("b1"), seen);
        }
    }

    @Test
    void aStopOneWorkerRaisesReachesTheOthersButNotAWorkerStartedAfterIt() {
        try (PostgresFrontier a = worker("a", Duration.ofSeconds(30)); PostgresFrontier b = worker("b", Duration.ofSeconds(30))) {
            assertTrue(b.stopRaised().isEmpty());
            a.raiseStop("AUTH_EXPIRED", "5 profile requests in a row answered 401");
            assertTrue(a.stopRaised().isEmpty(), "a knows; it stops by itself");
            b.lease(1, 0);  // what a worker does every turn; the heartbeat looks too
            StopSignal seen = b.stopRaised().orElseThrow();
            assertEquals(new StopSignal("AUTH_EXPIRED", "a", "5 profile requests in a row answered 401"), seen);
            try (PostgresFrontier c = worker("c", Duration.ofSeconds(30))) {
                c.lease(1, 0);
                assertTrue(c.stopRaised().isEmpty(), "a worker started after the stop (fresh cookies) carries on");
            }
        }
    }

    @Test
    void anOutcomeUnderALeaseThatWasTakenOverChangesNothing() throws Exception {
        try (PostgresFrontier a = worker("a", Duration.ofSeconds(30)); PostgresFrontier b = worker("b", Duration.ofSeconds(30))) {
            a.add(List.of(req("x", 1, 1)), null, 0);
            FrontierItem mine = a.lease(1, 0).get(0);
            assertTrue(b.lease(1, 0).isEmpty(), "a holds it");
            expireLeasesOf("a");  // a stalled past its lease (no heartbeat)
            awaitDatabaseUpFor(Duration.ofSeconds(30));
            FrontierItem theirs = b.lease(1, 0).get(0);
            assertEquals(mine.id(), theirs.id());
            assertTrue(theirs.lease() > mine.lease(), "a new lease number fences the old one out");

            assertEquals(0, a.complete(mine, 200, "a.warc.gz", 0, 500, List.of(req("found-by-a", 1, 1)), "sha1:A", 1, "<urn:a>", "a-lesson"));
            a.fail(mine, 500, "HTTP 500", "a.warc.gz", 600);
            a.requeue(mine, 9, 9);
            assertEquals(3, a.fencedOutcomes());
            assertEquals(new FrontierStats(0, 1, 0, 0), a.stats(), "still b's, nothing discovered");
            assertEquals(0, a.countKnown(List.of("found-by-a")));
            assertTrue(a.committedWarcEnds().isEmpty(), "the fenced transaction wrote no WARC end either");
            assertEquals(List.of(), FrontierContract.lessons(a));

            assertEquals(1, b.complete(theirs, 200, "b.warc.gz", 0, 700, List.of(req("found-by-b", 1, 1))));
            assertEquals(new FrontierStats(1, 0, 1, 0), b.stats());
            assertEquals(0, b.fencedOutcomes());
            assertEquals(java.util.Map.of("b.warc.gz", 700L), b.committedWarcEnds());
        }
    }

    @Test
    void noLeaseIsReclaimedWithinItsOwnersTimeToLiveOfTheDatabaseStarting() throws Exception {
        // a's time-to-live is longer than the database has been up: as for workers just after it came back from an
        // outage, when every lease looks expired although its worker was only waiting for the database.
        Duration longTtl = databaseUp().plus(Duration.ofHours(1));
        try (PostgresFrontier a = worker("a", longTtl); PostgresFrontier b = worker("b", Duration.ofSeconds(1))) {
            a.add(List.of(req("x", 1, 1), req("y", 1, 1)), null, 0);
            FrontierItem mine = a.lease(1, 0).get(0);
            PostgresFrontier d = worker("d", Duration.ofSeconds(1));
            assertEquals(List.of("y"), keys(d.lease(1, 0)));
            d.close();  // d dies holding y (no more heartbeats)
            expireLeasesOf("a");
            expireLeasesOf("d");
            awaitDatabaseUpFor(Duration.ofSeconds(1));
            assertEquals(List.of("y"), keys(b.lease(2, 0)),
                    "d's lease is taken over (the database is older than d's time-to-live), a's is not");
            assertTrue(a.holdLease(mine), "a keeps x and can still write its capture");
        }
    }

    @Test
    void aWorkerHoldsItsLeaseRightBeforeWritingAndLearnsWhenItWasTakenOver() throws Exception {
        awaitDatabaseUpFor(Duration.ofSeconds(30));
        try (PostgresFrontier a = worker("a", Duration.ofSeconds(30)); PostgresFrontier b = worker("b", Duration.ofSeconds(30))) {
            a.add(List.of(req("x", 1, 1)), null, 0);
            FrontierItem mine = a.lease(1, 0).get(0);
            expireLeasesOf("a");
            assertTrue(a.holdLease(mine), "expired but not taken over: still a's, renewed");
            assertTrue(b.lease(1, 0).isEmpty(), "the renewal keeps it a's");
            expireLeasesOf("a");  // a stalls past its lease
            FrontierItem theirs = b.lease(1, 0).get(0);
            assertEquals(mine.id(), theirs.id());
            assertFalse(a.holdLease(mine), "taken over: a must drop its fetch");
            assertTrue(b.holdLease(theirs));
            assertEquals(1, a.fencedOutcomes());
        }
    }

    @Test
    void twoNamesWhose32BitHashesCollideAreTwoLiveWorkers() throws Exception {
        try (Connection c = PgTestSupport.admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT hashtext('w75935') = hashtext('w193969')")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "the pair the shared-crawl review found (exp8)");
        }
        try (PostgresFrontier a = worker("w75935", Duration.ofSeconds(30)); PostgresFrontier b = worker("w193969", Duration.ofSeconds(30))) {
            List<WorkerStatus> ws = a.workers();
            assertEquals(List.of("w193969", "w75935"), ws.stream().map(WorkerStatus::name).toList());
            assertTrue(ws.stream().allMatch(WorkerStatus::alive), ws.toString());
            assertThrows(UserException.class, () -> worker("w75935", Duration.ofSeconds(30)), "the name itself is still held");
        }
    }

    @Test
    void oneNameInTwoCrawlsOfOneDatabaseIsTwoWorkers() throws Exception {
        String other = PgTestSupport.freshUrl();
        try (PostgresFrontier here = worker("w", Duration.ofSeconds(30));
             PostgresFrontier there = new PostgresFrontier(PgTestSupport.target(other), "w", Frontier.Order.FIFO,
                     Duration.ofSeconds(30), m -> { })) {
            assertTrue(here.workers().get(0).alive());
            assertTrue(there.workers().get(0).alive());
        }
    }

    @Test
    void aWorkerNameIsHeldWhileItsProcessLivesAndARestartTakesItsLeasesBackAtOnce() throws Exception {
        PostgresFrontier first = worker("w", Duration.ofMinutes(10));
        first.add(List.of(req("a", 1, 1), req("b", 1, 1), req("c", 1, 1)), null, 0);
        assertEquals(2, first.lease(2, 0).size());
        UserException busy = assertThrows(UserException.class, () -> worker("w", Duration.ofMinutes(10)));
        assertTrue(busy.getMessage().contains("already running"), busy.getMessage());
        try (PostgresFrontier other = worker("other", Duration.ofMinutes(10))) {
            assertEquals(List.of("c"), keys(other.lease(10, 0)), "a and b are w's for ten minutes");
            first.close();  // the process dies without releasing anything
            assertEquals(2, other.workers().size());
            for (int i = 0; i < 50 && other.workers().get(1).alive(); i++) Thread.sleep(100);  // the server reaps the session
            assertFalse(other.workers().get(1).alive(), "w's session is gone");
            assertEquals(2, other.workers().get(1).leases());
            assertTrue(other.workers().get(0).alive());
            try (PostgresFrontier again = worker("w", Duration.ofMinutes(10))) {
                assertEquals(2, again.releaseLeased(), "its own leases come back at once, not after ten minutes");
                assertEquals(List.of("a", "b"), keys(again.lease(10, 0)));
                assertEquals(1, other.releaseLeased(), "releasing is per worker: c only");
            }
        }
    }

    @Test
    void aWorkerWaitsWhileOthersHoldLeasesAndEndsWhenNothingIsQueuedOrLeased() throws Exception {
        try (PostgresFrontier a = worker("a", Duration.ofSeconds(30)); PostgresFrontier b = worker("b", Duration.ofSeconds(30))) {
            a.add(List.of(req("x", 1, 1)), null, 0);
            FrontierItem x = a.lease(1, 0).get(0);
            assertTrue(b.lease(10, 0).isEmpty());
            assertTrue(b.nextDue().isPresent(), "a may still discover more: b must not end the crawl");
            a.complete(x, 200, "w", 0, 1, List.of(req("y", 1, 1)));
            assertEquals(List.of("y"), keys(b.lease(10, 0)));
            assertTrue(a.nextDue().isPresent());
            b.complete(b.lease(0, 0).isEmpty() ? reLease(b) : null, 200, "w", 0, 1, List.of());
            assertTrue(a.nextDue().isEmpty());
            assertTrue(b.nextDue().isEmpty());
        }
    }

    private static FrontierItem reLease(PostgresFrontier f) {
        f.releaseLeased();
        return f.lease(1, 0).get(0);
    }

    @Test
    void leasesExpireOnTheDatabaseClockUnlessTheHeartbeatRenewsThem() throws Exception {
        try (PostgresFrontier a = worker("a", Duration.ofMillis(900)); PostgresFrontier b = worker("b", Duration.ofMillis(900))) {
            a.add(List.of(req("x", 1, 1)), null, 0);
            FrontierItem x = a.lease(1, 0).get(0);
            Thread.sleep(2_500);  // the heartbeat (every 300 ms) keeps a's lease alive
            assertTrue(b.lease(1, 0).isEmpty());
            try (Connection c = PgTestSupport.admin(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT lease_expires > now() FROM items")) {
                rs.next();
                assertTrue(rs.getBoolean(1));
            }
            a.close();  // no more heartbeats: as after kill -9
            Thread.sleep(1_200);
            assertEquals(List.of("x"), keys(b.lease(1, 0)));
            assertEquals(x.id(), b.stats().leased() == 1 ? x.id() : -1);
        }
    }

    @Test
    void fourWorkersClaimingTogetherLeaseEachItemExactlyOnce() throws Exception {
        List<PostgresFrontier> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) workers.add(worker("w" + i, Duration.ofSeconds(60)));
        try {
            List<io.lastlight.platform.CrawlRequest> all = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) all.add(req("k" + i, 1 + i % 3, i % 7));
            workers.get(0).add(all, null, 0);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<String>>> got = new ArrayList<>();
            for (PostgresFrontier w : workers) {
                got.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    List<FrontierItem> batch;
                    while (!(batch = w.lease(16, 0)).isEmpty()) {
                        for (FrontierItem it : batch) {
                            mine.add(it.key());
                            // discovery overlapping with the other workers' (same keys, any order): no deadlock
                            w.complete(it, 200, "w.warc.gz", 0, 1, List.of(req("d" + (it.id() % 50), 4, 0), req("d" + (it.id() % 37), 4, 0)));
                        }
                    }
                    return mine;
                }));
            }
            List<String> leased = new ArrayList<>();
            for (Future<List<String>> f : got) {
                List<String> one = f.get();
                assertFalse(one.isEmpty(), "every worker got work");
                leased.addAll(one);
            }
            pool.shutdown();
            Set<String> distinct = new HashSet<>(leased);
            assertEquals(leased.size(), distinct.size(), "no item was leased twice: " + (leased.size() - distinct.size()));
            assertEquals(2_050, distinct.size(), "all 2,000 seeds and the 50 discovered");
            assertEquals(new FrontierStats(0, 0, 2_050, 0), workers.get(0).stats());
            assertEquals(Collections.emptyList(), keys(workers.get(1).lease(10, 0)));
        } finally {
            for (PostgresFrontier w : workers) w.close();
        }
    }
}
