package io.lastlight.frontier;

import io.lastlight.platform.CrawlRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteFrontierTest {
    @TempDir
    Path dir;

    static CrawlRequest req(String key, int tier, double value) {
        return new CrawlRequest(URI.create("http://h/" + key), "k", key, tier, value);
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
}
