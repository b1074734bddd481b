package io.lastlight.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.mastodon.MastodonApi;
import io.lastlight.simulate.world.World;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lastlight.simulate.SimTestSupport.BASE;
import static io.lastlight.simulate.SimTestSupport.call;
import static io.lastlight.simulate.SimTestSupport.getJson;
import static io.lastlight.simulate.SimTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MastodonApiTest {
    static SimServer server;
    static World world;
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @BeforeAll
    static void start() {
        server = SimServer.start(SimConfig.builder().users(1500).seed(21).build());
        world = server.world();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String next(Response r) {
        String link = r.header("Link");
        if (link == null) return null;
        Matcher m = NEXT.matcher(link);
        return m.find() ? m.group(1).substring(BASE.length()) : null;
    }

    private static int busiest() {
        int best = 0;
        for (int u = 0; u < world.users(); u++) if (world.postsOf(u) > world.postsOf(best) && !world.banned(u, world.start())) best = u;
        return best;
    }

    @Test
    void accountsHaveStringIdsSomeAbove2pow53AndMidnightCreatedAt() {
        int late = world.users() - 1;
        JsonNode a = getJson(server, "/api/v1/accounts/lookup?acct=" + world.username(late));
        assertTrue(a.get("id").isTextual());
        assertTrue(new BigInteger(a.get("id").asText()).compareTo(BigInteger.valueOf(1L << 53)) > 0);
        JsonNode early = getJson(server, "/api/v1/accounts/lookup?acct=@" + world.username(0) + "@sim.test");
        assertEquals("1", early.get("id").asText());
        assertEquals(a, getJson(server, "/api/v1/accounts/" + a.get("id").asText()));
        assertEquals(a, getJson(server, "/api/v1/account_by_username/" + world.username(late)));
        assertTrue(a.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT00:00:00\\.000Z"), a.get("created_at").asText());
        for (String f : List.of("username", "acct", "display_name", "locked", "bot", "note", "url", "avatar", "header",
                "followers_count", "following_count", "statuses_count", "last_status_at", "fields", "emojis")) assertTrue(a.has(f), f);
        assertTrue(a.get("followers_count").isNumber());
        Response missing = call(server, "/api/v1/accounts/99999999999999999");
        assertEquals(404, missing.status());
        assertEquals("Record not found", json(missing).get("error").asText());
        JsonNode inst = getJson(server, "/api/v1/instance");
        assertEquals(1500, inst.get("stats").get("user_count").asInt());
        assertEquals(world.postCount(), inst.get("stats").get("status_count").asLong());
    }

    @Test
    void statusesPageByLinkHeaderToTheEnd() {
        int u = busiest();
        String id = MastodonApi.accountId(world, u);
        String target = "/api/v1/accounts/" + id + "/statuses?limit=40";
        Set<String> seen = new HashSet<>();
        BigInteger last = null;
        int pages = 0;
        while (target != null) {
            Response r = call(server, target);
            assertEquals(200, r.status());
            JsonNode arr = json(r);
            assertTrue(arr.size() <= 40);
            pages++;
            for (JsonNode s : arr) {
                assertTrue(s.get("id").isTextual());
                BigInteger v = new BigInteger(s.get("id").asText());
                if (last != null) assertTrue(v.compareTo(last) < 0, "descending ids");
                last = v;
                assertTrue(seen.add(s.get("id").asText()));
                assertEquals(id, s.get("account").get("id").asText());
                assertTrue(s.get("content").asText().isEmpty() || s.get("content").asText().startsWith("<p>"));
                if (!s.get("reblog").isNull()) assertTrue(s.get("reblog").has("account"));
                for (String f : List.of("created_at", "in_reply_to_id", "sensitive", "spoiler_text", "visibility", "uri", "url",
                        "replies_count", "reblogs_count", "favourites_count", "media_attachments", "mentions", "tags", "card", "poll")) assertTrue(s.has(f), f);
            }
            target = next(r);
        }
        long expected = 0;
        for (long p = world.firstPostOf(u); p < world.firstPostOf(u) + world.postsOf(u); p++) if (world.listed(p, world.start())) expected++;
        assertEquals(expected, seen.size());
        assertEquals((expected + 39) / 40, pages);
        // default limit 20, min_id / since_id
        JsonNode firstPage = getJson(server, "/api/v1/accounts/" + id + "/statuses");
        assertEquals(Math.min(20, expected), firstPage.size());
        String newest = firstPage.get(0).get("id").asText();
        assertEquals(0, getJson(server, "/api/v1/accounts/" + id + "/statuses?since_id=" + newest).size());
        String third = firstPage.get(2).get("id").asText();
        JsonNode newer = getJson(server, "/api/v1/accounts/" + id + "/statuses?min_id=" + third);
        assertEquals(2, newer.size());
        assertEquals(newest, newer.get(0).get("id").asText());
    }

    @Test
    void followersPageByOpaqueCursorWithoutDuplicates() {
        int top = world.indexOfRank(0);
        String target = "/api/v1/accounts/" + MastodonApi.accountId(world, top) + "/followers?limit=80";
        Set<String> ids = new HashSet<>();
        Response r = null;
        while (target != null) {
            r = call(server, target);
            JsonNode arr = json(r);
            assertTrue(arr.size() <= 80);
            arr.forEach(a -> assertTrue(ids.add(a.get("id").asText())));
            target = next(r);
        }
        assertEquals(world.followersCount(top), ids.size());
        assertTrue(ids.size() > 80, "several pages");
        JsonNode def = getJson(server, "/api/v1/accounts/" + MastodonApi.accountId(world, top) + "/followers");
        assertEquals(40, def.size());
        int u = world.indexOfRank(77);
        JsonNode following = getJson(server, "/api/v1/accounts/" + MastodonApi.accountId(world, u) + "/following");
        assertEquals(world.followingCount(u), following.size());
        assertNull(call(server, "/api/v1/accounts/" + MastodonApi.accountId(world, u) + "/following").header("Link"));
    }

    @Test
    void statusAndContext() {
        long p = 0;
        while (world.commentsOnCount(p) < 3 || !world.listed(p, world.start())) p++;
        String sid = MastodonApi.statusId(world, p);
        JsonNode s = getJson(server, "/api/v1/statuses/" + sid);
        assertEquals(sid, s.get("id").asText());
        JsonNode ctx = getJson(server, "/api/v1/statuses/" + sid + "/context");
        assertEquals(0, ctx.get("ancestors").size());
        assertEquals(world.commentsOnCount(p), ctx.get("descendants").size());
        JsonNode reply = ctx.get("descendants").get(0);
        assertEquals(sid, reply.get("in_reply_to_id").asText());
        JsonNode rctx = getJson(server, "/api/v1/statuses/" + reply.get("id").asText() + "/context");
        assertEquals(sid, rctx.get("ancestors").get(0).get("id").asText());
        assertEquals(404, call(server, "/api/v1/statuses/12").status());
        JsonNode timeline = getJson(server, "/api/v1/timelines/public?limit=5");
        assertEquals(5, timeline.size());
    }
}
