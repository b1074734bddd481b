package io.lastlight.schedule;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierItem;
import io.lastlight.frontier.SqliteFrontier;
import io.lastlight.platform.CrawlRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TierPolicyTest {
    private static CrawlRequest req(String kind, String key, int tier, double value) {
        return new CrawlRequest(URI.create("http://x/" + key), kind, key, tier, value);
    }

    @Test
    void postsOfTheTopTenPercentGoToTierTwoAndTheirContinuationsFollow() {
        TierPolicy p = new TierPolicy();
        for (int i = 1; i <= 100; i++) p.apply("profile", 1, 0, List.of(req("posts", "p" + i, 2, i * 100)), 0);
        assertTrue(p.topThreshold() > 7000 && p.topThreshold() <= 9000, "p90 of 100..10000: " + p.topThreshold());
        CrawlRequest big = p.apply("profile", 1, 0, List.of(req("posts", "big", 2, 50_000)), 0).get(0);
        CrawlRequest small = p.apply("profile", 1, 0, List.of(req("posts", "small", 2, 10)), 0).get(0);
        assertEquals(Tier.TOP_POSTS.number(), big.tier());
        assertEquals(Tier.POSTS.number(), small.tier());
        CrawlRequest next = p.apply("posts", big.tier(), big.value(), List.of(req("posts", "big2", 2, 0)), 0).get(0);
        assertEquals(Tier.TOP_POSTS.number(), next.tier());
        assertEquals(big.value(), next.value());
    }

    @Test
    void listPagesStayInTierOneWhileTheyRevealNewProfilesAndSortAfterProfiles() {
        TierPolicy p = new TierPolicy();
        List<CrawlRequest> fromProfile = p.apply("profile", 1, 0,
                List.of(req("followers", "f1", 4, 30), req("following", "g1", 4, 0), req("media", "m", 5, 0)), 0);
        assertEquals(1, fromProfile.get(0).tier());
        assertEquals(1, fromProfile.get(1).tier());
        assertTrue(fromProfile.get(0).value() < 0 && fromProfile.get(0).value() > -1);
        assertTrue(fromProfile.get(0).value() > fromProfile.get(1).value(), "more followers: more profiles to discover");
        assertEquals(5, fromProfile.get(2).tier());
        CrawlRequest profile = p.apply("followers", 1, -0.5, List.of(req("profile", "u", 1, 0)), 1).get(0);
        assertEquals(1, profile.tier());
        assertTrue(profile.value() >= 0 && profile.value() > fromProfile.get(0).value());
        assertEquals(1, p.apply("followers", 1, -0.5, List.of(req("followers", "f2", 4, 0)), 3).get(0).tier(),
                "a page that revealed new profiles keeps its list in tier 1");
        assertEquals(4, p.apply("followers", 1, -0.5, List.of(req("followers", "f3", 4, 0)), 0).get(0).tier(),
                "a page that revealed none sends the rest of its list to the edges tier");
        assertEquals(4, p.apply("posts", 2, 1, List.of(req("comments", "c", 3, 2)), 0).get(0).tier());
    }

    @Test
    void costDividesValueWithinATier() {
        TierPolicy p = new TierPolicy();
        p.observe("comments", 1_000_000, 100);
        p.observe("user-comments", 9_000_000, 5000);
        double cheap = p.apply("posts", 2, 1, List.of(req("comments", "c", 3, 10)), 0).get(0).value();
        double dear = p.apply("profile", 1, 0, List.of(req("user-comments", "u", 3, 10)), 0).get(0).value();
        assertTrue(cheap > dear, cheap + " vs " + dear);
    }

    @Test
    void frontierCountsKnownKeysAndStatsByTierFeedTheTrackersEstimates(@TempDir Path tmp) {
        try (Frontier f = new SqliteFrontier(tmp.resolve("f.db"), Frontier.Order.TIERED)) {
            f.add(List.of(req("profile", "a", 1, 5), req("posts", "pa", 2, 5), req("posts", "pb", 3, 1)), null, 0);
            assertEquals(2, f.countKnown(List.of("a", "pa", "zz", "a")));
            List<FrontierItem> leased = f.lease(1, 0);
            assertEquals("a", leased.get(0).key());
            f.complete(leased.get(0), 200, null, 0, 0, List.of());
            assertEquals(1, f.statsByTier().get(1).done());
            assertEquals(1, f.statsByTier().get(3).queued());

            Clock clock = Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC);
            DeadlineTracker t = new DeadlineTracker(new DeadlinePlanner(clock.instant().plusSeconds(10), clock),
                    new ThroughputMeter(() -> 0L, 60));
            t.expect("posts", 2, 5);
            t.expect("posts", 3, 1);
            List<TierCounts> c = t.counts(f);
            assertEquals(1, c.get(0).done());
            assertEquals(4, c.get(1).estimatedUnknown(), "5 implied top-posts pages, 1 known");
            assertEquals(0, c.get(2).estimatedUnknown());
            assertEquals(5, t.project(f).tiers().size());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
