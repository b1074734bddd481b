package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.Counts;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.lastlight.platform.parler.ParlerFixtures.CAPTURED;
import static io.lastlight.platform.parler.ParlerFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web pages {@code /profile/<name>} and {@code /post/<id>}: page bytes in, observations and links out. */
class ParlerHtmlTest {
    static final ParlerPlatform HTML_ON = new ParlerPlatform(new ParlerPlatform.Options(false, true, List.of()));

    static void assertCount(Counts c, String display, long value, long low, long high) {
        assertEquals(display, c.display());
        assertEquals(value, c.value(), display);
        assertEquals(low, c.low(), display);
        assertEquals(high, c.high(), display);
    }

    @Test
    void profilePageYieldsTheProfileWithDisplayCountsAsIntervals() {
        Capture c = fixture("html-profile-sim.html", "/profile/PrairieScout8150458");
        assertEquals(ParlerPlatform.KIND_HTML_PROFILE, HTML_ON.kindOf(c.uri()));
        Extraction x = HTML_ON.extract(c);
        assertEquals(Extraction.OK, x.status(), x.detail());
        ProfileObservation p = x.profiles().get(0);
        assertEquals("0e2376bf564999834e99eb25688ad355", p.userId());
        assertEquals("PrairieScout8150458", p.username());
        assertEquals("Joseph Allen", p.displayName());
        assertEquals("html", p.source());
        assertTrue(p.verified());
        assertFalse(p.banned());
        // "3.1m": the simulator's true 3,130,263 displayed followers lie inside the interval, no fake exact integer
        assertCount(p.followers(), "3.1m", 3_100_000, 3_050_000, 3_199_999);
        assertTrue(p.followers().low() <= 3_130_263 && 3_130_263 <= p.followers().high());
        assertCount(p.following(), "9", 9, 9, 9);
        assertCount(p.posts(), "1", 1, 1, 1);
        assertEquals(Instant.parse("2021-01-01T00:00:00Z"), p.joinedAt(), "'Joined 2021-01'");
        assertEquals("month", p.joinedPrecision());
    }

    @Test
    void profilePagePostsCarryRelativeTimesResolvedAgainstTheCaptureAndDisplayCounts() {
        Extraction x = HTML_ON.extract(fixture("html-profile-sim.html", "/profile/PrairieScout8150458"));
        assertEquals(1, x.posts().size());
        PostObservation post = x.posts().get(0);
        assertEquals("bbd5d5e5de211bafc7464f2ae1f22885", post.postId());
        assertEquals(CAPTURED.minusSeconds(86_400), post.createdAt(), "'1 day ago'");
        assertEquals("day", post.createdPrecision());
        assertEquals("Call your representatives today and tell them to count every legal vote. https://par.pw/l/604a006", post.text());
        assertCount(post.comments(), "0", 0, 0, 0);
        assertCount(post.reposts(), "13k", 13_000, 12_500, 13_999);
        assertCount(post.upvotes(), "71k", 71_000, 70_500, 71_999);
        assertCount(post.impressions(), "1.5m", 1_500_000, 1_450_000, 1_599_999);
        assertEquals(List.of("https://www.truthfeed.example/2021/01/report-new-rules-for-social-media"), post.links());
        assertFalse(post.isRepost());
        assertFalse(post.isReply());
    }

    @Test
    void pagedProfileLeadsToItsOlderPageAndTheLastPageLeadsNowhere() {
        Capture first = fixture("html-profile-paged-sim.html", "/profile/silentmarine9823117");
        Extraction x = HTML_ON.extract(first);
        assertEquals(10, x.posts().size(), "ten cards a page (echoed originals are not rows of this page)");
        assertCount(x.profiles().get(0).followers(), "8.3k", 8_300, 8_250, 8_399);
        List<CrawlRequest> next = HTML_ON.discover(ParlerFixtures.BASE, first);
        List<CrawlRequest> pages = next.stream().filter(r -> r.kind().equals(ParlerPlatform.KIND_HTML_PROFILE)).toList();
        assertEquals(1, pages.size());
        assertEquals(ParlerFixtures.BASE + "/profile/silentmarine9823117?page=2", pages.get(0).uri().toString());
        assertEquals(10, next.stream().filter(r -> r.kind().equals(ParlerPlatform.KIND_HTML_POST)
                && x.posts().stream().anyMatch(p -> r.uri().getPath().endsWith(p.postId()))).count(), "each card's post page");
        assertTrue(next.stream().anyMatch(r -> r.kind().equals(ParlerPlatform.KIND_PROFILE)
                && r.uri().toString().endsWith("username=silentmarine9823117")), "the author's API profile");

        Capture last = fixture("html-profile-page2-sim.html", "/profile/silentmarine9823117?page=2");
        Extraction y = HTML_ON.extract(last);
        assertTrue(y.posts().size() > 0 && y.posts().size() < 10, "the last page is short: " + y.posts().size());
        Set<String> firstIds = x.posts().stream().map(PostObservation::postId).collect(Collectors.toSet());
        assertTrue(y.posts().stream().noneMatch(p -> firstIds.contains(p.postId())), "pages do not overlap");
        assertTrue(HTML_ON.discover(ParlerFixtures.BASE, last).stream().noneMatch(r -> r.kind().equals(ParlerPlatform.KIND_HTML_PROFILE)),
                "the newer-posts link is not followed back, and there is no older page");
    }

    @Test
    void apiOnlyAdapterDoesNotFollowWebPagesButStillFindsAccounts() {
        ParlerPlatform apiOnly = new ParlerPlatform();
        List<CrawlRequest> next = apiOnly.discover(ParlerFixtures.BASE, fixture("html-profile-paged-sim.html", "/profile/silentmarine9823117"));
        assertTrue(next.stream().noneMatch(r -> r.kind().equals(ParlerPlatform.KIND_HTML_POST)));
        assertTrue(next.stream().anyMatch(r -> r.kind().equals(ParlerPlatform.KIND_PROFILE)));
    }

    @Test
    void bannedProfilePageIsABannedProfileWithNoPosts() {
        Extraction x = HTML_ON.extract(fixture("html-profile-banned-sim.html", "/profile/DanielScott3717258"));
        assertEquals(Extraction.OK, x.status());
        assertEquals(1, x.profiles().size());
        assertTrue(x.profiles().get(0).banned());
        assertEquals("25e7a4d4eb8d9d80e194cbed5ba83b0b", x.profiles().get(0).userId());
        assertTrue(x.posts().isEmpty());
    }

    @Test
    void postPageYieldsThePostItsOwnCountsTheEchoedParentAndTheComments() {
        String id = "25911ec05075837915efb604c5945f2c";
        Capture c = fixture("html-post-sim.html", "/post/" + id);
        assertEquals(ParlerPlatform.KIND_HTML_POST, HTML_ON.kindOf(c.uri()));
        Extraction x = HTML_ON.extract(c);
        assertEquals(Extraction.OK, x.status(), x.detail());
        assertTrue(x.profiles().isEmpty());
        PostObservation post = x.posts().get(0);
        assertEquals(id, post.postId());
        assertTrue(post.isRepost());
        assertEquals("547b2ed40dba0ebda202ce1a08bea1c0", post.parentId());
        assertEquals("547b2ed40dba0ebda202ce1a08bea1c0", post.rootId());
        assertEquals(CAPTURED.minusSeconds(26 * 86_400L), post.createdAt(), "'26 days ago'");
        // the echo's own counts, not those of the echoed original's card nested inside it (0 comments, 33 impressions)
        assertCount(post.comments(), "13", 13, 13, 13);
        assertCount(post.impressions(), "18", 18, 18, 18);
        assertTrue(x.posts().stream().noneMatch(p -> p.postId().equals("547b2ed40dba0ebda202ce1a08bea1c0")),
                "the echoed original is captured from its own page");
        List<PostObservation> comments = x.posts().subList(1, x.posts().size());
        assertEquals(13, comments.size(), "the 13 comments the card counts");
        for (PostObservation cm : comments) {
            assertTrue(cm.isReply());
            assertFalse(cm.isRepost());
            assertEquals(id, cm.parentId());
            assertEquals(id, cm.rootId());
            assertEquals("day", cm.createdPrecision());
            assertTrue(cm.postId().matches("[0-9a-f]{32}"), cm.postId());
        }
        assertEquals("Followed!", comments.get(0).text());
        List<CrawlRequest> next = HTML_ON.discover(ParlerFixtures.BASE, c);
        assertTrue(next.stream().anyMatch(r -> r.uri().toString().endsWith("username=prairieteacher2979056")), "commenters' profiles");
        assertTrue(next.stream().anyMatch(r -> r.kind().equals(ParlerPlatform.KIND_HTML_POST)
                && r.uri().getPath().equals("/post/547b2ed40dba0ebda202ce1a08bea1c0")), "the echoed original's page");
    }

    @ParameterizedTest(name = "''{0}'' -> {2}")
    @CsvSource({
            "just now, 0, minute",
            "5 minutes ago, 300, minute",
            "1 hour ago, 3600, hour",
            "3 hours ago, 10800, hour",
            "2 days ago, 172800, day",
            "1 week ago, 604800, week",
            "4 months ago, 10368000, month",
            "1 year ago, 31536000, year",
            "'  3 HOURS AGO ', 10800, hour",
    })
    void relativeTimesResolveAgainstTheCaptureTimeWithTheirPrecision(String shown, long secondsBefore, String precision) {
        Object[] r = ParlerHtml.resolve(shown, CAPTURED);
        assertEquals(CAPTURED.minusSeconds(secondsBefore), r[0]);
        assertEquals(precision, r[1]);
    }

    @ParameterizedTest
    @CsvSource({"yesterday", "''", "99999999999 years ago", "ago", "3 fortnights ago"})
    void unreadableRelativeTimesAreNull(String shown) {
        assertNull(ParlerHtml.resolve(shown, CAPTURED));
    }

    @Test
    void aPostPageDoesNotPageLikeAProfile() {
        Capture c = ParlerFixtures.capture("/post/d", 200, ParlerFixtures.HTML, ParlerFixtures.bytes("html-post-pager.html"));
        List<CrawlRequest> next = HTML_ON.discover(ParlerFixtures.BASE, c);
        assertTrue(next.stream().noneMatch(r -> r.kind().equals(ParlerPlatform.KIND_HTML_PROFILE)), next.toString());
        Extraction x = HTML_ON.extract(c);
        assertEquals(Extraction.OK, x.status());
        assertEquals(CAPTURED, x.posts().get(0).createdAt(), "'just now'");
    }

    @Test
    void hostileValuesOnAPageBecomeNullsNotExceptionsAndTheRestIsKept() {
        Capture c = fixture("html-profile-hostile.html", "/profile/hostile");
        Extraction x = HTML_ON.extract(c);
        assertEquals(Extraction.OK, x.status(), x.detail());
        ProfileObservation p = x.profiles().get(0);
        assertEquals("c0ffee00c0ffee00c0ffee00c0ffee00", p.userId());
        assertEquals("Hostile <script>", p.displayName());
        assertNull(p.followers(), "99999999999999999999 does not fit a count");
        assertNull(p.following(), "1e400k");
        assertNull(p.posts(), "-5");
        assertNull(p.joinedAt(), "month 13");
        assertEquals(List.of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), x.posts().stream().map(PostObservation::postId).toList(),
                "cards without a usable id are skipped");
        PostObservation post = x.posts().get(0);
        assertNull(post.createdAt(), "99999999999 years ago");
        assertNull(post.comments(), "1.5555k is not a whole number");
        assertEquals(12, post.impressions().value());
        List<CrawlRequest> next = HTML_ON.discover(ParlerFixtures.BASE, c);
        List<String> urls = next.stream().map(r -> r.uri().toString()).sorted().toList();
        assertEquals(List.of(
                ParlerFixtures.BASE + "/post/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                ParlerFixtures.BASE + "/post/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                ParlerFixtures.BASE + "/v1/profile?username=hostile",
                ParlerFixtures.BASE + "/v1/profile?username=ok_name"), urls,
                "no page 99999999999, no path smuggled into an id (a query is dropped), nothing off-site");
    }

    @Test
    void aPageCutByADroppedConnectionKeepsWhatArrived() {
        Extraction x = HTML_ON.extract(fixture("html-profile-cut.html", "/profile/PrairieScout8150458"));
        assertEquals(Extraction.OK, x.status(), x.detail());
        assertCount(x.profiles().get(0).followers(), "3.1m", 3_100_000, 3_050_000, 3_199_999);
        assertEquals(1, x.posts().size());
        assertEquals("bbd5d5e5de211bafc7464f2ae1f22885", x.posts().get(0).postId());
        assertNull(x.posts().get(0).impressions(), "the counts were after the cut");
    }

    @Test
    void invalidUtf8InAPageIsReplacedNotFatal() {
        Extraction x = HTML_ON.extract(fixture("html-profile-invalid-utf8.html", "/profile/PrairieScout8150458"));
        assertEquals(Extraction.OK, x.status(), x.detail());
        ProfileObservation p = x.profiles().get(0);
        assertTrue(p.bio().startsWith("#God\uFFFDBless\uFFFD(America"), p.bio());
        assertEquals("3.1m", p.followers().display());
    }

    @Test
    void hashtagsAndMentionsAreReadFromTheShownText() {
        assertEquals(List.of("wwg1wga", "maga"), ParlerJson.hashtags("The Constitution #WWG1WGA and #MAGA, not &#35;x or a#b"));
        assertEquals(List.of("bob", "carol_1"), ParlerJson.mentions("@bob and @carol_1 but not mail@example.org"));
    }
}
