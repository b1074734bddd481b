package io.lastlight.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.world.World;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.lastlight.simulate.SimTestSupport.call;
import static io.lastlight.simulate.SimTestSupport.enc;
import static io.lastlight.simulate.SimTestSupport.getJson;
import static io.lastlight.simulate.SimTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParlerApiTest {
    static SimServer server;
    static World world;

    @BeforeAll
    static void start() {
        server = SimServer.start(SimConfig.builder().users(400).seed(11).build());
        world = server.world();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int busiestPoster() {
        int best = 0;
        for (int u = 0; u < world.users(); u++) if (world.postsOf(u) > world.postsOf(best) && !world.banned(u, world.start())) best = u;
        return best;
    }

    @Test
    void profileHasTheDocumentedShape() {
        String name = world.username(3);
        JsonNode p = getJson(server, "/v1/profile?username=" + enc(name));
        for (String f : List.of("id", "username", "name", "bio", "joined", "verified", "human", "private", "banned", "badges",
                "followers", "following", "posts", "comments", "likes", "media", "profilePhoto", "coverPhoto", "score", "interactions")) {
            assertTrue(p.has(f), "profile field " + f);
        }
        assertEquals(name, p.get("username").asText());
        assertTrue(p.get("id").asText().matches("[0-9a-f]{32}"));
        assertTrue(p.get("joined").asText().matches("\\d{14}"));
        assertTrue(p.get("followers").isTextual());
        assertTrue(p.get("verified").isBoolean());
        assertTrue(p.get("badges").isArray());
        JsonNode byId = getJson(server, "/v1/profile?id=" + p.get("id").asText());
        assertEquals(p, byId);
        Response missing = call(server, "/v1/profile?username=NoSuchUser1");
        assertEquals(404, missing.status());
        assertEquals("user not found", json(missing).get("message").asText());
        assertEquals("application/json", missing.header("Content-Type"));
    }

    @Test
    void creatorPagesReachEveryListedPostOnceNewestFirst() {
        int u = busiestPoster();
        assertTrue(world.postsOf(u) > 25, "need a user with several pages");
        String id = world.userId(u);
        Set<String> seen = new HashSet<>();
        String key = null;
        String lastCreated = "99999999999999";
        int pages = 0;
        while (true) {
            JsonNode page = getJson(server, "/v1/post/creator?id=" + id + "&limit=50" + (key == null ? "" : "&startkey=" + enc(key)));
            pages++;
            for (String f : List.of("posts", "users", "postRefs", "urls", "last", "next", "prev")) assertTrue(page.has(f), f);
            assertTrue(page.get("posts").size() <= 10, "pages of 10, limit ignored");
            Set<String> userIds = new HashSet<>();
            page.get("users").forEach(x -> userIds.add(x.get("id").asText()));
            Set<String> refIds = new HashSet<>();
            page.get("postRefs").forEach(x -> refIds.add(x.get("_id").asText()));
            Set<String> urlIds = new HashSet<>();
            page.get("urls").forEach(x -> urlIds.add(x.get("_id").asText()));
            for (JsonNode p : page.get("posts")) {
                assertTrue(seen.add(p.get("_id").asText()), "each post once");
                assertEquals(p.get("_id"), p.get("id"));
                assertEquals(id, p.get("creator").asText());
                assertTrue(userIds.contains(p.get("creator").asText()));
                String created = p.get("createdAt").asText();
                assertTrue(created.compareTo(lastCreated) <= 0, "newest first");
                lastCreated = created;
                if (!p.get("parent").isNull()) {
                    assertTrue(refIds.contains(p.get("parent").asText()));
                    assertTrue(refIds.contains(p.get("root").asText()));
                    assertTrue(p.get("depthRaw").asInt() >= 1);
                }
                p.get("links").forEach(l -> assertTrue(urlIds.contains(l.asText())));
                for (String f : List.of("body", "depth", "depthRaw", "hashtags", "media", "comments", "impressions", "reposts",
                        "upvotes", "sensitive", "article", "shareLink", "state")) assertTrue(p.has(f), f);
            }
            for (JsonNode r : page.get("postRefs")) assertTrue(userIds.contains(r.get("creator").asText()));
            if (page.get("last").asBoolean()) {
                assertTrue(page.get("next").isNull());
                break;
            }
            key = page.get("next").asText();
            assertTrue(key.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z_\\d+"), key);
        }
        long expected = 0;
        for (long p = world.firstPostOf(u); p < world.firstPostOf(u) + world.postsOf(u); p++) if (world.listed(p, world.start())) expected++;
        assertEquals(expected, seen.size());
        assertEquals((expected + 9) / 10 + (expected % 10 == 0 && expected > 0 ? 0 : 0), pages);
    }

    @Test
    void followersAndFollowingPagesMatchTheGraph() {
        int top = world.indexOfRank(0);
        String id = world.userId(top);
        Set<String> got = new HashSet<>();
        String key = null;
        while (true) {
            JsonNode page = getJson(server, "/v1/follow/followers?id=" + id + (key == null ? "" : "&startkey=" + enc(key)));
            assertTrue(page.get("followers").size() <= 10);
            page.get("followers").forEach(f -> assertTrue(got.add(f.get("id").asText())));
            if (page.get("last").asBoolean()) break;
            key = page.get("next").asText();
        }
        assertEquals(world.followersCount(top), got.size());
        JsonNode profile = getJson(server, "/v1/profile?id=" + id);
        assertEquals(Long.toString(got.size()), profile.get("followers").asText(), "small world: displayed = listed");
        int someone = world.indexOfRank(50);
        JsonNode following = getJson(server, "/v1/follow/following?id=" + world.userId(someone));
        assertTrue(following.has("followees"));
        int[] expected = world.following(someone);
        int n = Math.min(10, expected.length);
        for (int i = 0; i < n; i++) assertEquals(world.userId(expected[i]), following.get("followees").get(i).get("id").asText());
        assertEquals(expected.length <= 10, following.get("last").asBoolean());
    }

    @Test
    void uuidConversionMapsNumbersAndAnswers404ForGaps() {
        JsonNode id = getJson(server, "/v3/uuidConversion/post/1");
        assertEquals(world.postId(0), id.asText());
        assertEquals(404, call(server, "/v3/uuidConversion/post/41").status(), "41 is a gap");
        assertEquals(404, call(server, "/v3/uuidConversion/user/13").status(), "13 is a gap");
        assertEquals(world.userId(0), getJson(server, "/v3/uuidConversion/user/1").asText());
        assertEquals(404, call(server, "/v3/uuidConversion/post/" + (world.maxPostNumber() + 1)).status());
    }

    @Test
    void realHttpRoundTripIsByteIdenticalToInProcess() throws Exception {
        HttpClient c = HttpClient.newHttpClient();
        URI base = server.baseUri();
        assertFalse(base.toString().endsWith("/"));
        String target = "/v1/post/creator?id=" + world.userId(busiestPoster());
        HttpResponse<byte[]> r = c.send(HttpRequest.newBuilder(URI.create(base + target)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(null));
        Response in = server.handle(SimTestSupport.get(target), server.worldNow(), base.toString());
        assertArrayEquals(in.body(), r.body());
        assertNotNull(r.headers().firstValue("content-length").orElse(null));
    }
}
