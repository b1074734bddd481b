package io.lastlight.simulate;

import io.lastlight.simulate.html.HtmlPages;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.world.World;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

import static io.lastlight.simulate.SimTestSupport.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlPagesTest {
    static SimServer server;
    static World world;

    @BeforeAll
    static void start() {
        server = SimServer.start(SimConfig.builder().users(120).seed(8).build());
        world = server.world();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Document page(String target) {
        Response r = call(server, target);
        assertEquals(200, r.status(), target);
        assertTrue(r.header("Content-Type").startsWith("text/html"));
        return Jsoup.parse(new String(r.body(), StandardCharsets.UTF_8), "http://sim.test");
    }

    @Test
    void relativeTimes() {
        Instant now = Instant.parse("2021-01-09T00:00:00Z");
        assertEquals("just now", HtmlPages.relative(now.minusSeconds(5), now));
        assertEquals("1 minute ago", HtmlPages.relative(now.minusSeconds(61), now));
        assertEquals("3 hours ago", HtmlPages.relative(now.minusSeconds(3 * 3600 + 20), now));
        assertEquals("2 days ago", HtmlPages.relative(now.minusSeconds(2 * 86400), now));
        assertEquals("1 year ago", HtmlPages.relative(now.minusSeconds(400L * 86400), now));
    }

    @Test
    void profilePageUsesParlerClassesAndPagesThroughAllPosts() {
        int u = 0;
        for (int i = 0; i < world.users(); i++) if (world.postsOf(i) > world.postsOf(u) && !world.banned(i, world.start())) u = i;
        String name = world.username(u);
        Document d = page("/profile/" + name);
        assertEquals(world.user(u).name(), d.selectFirst(".profile--name").text());
        assertEquals("@" + name, d.selectFirst(".profile--username").text());
        assertTrue(d.selectFirst(".profile--bio") != null);
        assertTrue(d.selectFirst("img.profile-photo-image").attr("src").startsWith("/media/"));
        Set<String> ids = new HashSet<>();
        String next = "/profile/" + name;
        while (next != null) {
            Document p = page(next);
            for (Element card : p.select(".profile--posts > .post--card--wrapper")) {
                assertTrue(ids.add(card.attr("data-id")));
                assertTrue(card.selectFirst(".post--timestamp").text().matches("just now|\\d+ (minute|hour|day|month|year)s? ago"));
                assertTrue(card.selectFirst(".card--body") != null);
                assertEquals("@" + name, card.selectFirst(".author--username").text());
                assertTrue(card.selectFirst(".impressions--count") != null);
                assertTrue(card.select(".pa--item--count").size() >= 3);
            }
            Element older = p.selectFirst("a.pager--older");
            next = older == null ? null : older.attr("href");
        }
        long expected = 0;
        for (long p = world.firstPostOf(u); p < world.firstPostOf(u) + world.postsOf(u); p++) if (world.listed(p, world.start())) expected++;
        assertEquals(expected, ids.size());
    }

    @Test
    void plainLinksReachEveryReachableProfileFromASeedPage() {
        GroundTruth t = server.truth();
        Set<String> visited = new HashSet<>();
        Set<String> profiles = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        for (String s : t.seedUsers()) queue.add("/profile/" + s);
        while (!queue.isEmpty()) {
            String target = queue.poll();
            if (!visited.add(target)) continue;
            Response r = call(server, target);
            if (r.status() != 200) continue;
            Document d = Jsoup.parse(new String(r.body(), StandardCharsets.UTF_8));
            if (target.startsWith("/profile/") && !target.contains("?") && target.split("/").length == 3) profiles.add(target.substring(9));
            // follow only the follow graph: profile → its follow lists → listed profiles (post cards may also link
            // to authors of echoed posts, who need not be reachable through follows)
            for (Element a : d.select(".profile--stats a[href], .follow--list a.author--link[href], .pager a[href]")) {
                String href = a.attr("href");
                if (href.matches("/profile/[^/?]+(/follow(ers|ing)(\\?page=\\d+)?)?")) queue.add(href);
            }
        }
        assertEquals(t.reachableUsers(), profiles.size());
    }

    @Test
    void postPageShowsCommentsAndDeletedPostsAre404() {
        long p = 0;
        while (world.commentsOnCount(p) == 0 || !world.listed(p, world.start())) p++;
        Document d = page("/post/" + world.postId(p));
        assertTrue(d.selectFirst(".post--card--wrapper") != null);
        assertEquals(Math.min(100, world.commentsOnCount(p)), d.select(".comment--card--wrapper").size());
        long del = 0;
        while (world.deletedAt(del) == null || world.deletedAt(del).isAfter(world.start())) del++;
        assertEquals(404, call(server, "/post/" + world.postId(del)).status());
        assertFalse(call(server, "/profile/nobody_here").status() == 200);
    }
}
