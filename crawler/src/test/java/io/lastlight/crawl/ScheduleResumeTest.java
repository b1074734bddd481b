package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierItem;
import io.lastlight.frontier.SqliteFrontier;
import io.lastlight.schedule.ScheduleLesson;
import io.lastlight.schedule.TierPolicy;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deadline scheduler's state (follower percentile, edge ledger, discovery gate) survives {@code --resume}:
 * a tiered crawl is stopped part-way; a scheduler rebuilt from the frontier alone (as a resumed crawl builds
 * it) is in the same state as the stopped crawl's own and places and orders every queued item the same,
 * where one that starts from nothing (the old behaviour) orders them differently. Then the resume finishes.
 */
class ScheduleResumeTest {
    static final Clock FROZEN = Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void aResumedCrawlOrdersItsNextItemsAsAnUninterruptedOneWould(@TempDir Path tmp) throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().users(300).seed(9).clock(FROZEN).build())) {
            Path out = tmp.resolve("crawl");
            CrawlSettings s = CrawlTestSupport.settings(server, out);
            s.schedule = "tiered";
            s.concurrency = 4;
            AtomicReference<Crawler> running = new AtomicReference<>();
            CrawlSession.crawlerStarted = c -> {
                running.set(c);
                Thread stopper = new Thread(() -> {
                    while (c.stats().captures.get() < 250) {
                        try {
                            Thread.sleep(2);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    c.requestStop();
                });
                stopper.setDaemon(true);
                stopper.start();
            };
            CrawlSummary first;
            try {
                first = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            } finally {
                CrawlSession.crawlerStarted = c -> { };
            }
            assertEquals(Crawler.Outcome.STOPPED, first.outcome());
            TierPolicy live = running.get().policy();
            assertNotNull(live);

            TierPolicy resumed = new TierPolicy();
            List<FrontierItem> queued;
            try (SqliteFrontier f = new SqliteFrontier(out.resolve("frontier.db"), Frontier.Order.TIERED)) {
                f.lessons(j -> resumed.replay(ScheduleLesson.fromJson(j)));
                queued = f.lease(Integer.MAX_VALUE, Long.MAX_VALUE);
                f.releaseLeased();
            }
            assertTrue(queued.size() > 50, "too little left to order: " + queued.size());
            Set<String> owners = new TreeSet<>();
            for (FrontierItem i : queued) {
                String[] p = i.key().split(":", 4);
                if (p.length >= 3) owners.add(p[2]);
            }
            assertEquals(live.describe(owners), resumed.describe(owners));
            List<String> liveOrder = order(queued, live);
            assertEquals(liveOrder, order(queued, resumed), "a resumed crawl orders its next items differently");
            assertNotEquals(liveOrder, order(queued, new TierPolicy()),
                    "the test has no teeth: a scheduler that knows nothing orders the queue the same");

            CrawlSummary rest = CrawlTestSupport.crawl(s, new CrawlMode(true, false, false));
            assertEquals(Crawler.Outcome.COMPLETE, rest.outcome());
            assertEquals(0, rest.frontier().failed());
            assertEquals(0, rest.frontier().queued());
        }
    }

    /** The queue as {@code policy} orders it: each item where it would place it when leased, by tier, value, id. */
    private static List<String> order(List<FrontierItem> items, TierPolicy policy) {
        record Placed(FrontierItem item, int tier, double value) {}
        List<Placed> placed = new ArrayList<>();
        for (FrontierItem i : items) {
            TierPolicy.Placement p = policy.reconsider(i.kind(), i.owner(), i.tier(), i.value());
            placed.add(p == null ? new Placed(i, i.tier(), i.value()) : new Placed(i, p.tier(), p.value()));
        }
        placed.sort(Comparator.comparingInt(Placed::tier).thenComparing(Placed::value, Comparator.reverseOrder())
                .thenComparingLong(p -> p.item().id()));
        List<String> keys = new ArrayList<>();
        for (Placed p : placed) keys.add(p.item().key() + "@" + p.tier() + "/" + p.value());
        return keys;
    }
}
