package io.lastlight.frontier;

import io.lastlight.platform.CrawlRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteFrontierTest {
    @TempDir
    Path dir;

    static CrawlRequest req(String key, int tier, double value) {
        return req(key, "k", tier, value);
    }

    static CrawlRequest req(String key, String kind, int tier, double value) {
        return new CrawlRequest(URI.create("http://h/" + key), kind, key, tier, value);
    }

    static List<String> lessons(Frontier f) {
        List<String> out = new ArrayList<>();
        f.lessons(out::add);
        return out;
    }

    @Test
    void deduplicatesLeasesByTierAndValueAndSurvivesReopen() {
        Path db = dir.resolve("f.db");
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.TIERED)) {
            assertEquals(3, f.add(List.of(req("a", 2, 1), req("b", 1, 5), req("c", 1, 9)), null, 0));
            assertEquals(0, f.add(List.of(req("a", 1, 100)), null, 0));
            List<FrontierItem> leased = f.lease(2, 0);
            assertEquals(List.of("c", "b"), leased.stream().map(FrontierItem::key).toList());
            f.complete(leased.get(0), 200, "w.warc.gz", 10, 100, List.of(req("d", 1, 1)));
        }
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.TIERED)) {
            assertEquals(1, f.releaseLeased(), "b was in flight when the process went away");
            assertEquals(100L, f.committedWarcEnds().get("w.warc.gz"));
            List<FrontierItem> leased = f.lease(10, 0);
            assertEquals(List.of("b", "d", "a"), leased.stream().map(FrontierItem::key).toList());
            assertEquals(1, leased.get(1).hop());
        }
    }

    @Test
    void whatItRemembersOfKeysAndParentsAgreesWithTheDatabaseAndALeaseGoesWithTheOutcomes() throws Exception {
        Path db = dir.resolve("f.db");
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.FIFO)) {
            f.add(List.of(req("a", 1, 0)), null, 0);
            FrontierItem a = f.lease(1, 0).get(0);
            assertEquals(2, f.complete(a, 200, "w.warc.gz", 0, 10, List.of(req("b", 1, 0), req("c", 1, 0), req("b", 1, 0))));
            assertEquals(0, f.complete(a, 200, "w.warc.gz", 0, 10, List.of(req("c", 1, 0))), "keys already held add nothing");
            assertEquals(2, f.countKnown(List.of("b", "c", "x", "b")));
            List<FrontierItem> children = f.lease(10, 0);
            assertEquals(List.of("b", "c"), children.stream().map(FrontierItem::key).toList());
            // A lease is committed with the outcomes that follow it: killed before them, its items are still queued.
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement st = other.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM items WHERE state = " + ItemState.LEASED)) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
            for (FrontierItem c : children) assertEquals("http://h/a", f.url(c.parent()).orElseThrow());
            assertEquals("http://h/b", f.url(children.get(0).id()).orElseThrow(), "an id not leased is looked up");
            assertTrue(f.url(999).isEmpty());
        }
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.FIFO)) {
            assertEquals(3, f.stats().done() + f.stats().queued() + f.stats().leased());
            assertEquals(0, f.add(List.of(req("b", 1, 0), req("c", 1, 0)), null, 0), "a new process asks the database");
        }
    }

    @Test
    void aRolledBackOutcomeTakesTheKeysItInsertedOutOfWhatTheFrontierRemembers() throws Exception {
        Path db = dir.resolve("f.db");
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.FIFO)) {
            f.add(List.of(req("a", 1, 0)), null, 0);
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = other.createStatement()) {
                st.execute("CREATE TRIGGER boom BEFORE UPDATE OF state ON items WHEN NEW.key = 'a' AND NEW.state = "
                        + ItemState.DONE + " BEGIN SELECT RAISE(ABORT, 'disk full'); END");
            }
            FrontierItem a = f.lease(1, 0).get(0);
            // The outcome inserts k, then fails marking a done: the whole transaction goes, k with it.
            assertThrows(IllegalStateException.class, () -> f.complete(a, 200, "w.warc.gz", 0, 10, List.of(req("k", 1, 0))));
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = other.createStatement()) {
                st.execute("DROP TRIGGER boom");
            }
            assertEquals(0, f.countKnown(List.of("k")));
            assertEquals(1, f.add(List.of(req("k", 1, 0)), null, 0), "k must be inserted again, not taken as known");
        }
    }

    @Test
    void retriesWaitUntilDueAndFailuresCanBeRequeued() {
        try (SqliteFrontier f = new SqliteFrontier(dir.resolve("f.db"), Frontier.Order.FIFO)) {
            f.add(List.of(req("a", 1, 1), req("b", 1, 1)), null, 0);
            List<FrontierItem> l = f.lease(2, 0);
            f.retry(l.get(0), 503, "HTTP 503", 5_000, null, 0);
            f.fail(l.get(1), 500, "HTTP 500", null, 0);
            assertTrue(f.lease(10, 4_999).isEmpty());
            assertEquals(5_000L, f.nextDue().orElseThrow());
            FrontierItem again = f.lease(10, 5_000).get(0);
            assertEquals(1, again.attempts());
            assertEquals(1, f.stats().failed());
            assertEquals(1, f.requeueFailed());
        }
    }

    @Test
    void lessonsReplayInCommitOrderAcrossReopenAndARevisitStartsThemAfresh() {
        Path db = dir.resolve("f.db");
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.FIFO)) {
            f.add(List.of(req("a", "posts", 1, 1), req("b", "posts", 1, 1), req("c", "media", 1, 1)), null, 0);
            List<FrontierItem> l = f.lease(3, 0);
            f.complete(l.get(1), 200, "w", 0, 10, List.of(), "sha1:B", 5, "<urn:b>", "first");
            f.complete(l.get(0), 200, "w", 10, 20, List.of(), null, 0, null, "second");
            f.complete(l.get(2), 200, "w", 20, 30, List.of());
        }
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.FIFO)) {
            assertEquals(List.of("first", "second"), lessons(f));
            assertThrows(IllegalArgumentException.class, () -> f.requeueForRevisit(List.of("posts') OR ('1'='1")));
            assertEquals(0, f.stats().queued(), "a rejected kind changes nothing");
            assertEquals(2, f.requeueForRevisit(List.of("posts")), "media is not revisited");
            assertEquals(List.of(), lessons(f), "a revisit pass learns from nothing");
            List<FrontierItem> again = f.lease(10, 0);
            assertEquals(List.of("a", "b"), again.stream().map(FrontierItem::key).toList());
            assertEquals(0, again.get(0).attempts());
            assertNull(again.get(0).lastPayloadDigest());
            assertEquals("sha1:B", again.get(1).lastPayloadDigest());
            assertEquals(5, again.get(1).lastCaptureMillis());
            assertEquals("<urn:b>", again.get(1).lastRecordId());
            f.complete(again.get(1), 200, "w", 30, 40, List.of(), null, 0, null, "third");
            f.complete(again.get(0), 200, "w", 40, 50, List.of(), null, 0, null, "fourth");
            assertEquals(List.of("third", "fourth"), lessons(f));
            assertEquals(0, f.requeueForRevisit(List.of()));
        }
    }

    @Test
    void retierMovesOnlyQueuedItemsOfTheKindsAndRequeueOnlyALeasedOne() {
        try (SqliteFrontier f = new SqliteFrontier(dir.resolve("f.db"), Frontier.Order.TIERED)) {
            f.add(List.of(req("p", "profile", 1, 9), req("f1", "followers", 1, 5), req("f2", "followers", 1, 4),
                    req("g", "following", 2, 3), req("x", "posts", 3, 1)), null, 0);
            FrontierItem profile = f.lease(1, 0).get(0);
            FrontierItem f1 = f.lease(1, 0).get(0);
            assertEquals("f1", f1.key());
            assertEquals(1, f.retier(List.of("followers", "following"), 1, 4, 0.5), "f2 only: f1 is leased, g is tier 2");
            assertEquals(0, f.retier(List.of(), 1, 4, 0));
            f.requeue(f1, 4, 0.7);
            f.requeue(f1, 1, 100);  // no longer leased: nothing happens
            Map<Integer, FrontierStats> tiers = f.statsByTier();
            assertEquals(new FrontierStats(0, 1, 0, 0), tiers.get(1), "the profile, still leased");
            assertEquals(new FrontierStats(2, 0, 0, 0), tiers.get(4));
            assertEquals(List.of("g", "x", "f1", "f2"), f.lease(10, 0).stream().map(FrontierItem::key).toList());
            assertEquals(new FrontierStats(0, 5, 0, 0), f.stats());
            assertEquals(2, f.countKnown(List.of("p", "f1", "f1", "nope")));
            assertEquals("http://h/p", f.url(profile.id()).orElseThrow());
        }
    }

    /** The frontier's counts, then (its deferred outcomes committed by that read) the items table grouped. */
    @Test
    void hostPausesSurviveReopenTheLaterHoldsAndAnOlderFrontierGainsTheTable() throws Exception {
        Path db = dir.resolve("p.db");
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.FIFO)) {
            f.add(List.of(req("a", 0, 1)), null, 0);
        }
        // A frontier written before hosts' pauses were kept has no such table.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DROP TABLE host_pauses");
        }
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.FIFO)) {
            assertEquals(Map.of(), f.hostPauses());
            f.pauseHost("h", 5_000, "retry-after");
            f.pauseHost("h", 4_000, "backoff-429");   // shorter: the longer pause holds
            f.pauseHost("g", 1_000, "quota-reset");
        }
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.FIFO)) {
            assertEquals(Map.of("h", new HostPause(5_000, "retry-after"), "g", new HostPause(1_000, "quota-reset")), f.hostPauses());
            f.pauseHost("h", 9_000, "quota-reset");
            assertEquals(new HostPause(9_000, "quota-reset"), f.hostPauses().get("h"));
            assertEquals(1, f.stats().queued(), "the items are as they were");
        }
    }

    static void assertCountsMatchAScan(SqliteFrontier f, Path db, String message) throws Exception {
        Map<Integer, Map<String, FrontierStats>> kept = f.statsByTierAndKind();
        assertEquals(scanned(db), kept, message);
    }

    /** What the counts table must say: the items table grouped, as the counts were read before it existed. */
    static Map<Integer, Map<String, FrontierStats>> scanned(Path db) throws Exception {
        Map<Integer, Map<String, long[]>> acc = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT tier, kind, state, count(*) FROM items GROUP BY tier, kind, state")) {
            while (rs.next()) {
                acc.computeIfAbsent(rs.getInt(1), t -> new java.util.TreeMap<>())
                        .computeIfAbsent(rs.getString(2), k -> new long[ItemState.COUNT])[rs.getInt(3)] = rs.getLong(4);
            }
        }
        Map<Integer, Map<String, FrontierStats>> out = new java.util.TreeMap<>();
        acc.forEach((t, kinds) -> {
            Map<String, FrontierStats> m = new java.util.TreeMap<>();
            kinds.forEach((k, a) -> m.put(k, ItemState.stats(a)));
            out.put(t, m);
        });
        return out;
    }

    @Test
    void countsKeptByTheTriggersEqualAScanOfTheItemsThroughEveryKindOfChange() throws Exception {
        Path db = dir.resolve("f.db");
        java.util.Random rnd = new java.util.Random(7);
        String[] kinds = {"profile", "followers", "posts", "media"};
        int nextKey = 0;
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.TIERED)) {
            List<FrontierItem> held = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                int op = rnd.nextInt(10);
                if (op < 3 || held.isEmpty()) {
                    List<CrawlRequest> add = new ArrayList<>();
                    for (int i = rnd.nextInt(6); i >= 0; i--) {
                        // keys repeat: most adds of a known key change nothing
                        add.add(req("k" + rnd.nextInt(nextKey + 3), kinds[rnd.nextInt(kinds.length)], 1 + rnd.nextInt(4), rnd.nextDouble()));
                    }
                    nextKey += 2;
                    f.add(add, null, 0);
                    held.addAll(f.lease(1 + rnd.nextInt(4), step));
                } else {
                    FrontierItem it = held.remove(rnd.nextInt(held.size()));
                    switch (op) {
                        case 3, 4 -> f.complete(it, 200, "w", step, step + 1, List.of(req("n" + step, "posts", 3, 1)));
                        case 5 -> f.retry(it, 503, "HTTP 503", step + 2, null, 0);
                        case 6 -> f.fail(it, 500, "HTTP 500", null, 0);
                        case 7 -> f.requeue(it, 1 + rnd.nextInt(5), rnd.nextDouble());
                        case 8 -> f.retier(List.of("followers", "media"), 1 + rnd.nextInt(4), 4 + rnd.nextInt(2), 0.5);
                        default -> {
                            f.requeueFailed();
                            f.releaseLeased();
                            held.clear();
                        }
                    }
                }
                if (step % 25 == 0) assertCountsMatchAScan(f, db, "after step " + step);
            }
            assertCountsMatchAScan(f, db, "at the end");
            f.requeueForRevisit(List.of("posts"));
            assertCountsMatchAScan(f, db, "after a revisit pass");
            Map<String, FrontierStats> byKind = new java.util.TreeMap<>();
            scanned(db).values().forEach(m -> m.forEach((k, st) -> byKind.merge(k, st, (a, b) -> FrontierCounts.sum(List.of(a, b)))));
            assertEquals(byKind, new java.util.TreeMap<>(f.statsByKind()));
        }
    }

    @Test
    void aLargerCacheAndWalKeepCommitsThroughAKillAndEachWarcFileSyncsThem() throws Exception {
        Path db = dir.resolve("f.db");
        try (Connection c = FrontierSchema.open(db); Statement s = c.createStatement()) {
            try (java.sql.ResultSet rs = s.executeQuery("PRAGMA cache_size")) {
                assertEquals(-FrontierSchema.CACHE_KIB, rs.getInt(1));
            }
            try (java.sql.ResultSet rs = s.executeQuery("PRAGMA wal_autocheckpoint")) {
                assertEquals(FrontierSchema.CHECKPOINT_PAGES, rs.getInt(1));
            }
        }
        Path copy = dir.resolve("killed.db");
        Path bare = dir.resolve("bare.db");
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.FIFO)) {
            List<CrawlRequest> reqs = new ArrayList<>();
            for (int i = 0; i < 300; i++) reqs.add(req("k" + i, "posts", 1, 1));
            f.add(reqs, null, 0);
            for (int i = 0; i < 200; i++) f.complete(f.lease(1, 0).get(0), 200, "w", i * 10L, i * 10L + 10, List.of());
            f.add(List.of(req("last", "posts", 1, 1)), null, 0); // committed now, with the outcomes before it
            // what a process killed here leaves: the database file and a WAL no checkpoint has copied in yet
            Path wal = dir.resolve("f.db-wal");
            assertTrue(Files.size(wal) > 0, "the commits are in the WAL");
            Files.copy(db, copy);
            Files.copy(wal, dir.resolve("killed.db-wal"));
        }
        try (SqliteFrontier f = new SqliteFrontier(copy, Frontier.Order.FIFO)) {
            assertEquals(new FrontierStats(101, 0, 200, 0), f.stats());
            assertEquals(Map.of("w", 2000L), f.committedWarcEnds());
            // a WARC file's ledger row, and every outcome before it, reach the database file itself (synced), not
            // only the WAL: what a power cut leaves is the database file without the WAL's unsynced tail
            f.complete(f.lease(1, 0).get(0), 200, "w", 2000, 2010, List.of());
            f.warcOpened("w2", 500);
            Files.copy(copy, bare); // while open: the WAL is not checkpointed by a close
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + bare); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM items WHERE state = " + ItemState.DONE + "),"
                     + " (SELECT group_concat(name || '=' || committed_end) FROM (SELECT * FROM warc_files ORDER BY name))")) {
            assertEquals(201, rs.getInt(1));
            assertEquals("w=2010,w2=500", rs.getString(2));
        }
    }

    @Test
    void aFrontierFromBeforeTheCountsTableGetsItFilledOnceAndKeptAfter() throws Exception {
        Path db = dir.resolve("f.db");
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.FIFO)) {
            f.add(List.of(req("a", "posts", 1, 1), req("b", "posts", 1, 1), req("c", "media", 2, 1)), null, 0);
            f.complete(f.lease(1, 0).get(0), 200, "w", 0, 10, List.of());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String t : List.of("insert", "update", "delete")) s.execute("DROP TRIGGER item_counts_" + t);
            s.execute("DROP TABLE item_counts");
            s.execute("INSERT INTO items(key, url, kind, tier, value) VALUES ('d', 'http://h/d', 'media', 2, 1)");
        }
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.FIFO)) {
            assertCountsMatchAScan(f, db, "filled from the items");
            assertEquals(new FrontierStats(3, 0, 1, 0), f.stats());
            f.complete(f.lease(1, 0).get(0), 200, "w", 10, 20, List.of(req("e", "posts", 1, 1)));
            assertCountsMatchAScan(f, db, "kept by the triggers after");
        }
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.FIFO)) {
            assertEquals(new FrontierStats(3, 0, 2, 0), f.stats(), "filled once: not counted again on the next open");
        }
    }

    @Test
    void opensAFrontierWrittenBeforeTheRevisitAndLessonColumnsExisted() throws Exception {
        Path db = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
                    + " url TEXT NOT NULL, kind TEXT NOT NULL, tier INTEGER NOT NULL, value REAL NOT NULL,"
                    + " state INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,"
                    + " not_before INTEGER NOT NULL DEFAULT 0, last_status INTEGER, reason TEXT,"
                    + " parent INTEGER, hop INTEGER NOT NULL DEFAULT 0, warc_file TEXT, warc_offset INTEGER)");
            s.execute("INSERT INTO items(key, url, kind, tier, value, state) VALUES ('old', 'http://h/old', 'posts', 2, 1, 1)");
        }
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.TIERED)) {
            assertEquals(1, f.releaseLeased());
            FrontierItem old = f.lease(1, 0).get(0);
            assertEquals("old", old.key());
            assertNull(old.lastPayloadDigest());
            f.complete(old, 200, "w", 0, 10, List.of(), "sha1:X", 7, "<urn:x>", "lesson");
            f.putMeta("base", "http://h");
            assertEquals(Map.of("w", 10L), f.committedWarcEnds());
        }
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.TIERED)) {
            assertEquals(List.of("lesson"), lessons(f));
            assertEquals("http://h", f.getMeta("base").orElseThrow());
            assertTrue(f.getMeta("nope").isEmpty());
            assertEquals(1, f.statsByKind().get("posts").done());
        }
    }
    /** Names of the indexes on items (not the UNIQUE key's automatic one). */
    private static List<String> indexes(Path db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'"
                     + " AND tbl_name = 'items' AND sql IS NOT NULL ORDER BY name")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** The plan SQLite picks for a statement, its detail lines joined. */
    private static String plan(Path db, String sql) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rs.next()) b.append(rs.getString("detail")).append('\n');
        }
        return b.toString();
    }

    @Test
    void aFrontierWithTheOldWholeTableStateIndexesGetsThePartialOnesAndKeepsItsOrder() throws Exception {
        Path db = dir.resolve("f.db");
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.TIERED)) {
            f.add(List.of(req("a", 2, 1), req("b", 1, 5), req("c", 1, 9), req("d", 1, 7)), null, 0);
            f.complete(f.lease(1, 0).get(0), 200, "w", 0, 10, List.of());
            f.lease(1, 0);   // d stays leased, as after a crash
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String i : indexes(db)) s.execute("DROP INDEX " + i);
            // the indexes of frontiers written before the partial ones (sessions 1-17)
            s.execute("CREATE INDEX items_lessons ON items(lesson_seq) WHERE lesson_seq IS NOT NULL");
            s.execute("CREATE INDEX items_tiered ON items(state, tier, value DESC, id)");
            s.execute("CREATE INDEX items_fifo ON items(state, id)");
        }
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.TIERED)) {
            assertEquals(List.of("items_leased", "items_lessons", "items_queued_fifo", "items_queued_tiered"), indexes(db));
            assertEquals(1, f.releaseLeased(), "d was leased when the process went away");
            assertEquals(List.of("d", "b", "a"), f.lease(10, 0).stream().map(FrontierItem::key).toList());
            assertEquals(new FrontierStats(0, 3, 1, 0), f.stats());
        }
        String queued = "i.state = " + ItemState.QUEUED + " AND i.not_before <= 0";
        assertTrue(plan(db, "SELECT i.id FROM items i WHERE " + queued + " ORDER BY i.tier, i.value DESC, i.id LIMIT 5")
                .contains("items_queued_tiered"), "the tiered lease reads the partial index in its order");
        assertTrue(plan(db, "SELECT i.id FROM items i WHERE " + queued + " ORDER BY i.id LIMIT 5")
                .contains("items_queued_fifo"), "the FIFO lease reads the partial index in its order");
        assertTrue(plan(db, "UPDATE items SET state = 0 WHERE state = " + ItemState.LEASED).contains("items_leased"),
                "a resume finds the leased items without a scan");
    }
}
