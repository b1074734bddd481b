package io.lastlight.schedule;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierItem;
import io.lastlight.frontier.SqliteFrontier;
import io.lastlight.platform.Counts;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.FollowEdge;
import io.lastlight.platform.ProfileObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TierPolicyTest {
    private static CrawlRequest req(String kind, String key, int tier, double value) {
        String[] p = key.split(":", 4); // the tests' keys are shaped platform:kind:owner:cursor
        return new CrawlRequest(URI.create("http://x/" + key), kind, key, p.length >= 3 ? p[2] : null, tier, value);
    }

    private static ProfileObservation profile(String id, long followers, long following, long posts) {
        return new ProfileObservation("parler", id, "u" + id, null, null, null, null, counts(followers), counts(following),
                counts(posts), null, null, null, ProfileObservation.SOURCE_PROFILE);
    }

    private static Counts counts(long n) {
        return new Counts(n, n, n, Long.toString(n));
    }

    private static List<FollowEdge> followersOf(String owner, String... followers) {
        List<FollowEdge> out = new ArrayList<>();
        for (String f : followers) out.add(new FollowEdge("parler", f, owner, "followers"));
        return out;
    }

    private static List<FollowEdge> followeesOf(String owner, String... followees) {
        List<FollowEdge> out = new ArrayList<>();
        for (String f : followees) out.add(new FollowEdge("parler", owner, f, "following"));
        return out;
    }

    @Test
    void postsOfTheTopTenPercentGoToTierTwoValuedByTheFollowerWeightTheyHold() {
        TierPolicy p = new TierPolicy();
        for (int i = 1; i <= 100; i++) p.learnProfile(profile("a" + i, i * 100, 1, 5));
        assertTrue(p.topThreshold() > 7000 && p.topThreshold() <= 9000, "p90 of 100..10000: " + p.topThreshold());
        CrawlRequest big = p.apply("profile", 1, 0, List.of(req("posts", "parler:posts:big:", 2, 50_000)), 0,
                profile("big", 50_000, 3, 250)).get(0);
        CrawlRequest quiet = p.apply("profile", 1, 0, List.of(req("posts", "parler:posts:quiet:", 2, 50_000)), 0,
                profile("quiet", 50_000, 3, 0)).get(0);
        CrawlRequest small = p.apply("profile", 1, 0, List.of(req("posts", "parler:posts:small:", 2, 10)), 0,
                profile("small", 10, 3, 3)).get(0);
        assertEquals(Tier.TOP_POSTS.number(), big.tier());
        assertEquals(500_000, big.value(), 1e-6, "followers × a full page of posts");
        assertEquals(Tier.POSTS.number(), quiet.tier(), "an account without posts has nothing worth a top-tier request");
        assertEquals(0, quiet.value());
        assertEquals(Tier.POSTS.number(), small.tier());
        assertEquals(30, small.value(), 1e-6, "followers × its 3 posts");
        CrawlRequest next = p.apply("posts", big.tier(), big.value(), List.of(req("posts", "parler:posts:big:k2", 2, 0)), 0, null).get(0);
        assertEquals(Tier.TOP_POSTS.number(), next.tier(), "a list is read to its end in its tier, newest first");
        assertEquals(big.value(), next.value());
    }

    @Test
    void aPostsPageMovesBetweenTiersTwoAndThreeWithThePercentileWhenLeased() {
        TierPolicy p = new TierPolicy();
        p.learnProfile(profile("early", 500, 1, 50));
        assertNull(p.reconsider("posts", "early", 2, 5000), "alone, it is the top");
        for (int i = 1; i <= 100; i++) p.learnProfile(profile("a" + i, i * 100, 1, 5));
        assertEquals(new TierPolicy.Placement(3, 5000), p.reconsider("posts", "early", 2, 5000));
        p.learnProfile(profile("late", 90_000, 1, 50));
        assertEquals(new TierPolicy.Placement(2, 900_000), p.reconsider("posts", "late", 3, 900_000));
        assertNull(p.reconsider("posts", "unknown", 3, 10), "an owner not captured yet stays where it is");
    }

    @Test
    void listPagesAreScoredByTheEdgesTheirListHasNotShownAndSortAfterProfiles() {
        TierPolicy p = new TierPolicy();
        p.learnProfile(profile("o", 3, 25, 0));
        List<CrawlRequest> fromProfile = p.apply("profile", 1, 0, List.of(req("followers", "parler:followers:o:", 4, 3),
                req("following", "parler:following:o:", 4, 3), req("media", "m", 5, 0)), 0, null);
        assertEquals(1, fromProfile.get(0).tier());
        assertEquals(-1.0 / 4, fromProfile.get(0).value(), 1e-9, "3 unseen followers");
        assertEquals(1, fromProfile.get(1).tier());
        assertEquals(-1.0 / 11, fromProfile.get(1).value(), 1e-9, "25 unseen followees, at most a page of 10");
        assertEquals(5, fromProfile.get(2).tier());
        CrawlRequest profile = p.apply("followers", 1, -0.25, List.of(req("profile", "u", 1, 0)), 1, null).get(0);
        assertEquals(1, profile.tier());
        assertTrue(profile.value() >= 0, "profiles come before every list page");

        // Two of o's three followers show up in their own following lists: o's followers list may still hold one.
        p.learnList("following", "x", followeesOf("x", "o"));
        p.learnList("following", "y", followeesOf("y", "o"));
        assertEquals(new TierPolicy.Placement(1, -1.0 / 2), p.reconsider("followers", "o", 1, -1.0 / 4),
                "its score fell from 3 to 1: queued again with it");
        p.learnList("following", "z", followeesOf("z", "o"));
        assertEquals(new TierPolicy.Placement(4, 0), p.reconsider("followers", "o", 1, -1.0 / 2),
                "every follower of o has been seen: nothing new can be on that list");
        assertNull(p.reconsider("following", "o", 1, -1.0 / 11));

        // Its own pages count too; a continuation is scored by what the list has left.
        p.learnList("following", "o", followeesOf("o", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
        p.learnList("following", "o", followeesOf("o", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v"));
        CrawlRequest last = p.apply("following", 1, -1.0 / 11, List.of(req("following", "parler:following:o:20", 4, 0)), 4, null).get(0);
        assertEquals(-1.0 / 6, last.value(), 1e-9, "5 followees left");
        assertEquals(4, p.apply("posts", 2, 1, List.of(req("comments", "c", 3, 2)), 0, null).get(0).tier());
    }

    @Test
    void discoveryStopsOnceAWindowOfListPagesRevealsNoProfileAndResumesWhenOneTurnsUp() {
        TierPolicy p = new TierPolicy(io.lastlight.platform.Kinds::standardRole, TierPolicy.POSTS_PER_PAGE, 5);
        CrawlRequest list = req("followers", "parler:followers:w:", 4, 0);
        for (int i = 0; i < 4; i++) p.apply("followers", 1, -0.5, List.of(), 0, null);
        assertEquals(1, p.apply("profile", 1, 0, List.of(list), 0, null).get(0).tier(), "4 barren pages: still open");
        p.apply("following", 1, -0.5, List.of(), 0, null);
        assertFalse(p.gate().open());
        assertEquals(4, p.apply("profile", 1, 0, List.of(list), 0, null).get(0).tier());
        assertEquals(new TierPolicy.Placement(4, 0), p.reconsider("followers", "w", 1, -0.1));
        p.apply("followers", 4, 0, List.of(), 0, null);
        p.apply("posts", 2, 10, List.of(req("profile", "parler:profile:new", 1, 0)), 1, null);
        assertTrue(p.gate().open(), "a profile no list had shown: discovery is not finished");
        assertEquals(1, p.apply("profile", 1, 0, List.of(list), 0, null).get(0).tier());
    }

    @Test
    void theLedgerCountsEachSideApartAndKeepsManyAccounts() {
        EdgeLedger l = new EdgeLedger();
        assertEquals(-1, l.unseen("a", true), "no profile yet: unknown");
        l.announce("a", 4, 2);
        l.page("a", true, List.of("b", "c"));
        l.page("b", false, List.of("a"));
        l.page("c", false, List.of("a"));
        l.page("d", false, List.of("a"));
        assertEquals(1, l.unseen("a", true), "own page: b, c; others: b, c, d → at least 3 distinct seen");
        assertEquals(2, l.unseen("a", false));
        for (int i = 0; i < 100_000; i++) l.announce("acct" + i, i, 1);
        for (int i = 0; i < 100_000; i++) assertEquals(i, l.unseen("acct" + i, true));
        assertEquals(100_004, l.accounts());
        assertEquals(4, l.followers("a"));
    }

    @Test
    void aRequeuedItemKeepsItsAttemptsAndTakesItsNewPlace(@TempDir Path tmp) throws Exception {
        try (Frontier f = new SqliteFrontier(tmp.resolve("f.db"), Frontier.Order.TIERED)) {
            f.add(List.of(req("followers", "l1", 1, -0.1), req("followers", "l2", 1, -0.2), req("posts", "p", 2, 5)), null, 0);
            FrontierItem first = f.lease(1, 0).get(0);
            assertEquals("l1", first.key());
            f.requeue(first, 4, 0);
            List<FrontierItem> next = f.lease(3, 0);
            assertEquals(List.of("l2", "p", "l1"), next.stream().map(FrontierItem::key).toList());
            assertEquals(4, next.get(2).tier());
            assertEquals(0, next.get(2).attempts());
        }
    }

    @Test
    void whenDiscoveryStopsOnlyQueuedTierOneListPagesMoveToTheEdgesTier(@TempDir Path tmp) throws Exception {
        try (Frontier f = new SqliteFrontier(tmp.resolve("f.db"), Frontier.Order.TIERED)) {
            f.add(List.of(req("profile", "u", 1, 3), req("followers", "l1", 1, -0.1), req("following", "l2", 1, -0.2),
                    req("followers", "l3", 1, -0.3), req("posts", "p", 2, 5)), null, 0);
            List<FrontierItem> leased = f.lease(2, 0);
            assertEquals(List.of("u", "l1"), leased.stream().map(FrontierItem::key).toList());
            assertEquals(2, f.retier(List.of("followers", "following"), 1, 4, 0), "l2 and l3: l1 is leased, u is a profile");
            f.complete(leased.get(1), 200, null, 0, 0, List.of());
            assertEquals(1, f.statsByTier().get(1).done(), "l1, captured where it was");
            assertEquals(1, f.statsByTier().get(1).leased(), "u");
            assertEquals(2, f.statsByTier().get(4).queued());
            assertEquals(List.of("p", "l2", "l3"), f.lease(5, 0).stream().map(FrontierItem::key).toList());
        }
    }

    @Test
    void costDividesValueWithinATier() {
        TierPolicy p = new TierPolicy();
        p.observe("comments", 1_000_000, 100);
        p.observe("user-comments", 9_000_000, 5000);
        double cheap = p.apply("posts", 2, 1, List.of(req("comments", "c", 3, 10)), 0, null).get(0).value();
        double dear = p.apply("profile", 1, 0, List.of(req("user-comments", "u", 3, 10)), 0, null).get(0).value();
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
