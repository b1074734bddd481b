package io.lastlight.simulate;

import io.lastlight.simulate.world.Post;
import io.lastlight.simulate.world.User;
import io.lastlight.simulate.world.World;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleTest {
    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long sink;

    /** Generates 100k random users and posts and returns the heap still used afterwards, minus the baseline. */
    private static long retainedAfterSampling(int users) {
        long before = usedHeap();
        World w = new World(SimConfig.builder().users(users).seed(31).meanPosts(20).build());
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            User u = w.user(r.nextInt(users));
            Post p = w.post(r.nextLong(w.postCount()));
            sink += u.username().length() + p.body().length() + u.following();
        }
        long after = usedHeap();
        assertTrue(w.users() == users); // keep w reachable until here
        return after - before;
    }

    @Test
    void aMillionUsersAndTwentyMillionPostsAreGeneratedLazilyWithFlatMemory() {
        World w = new World(SimConfig.builder().users(1_000_000).seed(31).meanPosts(20).build());
        assertEquals(20_000_000, w.postCount());
        long last = w.postCount() - 1;
        Post p = w.post(last);
        assertEquals(last, w.postIndexOfId(p.id()));
        User top = w.user(w.indexOfRank(0));
        assertTrue(top.followersDisplayed() > 1_000_000, "top accounts show millions of followers at scale: " + top.followersDisplayed());
        assertTrue(top.followersListed() < 1_000_000);
        long small = retainedAfterSampling(10_000);
        long big = retainedAfterSampling(1_000_000);
        assertTrue(big < small + 16L * 1024 * 1024, "retained heap grows with N: 10k users " + small + " B, 1M users " + big + " B");
        long t0 = System.nanoTime();
        for (int i = 0; i < 20_000; i++) sink += w.user(i * 50).followersListed();
        long perUserMicros = (System.nanoTime() - t0) / 20_000 / 1000;
        assertTrue(perUserMicros < 500, "user generation is O(1): " + perUserMicros + " µs");
    }
}
