package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An echo's original comes in the page's {@code postRefs[]} (platforms.md §1; parlance's {@code _reparent_all}
 * resolves {@code parent}/{@code root} against it): it is observed like the page's own posts, its author like the
 * other users, and discovery does not look up by id what the page carried, only what it did not.
 */
class ParlerEchoRefsTest {
    private static final ParlerPlatform ALL_ON = new ParlerPlatform(new ParlerPlatform.Options(true, true, List.of()));

    private static Map<String, PostObservation> byId(Extraction x) {
        return x.posts().stream().collect(Collectors.toMap(PostObservation::postId, Function.identity()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            creator-page-echo.json | /v1/post/creator?id=4b8638eca2db4b17b3a7203e40ac8ce7&limit=10 | a730ccce12fe4ed6ae9419ee79589405 | e37160b20b3e44ac9f04a0341138abcb | 7536fd1d5c3547fa883fb19ea3cbf244 | the original text, as @carol said | 20210105120000 | 9.7k | 27k | 62k | 5.5m
            post-echo-sim.json     | /v1/post?id=25911ec05075837915efb604c5945f2c                    | 25911ec05075837915efb604c5945f2c | 547b2ed40dba0ebda202ce1a08bea1c0 | fc5ff4ec0dcef0fd6182dc04a938ce97 | The Constitution is not a suggestion. #WWG1WGA | 20201210003817 | 0 | 0 | 1 | 33
            """)
    void theEchoedOriginalIsARowWithItsBodyCountsAndAuthor(String fixture, String target, String echoId, String originalId,
                                                          String originalAuthor, String body, String created, String comments,
                                                          String reposts, String upvotes, String impressions) {
        Capture c = ParlerFixtures.fixture(fixture, target);
        for (boolean slim : new boolean[] {true, false}) {
            Extraction x = ParlerExtract.extract(ALL_ON, c, slim);
            assertEquals(Extraction.OK, x.status(), x.detail());
            Map<String, PostObservation> posts = byId(x);
            assertEquals(x.posts().size(), posts.size(), "each post observed once");
            PostObservation echo = posts.get(echoId);
            assertTrue(echo.isRepost());
            assertEquals(originalId, echo.parentId());
            PostObservation original = posts.get(originalId);
            assertTrue(original != null, "the echoed original is a row (slim=" + slim + ")");
            assertEquals(body, original.text());
            assertEquals(originalAuthor, original.authorId());
            assertEquals(ParlerJson.time(created), original.createdAt());
            assertEquals(comments, original.comments().display());
            assertEquals(reposts, original.reposts().display());
            assertEquals(upvotes, original.upvotes().display());
            assertEquals(impressions, original.impressions().display());
            assertFalse(original.isRepost());
            assertEquals(ParlerJson.mentions(body), original.mentions());
            assertEquals(ParlerJson.hashtags(body), original.hashtags());
            assertTrue(x.profiles().stream().map(ProfileObservation::userId).anyMatch(originalAuthor::equals),
                    "the original's author, from users[]");
            // Discovery: the carried original is not looked up again; its author's profile is followed.
            List<CrawlRequest> next = ALL_ON.discover(ParlerFixtures.BASE, c);
            assertTrue(next.stream().noneMatch(r -> r.kind().equals(ParlerPlatform.KIND_POST)), next.toString());
        }
    }

    @Test
    void mentionsInTheOriginalAreFollowed() {
        List<CrawlRequest> next = ALL_ON.discover(ParlerFixtures.BASE, ParlerFixtures.fixture("creator-page-echo.json",
                "/v1/post/creator?id=4b8638eca2db4b17b3a7203e40ac8ce7&limit=10"));
        assertTrue(next.stream().anyMatch(r -> r.key().equals("parler:profile:carol")), next.toString());
        assertTrue(next.stream().anyMatch(r -> r.key().equals("parler:profile:dave")), "the original's author");
    }

    @Test
    void anOriginalThePageDoesNotCarryIsLookedUpById() {
        // creator-page.json: an echo of 9f9f…, with postRefs[] empty
        List<CrawlRequest> next = ALL_ON.discover(ParlerFixtures.BASE, ParlerFixtures.fixture("creator-page.json",
                "/v1/post/creator?id=a3f9c2d41b7e4f0a9c8d7e6f5a4b3c2d&limit=10"));
        List<CrawlRequest> lookups = next.stream().filter(r -> r.kind().equals(ParlerPlatform.KIND_POST)).toList();
        assertEquals(1, lookups.size(), next.toString());
        assertEquals("parler:post:9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f", lookups.get(0).key());
        assertEquals(ParlerFixtures.BASE + "/v1/post?id=9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f", lookups.get(0).uri().toString());
    }

    @Test
    void aReferenceThePageAlsoListsIsObservedOnceAsListed() {
        byte[] body = ("{\"posts\":[{\"_id\":\"e1\",\"body\":\"\",\"depth\":\"1\",\"parent\":\"o1\",\"root\":\"o1\"},"
                + "{\"_id\":\"o1\",\"body\":\"mine\",\"upvotes\":\"5\"}],"
                + "\"postRefs\":[{\"_id\":\"o1\",\"body\":\"mine\",\"upvotes\":\"6\"},{\"id\":\"o2\",\"body\":\"x\"},{\"_id\":\"o2\",\"body\":\"y\"},"
                + "\"junk\",{\"body\":\"no id\"}],\"users\":[],\"last\":true}").getBytes(StandardCharsets.UTF_8);
        Capture c = new Capture(java.net.URI.create(ParlerFixtures.BASE + "/v1/post/creator?id=u&limit=10"), Instant.EPOCH, 200,
                Map.of("Content-Type", List.of(ParlerFixtures.JSON)), body, false);
        Extraction x = ALL_ON.extract(c);
        assertEquals(List.of("e1", "o1", "o2"), x.posts().stream().map(PostObservation::postId).toList());
        assertEquals("5", x.posts().get(1).upvotes().display(), "the page's own object wins");
        assertEquals("x", x.posts().get(2).text(), "the first reference wins");
        assertTrue(ALL_ON.discover(ParlerFixtures.BASE, c).stream().noneMatch(r -> r.kind().equals(ParlerPlatform.KIND_POST)));
    }
}
