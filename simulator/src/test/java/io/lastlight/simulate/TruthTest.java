package io.lastlight.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

import static io.lastlight.simulate.SimTestSupport.JSON;
import static io.lastlight.simulate.SimTestSupport.enc;
import static io.lastlight.simulate.SimTestSupport.getJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TruthTest {
    /** Crawls the Parler face in-process from the seed users, the way a crawler would, and compares with the truth. */
    @Test
    void crawlingFromSeedUsersReachesExactlyTheTruth(@TempDir Path dir) throws Exception {
        try (SimServer s = SimServer.start(SimConfig.builder().users(300).seed(5).build())) {
            GroundTruth t = s.truth();
            Set<String> users = new HashSet<>();
            Deque<String> queue = new ArrayDeque<>();
            for (String name : t.seedUsers()) {
                JsonNode p = getJson(s, "/v1/profile?username=" + enc(name));
                if (users.add(p.get("id").asText())) queue.add(p.get("id").asText());
            }
            Set<String> posts = new HashSet<>();
            long echoes = 0;
            while (!queue.isEmpty()) {
                String id = queue.poll();
                for (String list : new String[]{"followers", "following"}) {
                    String key = null;
                    while (true) {
                        JsonNode page = getJson(s, "/v1/follow/" + list + "?id=" + id + (key == null ? "" : "&startkey=" + enc(key)));
                        for (JsonNode u : page.get(list.equals("followers") ? "followers" : "followees")) {
                            if (users.add(u.get("id").asText())) queue.add(u.get("id").asText());
                        }
                        if (page.get("last").asBoolean()) break;
                        key = page.get("next").asText();
                    }
                }
                String key = null;
                while (true) {
                    JsonNode page = getJson(s, "/v1/post/creator?id=" + id + (key == null ? "" : "&startkey=" + enc(key)));
                    for (JsonNode p : page.get("posts")) {
                        assertTrue(posts.add(p.get("_id").asText()));
                        if (p.get("depthRaw").asInt() > 0) echoes++;
                    }
                    if (page.get("last").asBoolean()) break;
                    key = page.get("next").asText();
                }
            }
            assertEquals(t.reachableUsers(), users.size());
            assertEquals(new HashSet<>(t.reachableUserIds()), users);
            assertTrue(t.reachableUsers() < t.users(), "some users are unreachable (isolated)");
            assertTrue(t.reachableUsers() > t.users() * 0.9);
            // every listed post belongs to a reachable or unreachable user; sum over all users = posts
            long all = 0;
            for (int u = 0; u < s.world().users(); u++) {
                String key = null;
                while (true) {
                    JsonNode page = getJson(s, "/v1/post/creator?id=" + s.world().userId(u) + (key == null ? "" : "&startkey=" + enc(key)));
                    all += page.get("posts").size();
                    if (page.get("last").asBoolean()) break;
                    key = page.get("next").asText();
                }
            }
            assertEquals(t.posts(), all);
            assertEquals(new HashSet<>(t.postIds()).size(), t.posts());
            assertEquals(t.reachablePosts(), posts.size(), "a follow-graph crawl finds exactly reachable_posts");
            assertTrue(t.reachablePosts() < t.posts(), "isolated accounts' posts are only found by enumeration");
            assertTrue(echoes > 0);

            Path file = dir.resolve("truth.json");
            t.writeJson(file);
            JsonNode j = JSON.readTree(file.toFile());
            assertEquals(300, j.get("users").asInt());
            assertEquals(t.posts(), j.get("posts").asLong());
            assertEquals(t.seedUsers().size(), j.get("seed_users").size());
            assertEquals(10, j.get("top_followers").size());
            JsonNode first = j.get("top_followers").get(0);
            JsonNode second = j.get("top_followers").get(1);
            assertTrue(first.get(1).asLong() >= second.get(1).asLong());
            JsonNode profile = getJson(s, "/v1/profile?username=" + enc(first.get(0).asText()));
            assertEquals(first.get(1).asText(), profile.get("followers").asText());
            for (String k : new String[]{"reachable_users", "echoes", "comments", "deleted_posts", "banned_users",
                    "violent_posts", "signups_per_day", "seed", "users_param", "top_100_followers", "reachable_posts"}) {
                assertTrue(j.has(k), k);
            }
            long signups = 0;
            for (JsonNode v : j.get("signups_per_day")) signups += v.asLong();
            assertEquals(300, signups);
        }
    }

    @Test
    void truthIsComputableWithoutAServerAndDeterministic() {
        SimConfig cfg = SimConfig.builder().users(500).seed(9).build();
        GroundTruth a = GroundTruth.compute(cfg), b = GroundTruth.compute(cfg);
        assertEquals(a.toJson(), b.toJson());
        GroundTruth c = GroundTruth.compute(cfg.toBuilder().seed(10).build());
        assertTrue(!a.toJson().equals(c.toJson()));
        double violentShare = (double) a.violentPosts() / a.posts();
        assertTrue(violentShare > 0.005 && violentShare < 0.03, "violent share " + violentShare);
    }
}
