package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.Counts;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;
import io.lastlight.simulate.SimServer;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.world.World;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same items read from the web pages and from the API agree, across many accounts of the simulated
 * platform (answers produced in-process, no network): ids, names, display counts, echoes, media, hashtags,
 * mentions, comments; and each page's relative time brackets the API's exact one within its precision.
 */
class ParlerHtmlAgreesWithApiTest {
    static final ParlerPlatform PARLER = new ParlerPlatform(new ParlerPlatform.Options(true, true, List.of()));
    static SimServer server;

    @BeforeAll
    static void start() {
        server = ParlerSimFixtures.server();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Extraction read(String target) {
        Response r = ParlerSimFixtures.call(server, target);
        assertEquals(200, r.status(), target);
        String type = target.startsWith("/v") ? "application/json" : "text/html";
        Extraction x = PARLER.extract(new Capture(URI.create(ParlerSimFixtures.BASE + target), ParlerSimFixtures.NOW, 200,
                Map.of("Content-Type", List.of(type)), r.body(), false));
        assertEquals(Extraction.OK, x.status(), target + ": " + x.detail());
        return x;
    }

    static String display(Counts c) {
        return c == null ? null : c.display();
    }

    static final Map<String, Duration> UNIT = Map.of("minute", Duration.ofMinutes(1), "hour", Duration.ofHours(1),
            "day", Duration.ofDays(1), "week", Duration.ofDays(7), "month", Duration.ofDays(30), "year", Duration.ofDays(365));

    static void assertWithinPrecision(Instant exact, PostObservation html) {
        Instant shown = html.createdAt();
        Duration unit = UNIT.get(html.createdPrecision());
        assertTrue(!exact.isAfter(shown) && exact.isAfter(shown.minus(unit)),
                html.postId() + ": API " + exact + " not within one " + html.createdPrecision() + " before " + shown);
    }

    @Test
    void profilesAndTheirNewestPostsAgree() {
        World w = server.world();
        int postsCompared = 0;
        for (int rank = 0; rank < 120; rank += 3) {
            String name = w.username(w.indexOfRank(rank));
            ProfileObservation page = read("/profile/" + name).profiles().get(0);
            ProfileObservation api = read("/v1/profile?username=" + name).profiles().get(0);
            assertEquals(api.userId(), page.userId());
            assertEquals(api.username(), page.username());
            assertEquals(api.displayName(), page.displayName());
            assertEquals(api.verified(), page.verified());
            assertEquals(api.banned(), page.banned());
            assertEquals(display(api.followers()), display(page.followers()));
            assertEquals(display(api.following()), display(page.following()));
            assertEquals(display(api.posts()), display(page.posts()));
            assertEquals(api.joinedAt().atZone(java.time.ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant(),
                    page.joinedAt(), name + " joined");
            if (Boolean.TRUE.equals(api.banned())) continue;

            List<PostObservation> htmlPosts = read("/profile/" + name).posts();
            // The API page also observes the posts its echoes point to (postRefs[]); the web page shows them inside the
            // echo's card and leaves them to their own pages, so the page's own posts are compared.
            String creator = "/v1/post/creator?id=" + api.userId() + "&limit=10";
            List<String> listed = new java.util.ArrayList<>(), referenced = new java.util.ArrayList<>();
            try {
                com.fasterxml.jackson.databind.JsonNode list = ParlerPlatform.JSON.readTree(ParlerSimFixtures.call(server, creator).body());
                list.path("posts").forEach(p -> listed.add(p.get("_id").asText()));
                list.path("postRefs").forEach(p -> { if (!listed.contains(p.get("_id").asText())) referenced.add(p.get("_id").asText()); });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            List<PostObservation> all = read(creator).posts();
            assertEquals(referenced, all.stream().map(PostObservation::postId).filter(id -> !listed.contains(id)).toList(), name);
            List<PostObservation> apiPosts = all.stream().filter(p -> listed.contains(p.postId())).toList();
            assertEquals(apiPosts.stream().map(PostObservation::postId).toList(), htmlPosts.stream().map(PostObservation::postId).toList(), name);
            for (int i = 0; i < apiPosts.size(); i++) {
                PostObservation a = apiPosts.get(i), h = htmlPosts.get(i);
                assertEquals(a.text().replaceAll("\\s+", " ").trim(), h.text(), a.postId());
                assertEquals(a.parentId(), h.parentId(), a.postId() + " echo of");
                assertEquals(a.isRepost(), h.isRepost(), a.postId());
                assertEquals(display(a.comments()), display(h.comments()), a.postId() + " comments");
                assertEquals(display(a.reposts()), display(h.reposts()), a.postId() + " echoes");
                assertEquals(display(a.upvotes()), display(h.upvotes()), a.postId() + " upvotes");
                assertEquals(display(a.impressions()), display(h.impressions()), a.postId() + " impressions");
                assertEquals(a.mediaIds(), h.mediaIds(), a.postId() + " media");
                assertEquals(a.hashtags(), h.hashtags(), a.postId() + " hashtags");
                assertEquals(a.mentions(), h.mentions(), a.postId() + " mentions");
                assertWithinPrecision(a.createdAt(), h);
                postsCompared++;
            }
        }
        assertTrue(postsCompared >= 100, "compared only " + postsCompared + " posts");
    }

    @Test
    void aPostPagesCommentsAreTheApisComments() {
        World w = server.world();
        int pages = 0;
        for (long p = 0; p < w.postCount() && pages < 25; p++) {
            long n = w.commentsOnCount(p);
            if (n == 0 || n > 10 || !w.listed(p, ParlerSimFixtures.NOW)) continue;
            String id = w.postId(p);
            List<PostObservation> html = read("/post/" + id).posts();
            assertEquals(id, html.get(0).postId());
            Map<String, PostObservation> fromPage = html.subList(1, html.size()).stream()
                    .collect(Collectors.toMap(PostObservation::postId, c -> c));
            List<PostObservation> api = read("/v1/comment?id=" + id + "&reverse=true").posts();
            assertEquals(n, api.size());
            Map<String, PostObservation> fromApi = new HashMap<>();
            for (PostObservation c : api) fromApi.put(c.postId(), c);
            assertEquals(fromApi.keySet(), fromPage.keySet(), id);
            for (PostObservation c : api) {
                PostObservation h = fromPage.get(c.postId());
                assertEquals(c.parentId(), h.parentId());
                assertEquals(c.rootId(), h.rootId());
                assertEquals(c.isReply(), h.isReply());
                assertEquals(c.text().replaceAll("\\s+", " ").trim(), h.text());
                assertEquals(c.mentions(), h.mentions());
                assertWithinPrecision(c.createdAt(), h);
            }
            pages++;
        }
        assertEquals(25, pages);
    }
}
