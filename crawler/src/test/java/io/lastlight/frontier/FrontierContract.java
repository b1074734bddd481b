package io.lastlight.frontier;

import io.lastlight.platform.CrawlRequest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Frontier} does, whatever it is stored in: {@link SqliteFrontierContractTest} and
 * {@link PostgresFrontierContractTest} run these same tests. {@link #open} opens the test's frontier (again,
 * after a close: the same store, as a process restarted with the same --out or --worker would).
 */
abstract class FrontierContract {
    protected abstract Frontier open(Frontier.Order order);

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

    static List<String> keys(List<FrontierItem> items) {
        return items.stream().map(FrontierItem::key).toList();
    }

    /**
     * Crawl-wide signals: a stop is never heeded by the frontier that raised it (its crawler stops by itself),
     * and the plan's expected pages are either kept by the scheduler (a frontier alone) or the sum of what was
     * added with the captures that implied them, reopened or not.
     */
    @Test
    void aRaisedStopIsNotItsOwnAndExpectedPagesAddUp() throws Exception {
        try (Frontier f = open(Frontier.Order.TIERED)) {
            f.raiseStop("AUTH_EXPIRED", "test");
            assertTrue(f.stopRaised().isEmpty());
            f.add(List.of(req("p", 1, 1), req("q", 1, 1)), null, 0);
            List<FrontierItem> leased = f.lease(2, 0);
            f.expectPages("followers", 4, 7);
            f.complete(leased.get(0), 200, "w.warc.gz", 0, 10, List.of());
            f.expectPages("followers", 4, 5);
            f.expectPages("following", 1, 2);
            f.complete(leased.get(1), 200, "w.warc.gz", 10, 20, List.of());
        }
        try (Frontier f = open(Frontier.Order.TIERED)) {
            f.sharedExpectedPages().ifPresent(e -> assertEquals(Map.of("followers", Map.of(4, 12L), "following", Map.of(1, 2L)), e));
            f.sharedThroughput().ifPresent(t -> assertTrue(t >= 0, "throughput " + t));
        }
    }

    @Test
    void deduplicatesLeasesByTierAndValueAndSurvivesReopen() throws Exception {
        try (Frontier f = open(Frontier.Order.TIERED)) {
            assertEquals(3, f.add(List.of(req("a", 2, 1), req("b", 1, 5), req("c", 1, 9)), null, 0));
            assertEquals(0, f.add(List.of(req("a", 1, 100)), null, 0));
            List<FrontierItem> leased = f.lease(2, 0);
            assertEquals(List.of("c", "b"), keys(leased));
            assertEquals(1, f.complete(leased.get(0), 200, "w.warc.gz", 10, 100, List.of(req("d", 1, 1), req("a", 1, 1))),
                    "only d is new: a is known");
        }
        try (Frontier f = open(Frontier.Order.TIERED)) {
            assertEquals(1, f.releaseLeased(), "b was in flight when the process went away");
            assertEquals(100L, f.committedWarcEnds().get("w.warc.gz"));
            List<FrontierItem> leased = f.lease(10, 0);
            assertEquals(List.of("b", "d", "a"), keys(leased));
            assertEquals(1, leased.get(1).hop());
            assertEquals("http://h/c", f.url(leased.get(1).parent()).orElseThrow(), "d was found on c");
            assertEquals(new FrontierStats(0, 3, 1, 0), f.stats());
        }
    }

    @Test
    void retriesWaitUntilDueAndFailuresCanBeRequeued() throws Exception {
        try (Frontier f = open(Frontier.Order.FIFO)) {
            f.add(List.of(req("a", 1, 1), req("b", 1, 1), req("c", 1, 1)), null, 0);
            List<FrontierItem> l = f.lease(3, 0);
            assertEquals(List.of("a", "b", "c"), keys(l), "FIFO: in the order added");
            f.retry(l.get(0), 503, "HTTP 503", 5_000, null, 0);
            f.fail(l.get(1), 500, "HTTP 500", null, 0);
            f.retry(l.get(2), 429, "HTTP 429", 5_000, null, 0, false);
            assertTrue(f.lease(10, 4_999).isEmpty());
            assertEquals(5_000L, f.nextDue().orElseThrow());
            List<FrontierItem> again = f.lease(10, 5_000);
            assertEquals(List.of("a", "c"), keys(again));
            assertEquals(1, again.get(0).attempts());
            assertEquals(0, again.get(1).attempts(), "a 429 is not the item's fault");
            assertEquals(1, f.stats().failed());
            assertEquals(1, f.requeueFailed());
            assertEquals(List.of("b"), keys(f.lease(10, 5_000)));
        }
    }

    @Test
    void lessonsReplayInCommitOrderAcrossReopenAndARevisitStartsThemAfresh() throws Exception {
        try (Frontier f = open(Frontier.Order.FIFO)) {
            f.add(List.of(req("a", "posts", 1, 1), req("b", "posts", 1, 1), req("c", "media", 1, 1)), null, 0);
            List<FrontierItem> l = f.lease(3, 0);
            f.complete(l.get(1), 200, "w", 0, 10, List.of(), "sha1:B", 5, "<urn:b>", "first");
            f.complete(l.get(0), 200, "w", 10, 20, List.of(), null, 0, null, "second");
            f.complete(l.get(2), 200, "w", 20, 30, List.of());
        }
        try (Frontier f = open(Frontier.Order.FIFO)) {
            assertEquals(List.of("first", "second"), lessons(f));
            assertThrows(IllegalArgumentException.class, () -> f.requeueForRevisit(List.of("posts') OR ('1'='1")));
            assertEquals(0, f.stats().queued(), "a rejected kind changes nothing");
            assertEquals(2, f.requeueForRevisit(List.of("posts")), "media is not revisited");
            assertEquals(List.of(), lessons(f), "a revisit pass learns from nothing");
            List<FrontierItem> again = f.lease(10, 0);
            assertEquals(List.of("a", "b"), keys(again));
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
    void retierMovesOnlyQueuedItemsOfTheKindsAndRequeueOnlyALeasedOne() throws Exception {
        try (Frontier f = open(Frontier.Order.TIERED)) {
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
            assertEquals(List.of("g", "x", "f1", "f2"), keys(f.lease(10, 0)));
            assertEquals(new FrontierStats(0, 5, 0, 0), f.stats());
            assertEquals(2, f.countKnown(List.of("p", "f1", "f1", "nope")));
            assertEquals("http://h/p", f.url(profile.id()).orElseThrow());
            assertTrue(f.url(-1).isEmpty());
            assertEquals(new FrontierStats(0, 2, 0, 0), f.statsByKind().get("followers"));
            assertEquals(Map.of("following", new FrontierStats(0, 1, 0, 0)), f.statsByTierAndKind().get(2));
        }
    }

    @Test
    void metaAndWarcEndsPersistAndTheLastEndWins() throws Exception {
        try (Frontier f = open(Frontier.Order.TIERED)) {
            assertTrue(f.getMeta("base").isEmpty());
            f.putMeta("base", "http://a");
            f.putMeta("base", "http://b");
            f.warcOpened("one.warc.gz", 300);
            f.add(List.of(req("a", 1, 1)), null, 0);
            FrontierItem a = f.lease(1, 0).get(0);
            f.complete(a, 200, "one.warc.gz", 300, 900, List.of());
            f.warcOpened("two.warc.gz", 250);
            assertTrue(f.nextDue().isEmpty(), "nothing queued, nothing leased: the crawl is complete");
        }
        try (Frontier f = open(Frontier.Order.TIERED)) {
            assertEquals("http://b", f.getMeta("base").orElseThrow());
            assertEquals(Map.of("one.warc.gz", 900L, "two.warc.gz", 250L), f.committedWarcEnds());
            assertEquals(0, f.releaseLeased());
            assertEquals(new FrontierStats(0, 0, 1, 0), f.stats());
        }
    }
}
