package io.lastlight.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.world.World;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static io.lastlight.simulate.SimTestSupport.BASE;
import static io.lastlight.simulate.SimTestSupport.enc;
import static io.lastlight.simulate.SimTestSupport.get;
import static io.lastlight.simulate.SimTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hashtag feeds, comment lists, deleted posts, banned accounts and moderation over world time. */
class ParlerListsTest {
    static SimServer server;
    static World world;

    @BeforeAll
    static void start() {
        server = SimServer.start(SimConfig.builder().users(600).seed(13).build());
        world = server.world();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode at(String target, Instant when) {
        Response r = server.handle(get(target), when, BASE);
        assertEquals(200, r.status(), target);
        return json(r);
    }

    private static JsonNode at(String target) {
        return at(target, world.start());
    }

    /** Collects the ids of every item of a paged list; checks last/next on the way. */
    private static Set<String> drain(String base, String arrayKey, Instant when) {
        Set<String> ids = new HashSet<>();
        String key = null;
        for (int guard = 0; guard < 100_000; guard++) {
            JsonNode page = at(base + (key == null ? "" : "&startkey=" + enc(key)), when);
            assertTrue(page.get(arrayKey).size() <= 10);
            for (JsonNode x : page.get(arrayKey)) assertTrue(ids.add(x.get("_id").asText()), "once: " + x.get("_id"));
            if (page.get("last").asBoolean()) {
                assertTrue(page.get("next").isNull());
                return ids;
            }
            key = page.get("next").asText();
        }
        throw new AssertionError("no last page");
    }

    @Test
    void hashtagFeedsHoldEveryListedTaggedPostOnce() {
        long total = 0;
        for (String tag : world.hashtags()) {
            Set<String> ids = drain("/v1/post/hashtag?tag=" + tag, "posts", world.start());
            total += ids.size();
            for (String id : ids) assertEquals(tag, world.post(world.postIndexOfId(id)).hashtags().get(0));
        }
        long expected = 0;
        for (long p = 0; p < world.postCount(); p++) if (world.hashtagOf(p) != null && world.listed(p, world.start())) expected++;
        assertEquals(expected, total);
        assertEquals(drain("/v1/post/hashtag?tag=maga", "posts", world.start()), drain("/v1/post/hashtag?tag=%23MAGA", "posts", world.start()));
    }

    @Test
    void commentListsOnPostsAndByCreatorsAreComplete() {
        long p = 0;
        while (world.commentsOnCount(p) < 12) p++;
        String pid = world.postId(p);
        Set<String> forward = drain("/v1/comment?id=" + pid, "comments", world.start());
        Set<String> reverse = drain("/v1/comment?id=" + pid + "&reverse=true", "comments", world.start());
        assertEquals(world.commentsOnCount(p), forward.size());
        assertEquals(forward, reverse);
        JsonNode first = at("/v1/comment?id=" + pid + "&reverse=true");
        String newest = first.get("comments").get(0).get("createdAt").asText();
        String second = first.get("comments").get(1).get("createdAt").asText();
        assertTrue(newest.compareTo(second) >= 0, "reverse=true is newest first");
        assertEquals(pid, first.get("comments").get(0).get("parent").asText());
        int u = world.comment(0).creator();
        Set<String> byUser = drain("/v1/comment/creator?id=" + world.userId(u), "comments", world.start());
        assertEquals(world.commentsByCount(u), byUser.size());
        assertEquals(byUser, drain("/v1/comment/creator?username=" + world.username(u), "comments", world.start()));
        assertEquals(400, server.handle(get("/v1/post/creator?id=" + world.userId(u) + "&startkey=bogus"), world.start(), BASE).status());
    }

    @Test
    void deletedPostsAreFlaggedAndLeaveListsAtTheirDeletionTime() {
        // a post deleted after the world start: listed before, flagged and gone after
        long p = 0;
        while (world.deletedAt(p) == null || !world.deletedAt(p).isAfter(world.start()) || world.banned(world.creatorOf(p), world.start().plusSeconds(3 * 86400))) p++;
        Instant del = world.deletedAt(p);
        assertTrue(!del.isBefore(world.start().plus(World.MODERATION_QUIET)), "moderation waits an hour after the start");
        String pid = world.postId(p);
        String creator = "/v1/post/creator?id=" + world.userId(world.creatorOf(p));
        assertTrue(drain(creator, "posts", del.minusSeconds(1)).contains(pid));
        assertTrue(!drain(creator, "posts", del).contains(pid));
        JsonNode before = at("/v1/post?id=" + pid, del.minusSeconds(1)).get("post");
        assertEquals(false, before.get("deleted").asBoolean());
        assertEquals(0, before.get("state").asInt());
        JsonNode after = at("/v1/post?id=" + pid, del).get("post");
        assertEquals(true, after.get("deleted").asBoolean());
        assertEquals(4, after.get("state").asInt());
        assertEquals("", after.get("body").asText());
        Response missing = server.handle(get("/v1/post?id=00000000000000000000000000000000"), world.start(), BASE);
        assertEquals(404, missing.status());
        assertEquals("post not found", json(missing).get("message").asText());
    }

    @Test
    void bannedAccountsAnswerWithEmptyListsFromTheirBanTime() {
        int u = -1;
        for (int i = 0; i < world.users() && u < 0; i++) {
            Instant b = world.bannedAt(i);
            if (b != null && b.isAfter(world.start()) && world.followersCount(i) + world.postsOf(i) > 0) u = i;
        }
        if (u < 0) {
            for (int i = 0; i < world.users() && u < 0; i++) if (world.bannedAt(i) != null) u = i;
        }
        assertTrue(u >= 0, "some account is banned");
        Instant ban = world.bannedAt(u);
        String id = world.userId(u);
        JsonNode profile = at("/v1/profile?id=" + id, ban);
        assertTrue(profile.get("banned").asBoolean());
        assertTrue(!at("/v1/profile?id=" + id, ban.minusSeconds(1)).get("banned").asBoolean());
        for (String list : new String[]{"/v1/post/creator?id=", "/v1/follow/followers?id=", "/v1/follow/following?id="}) {
            JsonNode page = at(list + id, ban);
            assertTrue(page.get("last").asBoolean());
            assertTrue(page.get("next").isNull());
            JsonNode arr = page.has("posts") ? page.get("posts") : page.has("followers") ? page.get("followers") : page.get("followees");
            assertEquals(0, arr.size());
        }
        assertEquals(world.followersCount(u) + world.followingCount(u) > 0,
                at("/v1/follow/followers?id=" + id, ban.minusSeconds(1)).get("followers").size()
                        + at("/v1/follow/following?id=" + id, ban.minusSeconds(1)).get("followees").size() > 0);
    }

    @Test
    void theWorldClockAdvancesWithTheTimeScale() {
        AuthTest.MutableClock clock = new AuthTest.MutableClock();
        try (SimServer s = SimServer.start(SimConfig.builder().users(50).clock(clock).timeScale(60).build())) {
            assertEquals(s.config().worldStart(), s.worldNow());
            clock.advance(java.time.Duration.ofSeconds(10));
            assertEquals(s.config().worldStart().plusSeconds(600), s.worldNow());
        }
    }

    @Test
    void robotsPoliciesAndValidMedia() {
        assertEquals("User-agent: *\nDisallow:\n", Robots.render("allow"));
        assertEquals("User-agent: *\nDisallow: /media\nDisallow: /api\nCrawl-delay: 2\n", Robots.render("disallow:/media,/api;crawl-delay:2"));
        try (SimServer s = SimServer.start(SimConfig.builder().users(10).robots("disallow:/media").build())) {
            Response r = s.handle(get("/robots.txt"));
            assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
            assertTrue(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).contains("Disallow: /media"));
            Response img = s.handle(get("/media/p/" + s.world().postId(0) + "/0.png"));
            assertEquals("image/png", img.header("Content-Type"));
            assertEquals((byte) 0x89, img.body()[0]);
            assertEquals('P', img.body()[1]);
            Response jpg = s.handle(get("/media/u/" + s.world().userId(0) + "/avatar.jpg"));
            assertEquals((byte) 0xFF, jpg.body()[0]);
            assertEquals((byte) 0xD8, jpg.body()[1]);
            try {
                assertEquals(32, javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(img.body())).getWidth());
                assertEquals(32, javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpg.body())).getHeight());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
