package io.lastlight.schedule;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeadlinePlannerTest {
    static final Instant NOW = Instant.parse("2021-01-10T12:00:00Z");

    @Test
    void budgetFillsTiersInOrderThenDefersTheRest() {
        DeadlinePlanner p = new DeadlinePlanner(NOW.plusSeconds(100), Clock.fixed(NOW, ZoneOffset.UTC));
        Projection pr = p.project(List.of(
                new TierCounts(Tier.PROFILES, 50, 150, 0, 0),
                new TierCounts(Tier.TOP_POSTS, 0, 400, 0, 100),
                new TierCounts(Tier.POSTS, 0, 1000, 0, 0),
                new TierCounts(Tier.MEDIA, 0, 300, 0, 0)), 5.0); // 500 requests fit
        assertEquals(500, pr.requestBudget());
        assertEquals(Projection.Status.COMPLETE, pr.tiers().get(0).status());
        assertEquals(1.0, pr.tiers().get(0).coverageAtDeadline(), 1e-9);
        assertEquals(Projection.Status.PARTIAL, pr.tiers().get(1).status());
        assertEquals(350.0 / 500, pr.tiers().get(1).coverageAtDeadline(), 1e-9);
        assertEquals(Projection.Status.DEFERRED, pr.tiers().get(2).status());
        assertEquals(Projection.Status.DEFERRED, pr.tiers().get(3).status());
        assertEquals(0.0, pr.tiers().get(3).coverageAtDeadline(), 1e-9);
    }

    @Test
    void noDeadlineMeansEverythingCompletesAndAPastDeadlineNothingMore() {
        List<TierCounts> t = List.of(new TierCounts(Tier.PROFILES, 10, 10, 2, 0));
        Projection open = new DeadlinePlanner(null, Clock.fixed(NOW, ZoneOffset.UTC)).project(t, 1);
        assertEquals(Projection.Status.COMPLETE, open.tiers().get(0).status());
        assertEquals(20.0 / 22, open.tiers().get(0).coverageAtDeadline(), 1e-9, "failed items stay uncaptured");
        Projection past = new DeadlinePlanner(NOW.minusSeconds(1), Clock.fixed(NOW, ZoneOffset.UTC)).project(t, 100);
        assertEquals(0, past.requestBudget());
        assertEquals(Projection.Status.DEFERRED, past.tiers().get(0).status());
    }

    @Test
    void throughputIsMeasuredOverASlidingWindow() {
        AtomicLong now = new AtomicLong(0);
        ThroughputMeter m = new ThroughputMeter(now::get, 10);
        for (int i = 0; i < 50; i++) {
            now.addAndGet(100_000_000L); // 10 per second for 5 s
            m.record();
        }
        assertEquals(10.0, m.perSecond(), 0.01);
        now.addAndGet(20_000_000_000L); // 20 s idle: the window empties
        assertEquals(0.0, m.perSecond(), 1e-9);
    }
}
