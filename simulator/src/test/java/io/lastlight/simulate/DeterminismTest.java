package io.lastlight.simulate;

import io.lastlight.simulate.mastodon.MastodonApi;
import io.lastlight.simulate.world.World;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeterminismTest {
    private static List<String> targets(World w) {
        List<String> t = new ArrayList<>();
        for (int u : new int[]{0, 5, 77, w.indexOfRank(0)}) {
            String id = w.userId(u);
            t.add("/v1/profile?id=" + id);
            t.add("/v1/post/creator?id=" + id);
            t.add("/v1/follow/followers?id=" + id);
            t.add("/v1/follow/following?id=" + id);
            t.add("/v1/comment/creator?id=" + id);
            t.add("/api/v1/accounts/" + MastodonApi.accountId(w, u));
            t.add("/api/v1/accounts/" + MastodonApi.accountId(w, u) + "/statuses");
            t.add("/profile/" + w.username(u));
        }
        for (long p : new long[]{0, 3, 99}) {
            t.add("/v1/post?id=" + w.postId(p));
            t.add("/v1/comment?id=" + w.postId(p) + "&reverse=true");
            t.add("/post/" + w.postId(p));
        }
        t.add("/v1/post/hashtag?tag=MAGA");
        t.add("/v3/uuidConversion/post/7");
        t.add("/api/v1/timelines/public");
        t.add("/media/p/x/0.png");
        return t;
    }

    @Test
    void sameSeedByteIdenticalDifferentSeedDifferent() {
        SimConfig cfg = SimConfig.builder().users(300).seed(77).build();
        try (SimServer a = SimServer.start(cfg); SimServer b = SimServer.start(cfg);
             SimServer c = SimServer.start(cfg.toBuilder().seed(78).build())) {
            int same = 0;
            for (String t : targets(a.world())) {
                byte[] x = SimTestSupport.call(a, t).body(), y = SimTestSupport.call(b, t).body();
                assertArrayEquals(x, y, t);
                String text = new String(x, StandardCharsets.UTF_8);
                boolean empty = text.contains("\"comments\":[],") || text.equals("[]");
                if (!t.startsWith("/media/") && !empty) {
                    assertFalse(java.util.Arrays.equals(x, SimTestSupport.call(c, t).body()), "seed changes " + t);
                } else {
                    same++;
                }
            }
            assertTrue(same < targets(a.world()).size() / 3, "most responses depend on the seed; same: " + same);
        }
    }

    @Test
    void overRealSocketsTooOnceTheBaseUrlIsFactoredOut() throws Exception {
        SimConfig cfg = SimConfig.builder().users(200).seed(5).build();
        HttpClient client = HttpClient.newHttpClient();
        try (SimServer a = SimServer.start(cfg); SimServer b = SimServer.start(cfg)) {
            for (String t : targets(a.world()).subList(0, 8)) {
                String x = client.send(HttpRequest.newBuilder(URI.create(a.baseUri() + t)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
                String y = client.send(HttpRequest.newBuilder(URI.create(b.baseUri() + t)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
                assertEquals(x.replace(a.baseUri().toString(), "BASE"), y.replace(b.baseUri().toString(), "BASE"), t);
                assertFalse(x.isEmpty());
            }
        }
    }
}
