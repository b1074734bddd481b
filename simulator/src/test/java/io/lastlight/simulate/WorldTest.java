package io.lastlight.simulate;

import io.lastlight.simulate.world.GapMap;
import io.lastlight.simulate.world.Perm;
import io.lastlight.simulate.world.Post;
import io.lastlight.simulate.world.User;
import io.lastlight.simulate.world.World;
import io.lastlight.simulate.world.ZipfBlocks;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorldTest {
    private static final World W = new World(SimConfig.builder().users(1500).seed(7).build());

    @Test
    void permutationIsABijection() {
        for (long n : new long[]{1, 2, 3, 17, 1000, 4097}) {
            Perm p = new Perm(n, 99);
            Set<Long> seen = new HashSet<>();
            for (long x = 0; x < n; x++) {
                long y = p.apply(x);
                assertTrue(y >= 0 && y < n);
                assertTrue(seen.add(y));
                assertEquals(x, p.inverse(y));
            }
        }
    }

    @Test
    void zipfBlocksPartitionPositions() {
        ZipfBlocks z = new ZipfBlocks(10_000, 700, 1.3, 2.0);
        long total = 0;
        for (long k = 0; k < 700; k++) {
            long s = z.start(k), size = z.size(k);
            total += size;
            for (long p = s; p < s + size; p++) assertEquals(k, z.member(p));
        }
        assertEquals(10_000, total);
        assertTrue(z.size(0) > z.size(600));
    }

    @Test
    void gapMapRoundTrips() {
        GapMap g = new GapMap(1000, 97, 13);
        Set<Long> numbers = new HashSet<>();
        for (long i = 0; i < 1000; i++) {
            long n = g.number(i);
            assertFalse(g.isGap(n));
            assertTrue(numbers.add(n));
            assertEquals(i, g.index(n));
        }
        assertEquals(-1, g.index(13));
        assertEquals(-1, g.index(g.maxNumber() + 1));
        assertTrue(g.maxNumber() > 1000, "some numbers are gaps");
    }

    @Test
    void idsAndUsernamesRoundTripAndAreUnique() {
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        long lastJoin = Long.MIN_VALUE;
        for (int i = 0; i < W.users(); i++) {
            String id = W.userId(i);
            assertTrue(id.matches("[0-9a-f]{32}"), id);
            assertEquals(i, W.userIndexOfId(id));
            String name = W.username(i);
            assertTrue(name.matches("[A-Za-z0-9_]+"), name);
            assertEquals(i, W.userIndexOfName(name));
            assertEquals(i, W.userIndexOfName(name.toUpperCase()));
            assertTrue(names.add(name.toLowerCase()));
            assertTrue(ids.add(id));
            long join = W.joined(i).toEpochMilli();
            assertTrue(join >= lastJoin, "user numbers increase with join time");
            lastJoin = join;
        }
        assertEquals(-1, W.userIndexOfId("0123456789abcdef0123456789abcdef"));
        assertEquals(-1, W.userIndexOfName("nobody"));
    }

    @Test
    void followGraphIsConsistentBothWays() {
        long edgesOut = 0, edgesIn = 0;
        for (int u = 0; u < W.users(); u++) {
            for (int v : W.following(u)) {
                assertNotEquals(u, v);
                edgesOut++;
            }
            long fc = W.followersCount(u);
            int[] fs = W.followers(u, 0, (int) fc + 5);
            assertEquals(fc, fs.length);
            Set<Integer> distinct = new HashSet<>();
            for (int f : fs) {
                assertTrue(distinct.add(f), "no duplicate followers");
                boolean found = false;
                for (int x : W.following(f)) found |= x == u;
                assertTrue(found, "follower " + f + " of " + u + " lists " + u + " in following");
            }
            edgesIn += fc;
        }
        assertEquals(edgesOut, edgesIn);
    }

    @Test
    void postsAreContiguousPerUserAndOrderedInTime() {
        long total = 0;
        for (int u = 0; u < W.users(); u++) {
            long first = W.firstPostOf(u), c = W.postsOf(u);
            total += c;
            for (long p = first; p < first + c; p++) {
                assertEquals(u, W.creatorOf(p));
                if (p > first) assertTrue(!W.postTime(p).isBefore(W.postTime(p - 1)));
                assertTrue(W.postTime(p).isAfter(W.joined(u)));
            }
        }
        assertEquals(W.postCount(), total);
        for (long p = 0; p < W.postCount(); p += 7) {
            Post post = W.post(p);
            assertEquals(p, W.postIndexOfId(post.id()));
            if (post.echo()) {
                Post parent = W.post(post.parent());
                assertTrue(W.popularityRank(parent.creator()) < W.socialUsers(), "echoed authors are in the follow graph");
                assertTrue(parent.createdAt().isBefore(post.createdAt()));
                assertNotEquals(post.creator(), parent.creator());
                assertEquals(post.depth() == 1 ? post.parent() : parent.parent(), post.root());
            }
        }
    }

    @Test
    void commentsAreConsistentBothWaysAndOnlyByConnectedAccounts() {
        long total = 0;
        for (int u = 0; u < W.users(); u++) {
            long c = W.commentsByCount(u);
            total += c;
            if (c > 0) assertTrue(W.popularityRank(u) < W.socialUsers());
            for (long i = 0; i < c; i++) assertEquals(u, W.comment(W.commentBy(u, i)).creator());
        }
        assertEquals(W.commentCount(), total);
        long onPosts = 0;
        for (long p = 0; p < W.postCount(); p++) {
            long first = W.firstCommentOn(p), n = W.commentsOnCount(p);
            onPosts += n;
            for (long i = 0; i < n; i++) {
                var c = W.comment(first + i);
                assertEquals(p, c.post());
                assertTrue(!c.createdAt().isBefore(W.postTime(p)));
            }
        }
        assertEquals(W.commentCount(), onPosts);
    }

    @Test
    void sameSeedSameWorldDifferentSeedDifferentWorld() {
        World a = new World(SimConfig.builder().users(1500).seed(7).build());
        World b = new World(SimConfig.builder().users(1500).seed(8).build());
        User x = W.user(10), y = a.user(10), z = b.user(10);
        assertEquals(x.username(), y.username());
        assertEquals(x.bio(), y.bio());
        assertEquals(W.post(33).body(), a.post(33).body());
        assertNotEquals(x.id(), z.id());
        assertNotEquals(x.username(), z.username());
    }
}
