package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fixtures follow the response shapes of platforms.md §1 (normalised lists, display-string counts). */
class ParlerPlatformTest {
    private static final URI BASE = URI.create("http://127.0.0.1:9");
    private final ParlerPlatform parler = new ParlerPlatform();

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = ParlerPlatformTest.class.getResourceAsStream("/fixtures/parler/" + name)) {
            return in.readAllBytes();
        }
    }

    static Capture capture(String url, int status, byte[] body) {
        return new Capture(URI.create(url), Instant.parse("2021-01-10T00:00:00Z"), status,
                Map.of("Content-Type", List.of("application/json")), body, false);
    }

    @Test
    void profileIsExtractedWithIntervalsAndLinksToItsLists() throws IOException {
        Capture c = capture(BASE + "/v1/profile?username=alice", 200, fixture("profile.json"));
        Extraction x = parler.extract(c);
        assertEquals(Extraction.OK, x.status());
        ProfileObservation p = x.profiles().get(0);
        assertEquals("a3f9c2d41b7e4f0a9c8d7e6f5a4b3c2d", p.userId());
        assertEquals(39_000, p.followers().value());
        assertEquals(38_500, p.followers().low());
        assertEquals(120, p.following().high());
        assertEquals(Instant.parse("2020-11-09T14:03:22Z"), p.joinedAt());
        assertTrue(p.verified());
        List<CrawlRequest> next = parler.discover(BASE, c);
        assertEquals(List.of("posts", "followers", "following"), next.stream().map(CrawlRequest::kind).toList());
        assertTrue(next.get(0).uri().toString().contains("/v1/post/creator?id=a3f9c2d41b7e4f0a9c8d7e6f5a4b3c2d"));
    }

    @Test
    void creatorPageYieldsPostsEchoesUsersAndTheNextPage() throws IOException {
        Capture c = capture(BASE + "/v1/post/creator?id=a3f9c2d41b7e4f0a9c8d7e6f5a4b3c2d&limit=10", 200, fixture("creator-page.json"));
        Extraction x = parler.extract(c);
        assertEquals(2, x.posts().size());
        PostObservation first = x.posts().get(0);
        assertEquals(List.of("stopthesteal"), first.hashtags());
        assertEquals(List.of("bob"), first.mentions());
        assertEquals(Instant.parse("2021-01-06T19:12:44Z"), first.createdAt());
        assertFalse(first.isRepost());
        assertTrue(x.posts().get(1).isRepost());
        assertEquals("9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f", x.posts().get(1).rootId());
        assertEquals(2, x.profiles().size());
        List<CrawlRequest> next = parler.discover(BASE, c);
        assertTrue(next.stream().anyMatch(r -> r.kind().equals("profile") && r.uri().toString().endsWith("username=carol")));
        CrawlRequest page = next.stream().filter(r -> r.kind().equals("posts")).findFirst().orElseThrow();
        assertTrue(page.uri().toString().contains("startkey=2020-10-23T18%3A04%3A50.105Z_159130735"), page.uri().toString());
    }

    @Test
    void followersPageYieldsEdgesAndStopsAtLast() throws IOException {
        Capture c = capture(BASE + "/v1/follow/followers?id=a3f9&limit=10", 200, fixture("followers-last.json"));
        Extraction x = parler.extract(c);
        assertEquals(1, x.follows().size());
        assertEquals("c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0", x.follows().get(0).followerId());
        assertEquals("a3f9", x.follows().get(0).followeeId());
        List<CrawlRequest> next = parler.discover(BASE, c);
        assertEquals(1, next.size());
        assertEquals("profile", next.get(0).kind());
    }

    @Test
    void aCursorThatRepeatsItselfIsNotFollowed() {
        byte[] body = "{\"posts\":[],\"users\":[],\"last\":false,\"next\":\"K1\"}".getBytes(StandardCharsets.UTF_8);
        Capture c = capture(BASE + "/v1/post/creator?id=u1&limit=10&startkey=K1", 200, body);
        assertTrue(parler.discover(BASE, c).isEmpty());
    }

    @Test
    void badInputIsReportedNotThrown() {
        assertEquals(Extraction.ERROR, parler.extract(capture(BASE + "/v1/profile?username=x", 200,
                "{\"id\": \"abc\", ".getBytes(StandardCharsets.UTF_8))).status());
        assertEquals(Extraction.ERROR, parler.extract(capture(BASE + "/v1/profile?username=x", 200,
                new byte[] {(byte) 0xff, (byte) 0xfe, 0x7b})).status());
        assertEquals(Extraction.NOT_CONTENT, parler.extract(capture(BASE + "/v1/profile?username=x", 404,
                "{\"message\":\"user not found\"}".getBytes(StandardCharsets.UTF_8))).status());
        Capture challenge = new Capture(URI.create(BASE + "/v1/profile?username=x"), Instant.EPOCH, 503,
                Map.of("Content-Type", List.of("text/html")),
                "<html><title>Just a moment...</title><script src=/cdn-cgi/challenge-platform/x></script>".getBytes(StandardCharsets.UTF_8), false);
        assertEquals(Extraction.BLOCKED, parler.extract(challenge).status());
        assertTrue(parler.discover(BASE, challenge).isEmpty());
    }

    @Test
    void capturesThatHoldNoJsonDiscoverNothingAndAreNotReadAsJson() throws Exception {
        ParlerPlatform parler = new ParlerPlatform(new ParlerPlatform.Options(true, true, List.of()));
        byte[] page = fixture("creator-page.json"); // a body that would discover plenty if read as a list page
        for (String url : List.of("http://127.0.0.1:9/robots.txt", "http://127.0.0.1:9/media/a.jpg",
                "http://127.0.0.1:9/l/abc", "http://127.0.0.1:9/elsewhere")) {
            Capture c = capture(url, 200, page);
            assertEquals(List.of(), parler.discover(URI.create("http://127.0.0.1:9"), c), url);
            assertEquals(null, parler.incompleteReason(c), url);
        }
    }
}
