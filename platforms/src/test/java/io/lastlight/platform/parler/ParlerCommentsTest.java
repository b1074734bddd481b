package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.PostObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static io.lastlight.platform.parler.ParlerFixtures.JSON;
import static io.lastlight.platform.parler.ParlerFixtures.capture;
import static io.lastlight.platform.parler.ParlerFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /v1/comment?id=<post>&reverse=true&startkey=}: comments as replies, and the cursor to the next page. */
class ParlerCommentsTest {
    static final String POST = "88702dcd8857561c855f30d15cda4bd9";
    static final String FIRST = "/v1/comment?id=" + POST + "&reverse=true";
    static final String KEY1 = "2019-09-01T21:05:17.975Z_2474011";
    static final String KEY2 = "2019-09-01T15:54:27.966Z_2474001";
    final ParlerPlatform parler = new ParlerPlatform(new ParlerPlatform.Options(true, false, List.of()));

    static String page(String startKey) {
        return FIRST + (startKey == null ? "" : "&startkey=" + ParlerUrls.enc(startKey));
    }

    static List<CrawlRequest> commentPages(List<CrawlRequest> found) {
        return found.stream().filter(r -> r.kind().equals(ParlerPlatform.KIND_COMMENTS)).toList();
    }

    @Test
    void commentsAreRepliesToTheirPostWithAuthorsTimesAndCounts() {
        Capture c = fixture("comments-page-sim.json", FIRST);
        assertEquals(ParlerPlatform.KIND_COMMENTS, parler.kindOf(c.uri()));
        Extraction x = parler.extract(c);
        assertEquals(Extraction.OK, x.status(), x.detail());
        assertEquals(10, x.posts().size());
        for (PostObservation p : x.posts()) {
            assertTrue(p.isReply(), p.postId());
            assertFalse(p.isRepost(), "a comment's depth 1 does not make it an echo");
            assertEquals(POST, p.parentId());
            assertEquals(POST, p.rootId());
            assertTrue(p.authorId().matches("[0-9a-f]{32}"));
            assertEquals("second", p.createdPrecision());
        }
        PostObservation first = x.posts().get(0);
        assertEquals("9c99f879456bea2c51e77ef669b79aa1", first.postId());
        assertEquals(Instant.parse("2019-09-02T01:40:08Z"), first.createdAt());
        assertEquals(24, first.upvotes().value());
        for (int i = 1; i < x.posts().size(); i++) {
            assertFalse(x.posts().get(i).createdAt().isAfter(x.posts().get(i - 1).createdAt()), "reverse=true: newest first");
        }
        assertEquals(10, x.profiles().size(), "the commenters, embedded");
    }

    @Test
    void theNextCursorLeadsToTheNextPageAndThatPageToTheOneAfter() {
        List<CrawlRequest> found = parler.discover(ParlerFixtures.BASE, fixture("comments-page-sim.json", FIRST));
        List<CrawlRequest> next = commentPages(found);
        assertEquals(1, next.size());
        assertEquals(ParlerFixtures.BASE + page(KEY1), next.get(0).uri().toString());
        assertEquals(ParlerPlatform.TIER_COMMENTS, next.get(0).tier());
        assertTrue(found.stream().filter(r -> r.kind().equals(ParlerPlatform.KIND_PROFILE)).count() >= 1, "commenters' profiles");

        Capture second = fixture("comments-page2-sim.json", page(KEY1));
        Extraction x = parler.extract(second);
        assertEquals(10, x.posts().size());
        assertTrue(x.posts().stream().allMatch(p -> p.parentId().equals(POST)));
        List<CrawlRequest> after = commentPages(parler.discover(ParlerFixtures.BASE, second));
        assertEquals(List.of(ParlerFixtures.BASE + page(KEY2)), after.stream().map(r -> r.uri().toString()).toList());
    }

    /** A page whose cursor says this (with the request's own startkey) leads to no further comments page. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "last page                 | \"last\":true,\"next\":null",
            "last, yet a next          | \"last\":true,\"next\":\"" + KEY2 + "\"",
            "no last at all            | \"next\":\"" + KEY2 + "\"",
            "the same key again        | \"last\":false,\"next\":\"" + KEY1 + "\"",
            "an empty key              | \"last\":false,\"next\":\"\"",
            "a key that is an object   | \"last\":false,\"next\":{\"k\":1}",
    })
    void cursorsThatEndOrRepeatAreNotFollowed(String what, String paging) {
        byte[] body = ("{\"comments\":[],\"users\":[]," + paging + "}").getBytes(StandardCharsets.UTF_8);
        Capture c = capture(page(KEY1), 200, JSON, body);
        assertEquals(Extraction.OK, parler.extract(c).status());
        assertTrue(commentPages(parler.discover(ParlerFixtures.BASE, c)).isEmpty(), what);
    }

    @Test
    void aCursorCyclingBackToAnEarlierPageNamesThatPageAgainSoTheFrontierDropsIt() {
        // page 1 → KEY1 → page(KEY1) → KEY2 → page(KEY2) answers "next: KEY1" again
        CrawlRequest toKey1 = commentPages(parler.discover(ParlerFixtures.BASE, fixture("comments-page-sim.json", FIRST))).get(0);
        byte[] cyclic = ("{\"comments\":[],\"users\":[],\"last\":false,\"next\":\"" + KEY1 + "\"}").getBytes(StandardCharsets.UTF_8);
        List<CrawlRequest> back = commentPages(parler.discover(ParlerFixtures.BASE, capture(page(KEY2), 200, JSON, cyclic)));
        assertEquals(1, back.size());
        assertEquals(toKey1.key(), back.get(0).key(), "same frontier key: de-duplicated, the cycle ends");
        assertEquals(toKey1.uri(), back.get(0).uri());
    }

    @Test
    void newestFirstPostListsStopWhenTheCounterStopsFalling() {
        // creator posts are newest first: a next key whose counter is not below the current one is a broken (endless) cursor
        String base = "/v1/post/creator?id=u1&limit=10&startkey=" + ParlerUrls.enc(KEY2);
        for (String next : new String[] {KEY1, "2019-09-01T15:54:27.966Z_2474001", "2019-09-01T15:54:27.966Z_2474002"}) {
            byte[] body = ("{\"posts\":[],\"users\":[],\"last\":false,\"next\":\"" + next + "\"}").getBytes(StandardCharsets.UTF_8);
            assertTrue(parler.discover(ParlerFixtures.BASE, capture(base, 200, JSON, body)).stream()
                    .noneMatch(r -> r.kind().equals(ParlerPlatform.KIND_POSTS)), next);
        }
        byte[] falling = ("{\"posts\":[],\"users\":[],\"last\":false,\"next\":\"2019-09-01T15:00:00.000Z_2474000\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals(1, parler.discover(ParlerFixtures.BASE, capture(base, 200, JSON, falling)).stream()
                .filter(r -> r.kind().equals(ParlerPlatform.KIND_POSTS)).count());
    }

    @Test
    void offsetCursorsMustGrow() {
        String base = "/v1/follow/followers?id=u1&limit=10&startkey=20";
        for (String next : new String[] {"20", "10", "0"}) {
            byte[] body = ("{\"followers\":[],\"last\":false,\"next\":\"" + next + "\"}").getBytes(StandardCharsets.UTF_8);
            assertTrue(parler.discover(ParlerFixtures.BASE, capture(base, 200, JSON, body)).isEmpty(), next);
        }
        byte[] body = "{\"followers\":[],\"last\":false,\"next\":\"30\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(1, parler.discover(ParlerFixtures.BASE, capture(base, 200, JSON, body)).size());
    }

    @Test
    void commentsAreOnlyFetchedWhenAsked() {
        byte[] page = ("{\"posts\":[{\"_id\":\"p1\",\"creator\":\"u1\",\"body\":\"x\",\"comments\":\"3.2k\"},"
                + "{\"_id\":\"p2\",\"creator\":\"u1\",\"body\":\"y\",\"comments\":\"0\"}],\"users\":[],\"last\":true}").getBytes(StandardCharsets.UTF_8);
        Capture c = capture("/v1/post/creator?id=u1&limit=10", 200, JSON, page);
        List<CrawlRequest> withComments = commentPages(parler.discover(ParlerFixtures.BASE, c));
        assertEquals(1, withComments.size(), "only the post that has comments");
        assertEquals(ParlerFixtures.BASE + "/v1/comment?id=p1&reverse=true", withComments.get(0).uri().toString());
        assertEquals(3_200, withComments.get(0).value(), 0.0, "valued by its comment count");
        assertTrue(commentPages(new ParlerPlatform().discover(ParlerFixtures.BASE, c)).isEmpty());
    }
}
