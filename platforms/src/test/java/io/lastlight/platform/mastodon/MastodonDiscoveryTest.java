package io.lastlight.platform.mastodon;

import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.lastlight.platform.mastodon.MastodonFixtures.ANNA;
import static io.lastlight.platform.mastodon.MastodonFixtures.BASE;
import static io.lastlight.platform.mastodon.MastodonFixtures.capture;
import static io.lastlight.platform.mastodon.MastodonFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MastodonDiscoveryTest {
    private final MastodonPlatform mastodon = new MastodonPlatform();

    private Map<String, CrawlRequest> byKey(Capture c) {
        List<CrawlRequest> found = mastodon.discover(BASE, c);
        Map<String, CrawlRequest> m = found.stream().collect(Collectors.toMap(CrawlRequest::key, Function.identity()));
        assertEquals(found.size(), m.size(), "one request per key");
        return m;
    }

    @Test
    void seedsAreTheInstanceTheLookupsAndOneTimelinePage() {
        // With the dialect given, the lookups are seeds; auto waits for the server's self-description.
        io.lastlight.platform.Platform given = mastodon.configure(new io.lastlight.platform.PlatformOptions(false, false,
                List.of(), Map.of("dialect", "mastodon")));
        List<CrawlRequest> seeds = given.seeds(URI("https://truthsocial.example/"), List.of("@Patriot_Anna", "bob@gab.example", "patriot_anna", " "));
        assertEquals(List.of("mastodon:nodeinfo", "mastodon:instance", "mastodon:lookup:patriot_anna", "mastodon:lookup:bob@gab.example",
                        "mastodon:timeline:public"), seeds.stream().map(CrawlRequest::key).toList());
        assertEquals("https://truthsocial.example/.well-known/nodeinfo", seeds.get(0).uri().toString());
        assertEquals("https://truthsocial.example/api/v1/instance", seeds.get(1).uri().toString());
        assertEquals("https://truthsocial.example/api/v1/accounts/lookup?acct=Patriot_Anna", seeds.get(2).uri().toString());
        assertEquals("https://truthsocial.example/api/v1/accounts/lookup?acct=bob%40gab.example", seeds.get(3).uri().toString());
        assertEquals("https://truthsocial.example/api/v1/timelines/public?limit=40", seeds.get(4).uri().toString());
        for (CrawlRequest r : seeds) assertEquals(r.kind(), given.kindOf(r.uri()));
        assertEquals(1, seeds.get(2).tier());
    }

    @Test
    void anAccountLeadsToItsListsKeyedByIdWhetherFoundByNameOrById() {
        Map<String, CrawlRequest> byName = byKey(capture("/api/v1/accounts/lookup?acct=patriot_anna", 200, fixture("account.json")));
        Map<String, CrawlRequest> byId = byKey(capture("/api/v1/accounts/" + ANNA, 200, fixture("account.json")));
        assertEquals(byName, byId);
        assertEquals(Set.of("mastodon:posts:" + ANNA + ":", "mastodon:followers:" + ANNA + ":", "mastodon:following:" + ANNA + ":"),
                byName.keySet());
        CrawlRequest posts = byName.get("mastodon:posts:" + ANNA + ":");
        assertEquals(BASE + "/api/v1/accounts/" + ANNA + "/statuses?limit=40", posts.uri().toString());
        assertEquals(2, posts.tier());
        assertEquals(1_234_567, posts.value());
        CrawlRequest followers = byName.get("mastodon:followers:" + ANNA + ":");
        assertEquals(BASE + "/api/v1/accounts/" + ANNA + "/followers?limit=80", followers.uri().toString());
        assertEquals(4, followers.tier());
        assertTrue(byName.get("mastodon:following:" + ANNA + ":").uri().toString().endsWith("/following?limit=80"));
    }

    @Test
    void suspendedAndRemoteAccountsAreNotExpanded() {
        String suspended = "{\"id\":\"7\",\"username\":\"x\",\"acct\":\"x\",\"suspended\":true,\"followers_count\":0}";
        assertEquals(List.of(), mastodon.discover(BASE, capture("/api/v1/accounts/7", suspended)));
        String remote = "{\"id\":\"8\",\"username\":\"gina\",\"acct\":\"gina@mastodon.example\",\"followers_count\":77}";
        assertEquals(List.of(), mastodon.discover(BASE, capture("/api/v1/accounts/8", remote)));
    }

    @Test
    void statusesPageFindsAuthorsRebloggedMentionedAndRepliedToAccountsThreadsAndTheNextPage() {
        String next = "<" + BASE + "/api/v1/accounts/" + ANNA + "/statuses?limit=40&max_id=109812345670000009>; rel=\"next\", <"
                + BASE + "/api/v1/accounts/" + ANNA + "/statuses?limit=40&min_id=109812345678901234>; rel=\"prev\"";
        Map<String, CrawlRequest> found = byKey(capture("/api/v1/accounts/" + ANNA + "/statuses?limit=40", 200,
                fixture("statuses-page.json"), "Link", next));
        assertEquals(Set.of(
                "mastodon:account:" + ANNA,
                "mastodon:account:107000000000000005",      // reblogged author
                "mastodon:account:108000000000000042",      // mentioned
                "mastodon:account:108999999999999999",      // replied to (and mentioned)
                "mastodon:context:109812345678901234",      // replies_count 3
                "mastodon:posts:" + ANNA + ":max_id=109812345670000009"), found.keySet());
        CrawlRequest page = found.get("mastodon:posts:" + ANNA + ":max_id=109812345670000009");
        assertEquals(BASE + "/api/v1/accounts/" + ANNA + "/statuses?limit=40&max_id=109812345670000009", page.uri().toString());
        assertEquals("posts", page.kind());
        assertEquals(1_234_567, page.value());
        CrawlRequest carol = found.get("mastodon:account:107000000000000005");
        assertEquals(BASE + "/api/v1/accounts/107000000000000005", carol.uri().toString());
        assertEquals("profile", carol.kind());
        assertEquals(5_000_000, carol.value());
        CrawlRequest context = found.get("mastodon:context:109812345678901234");
        assertEquals(BASE + "/api/v1/statuses/109812345678901234/context", context.uri().toString());
        assertEquals(3, context.tier());
    }

    @Test
    void theLastPageHasNoNextAndPagingStopsThere() {
        String prevOnly = "<" + BASE + "/api/v1/accounts/" + ANNA + "/statuses?min_id=109812345678901234>; rel=\"prev\"";
        Map<String, CrawlRequest> found = byKey(capture("/api/v1/accounts/" + ANNA + "/statuses?limit=40&max_id=2", 200,
                fixture("statuses-page.json"), "Link", prevOnly));
        assertFalse(found.keySet().stream().anyMatch(k -> k.startsWith("mastodon:posts:")), found.keySet().toString());
        assertFalse(byKey(capture("/api/v1/accounts/" + ANNA + "/statuses?limit=40&max_id=2", "[]")).keySet().stream()
                .anyMatch(k -> k.startsWith("mastodon:posts:")));
    }

    /** A statuses page of {@code n} statuses by ANNA, newest first, ids 1000+n down to 1001. */
    private static String statuses(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = n; i >= 1; i--) {
            if (sb.length() > 1) sb.append(',');
            sb.append("{\"id\":\"").append(1000 + i).append("\",\"created_at\":\"2023-03-01T00:00:00.000Z\",")
                    .append("\"content\":\"<p>x</p>\",\"account\":{\"id\":\"").append(ANNA)
                    .append("\",\"username\":\"anna\",\"acct\":\"anna\",\"followers_count\":5}}");
        }
        return sb.append(']').toString();
    }

    private Set<String> nextPages(String dialect, String query, int statuses) {
        io.lastlight.platform.Platform p = mastodon.configure(new io.lastlight.platform.PlatformOptions(false, false,
                List.of(), Map.of("dialect", dialect)));
        String prevOnly = "<" + BASE + "/api/v1/accounts/" + ANNA + "/statuses?min_id=9999>; rel=\"prev\"";
        return p.discover(BASE, capture("/api/v1/accounts/" + ANNA + "/statuses" + query, statuses(statuses), "Link", prevOnly))
                .stream().map(CrawlRequest::key).filter(k -> k.startsWith("mastodon:posts:"))
                .collect(Collectors.toSet());
    }

    @Test
    void aFullPageWithOnlyAPrevLinkGoesOnByTheLastStatusId() {
        // Mastodon sends rel="next" on every full page; a server that does not is paged by the last id.
        assertEquals(Set.of("mastodon:posts:" + ANNA + ":max_id=1001"), nextPages("mastodon", "?limit=40", 40));
        assertEquals(Set.of(), nextPages("mastodon", "?limit=40", 25), "a short page is the last");
        assertEquals(Set.of("mastodon:posts:" + ANNA + ":max_id=1001"), nextPages("mastodon", "", 20), "no limit asked: 20");
        // Truth Social pages statuses by max_id and may serve fewer than asked: 20 or more go on.
        assertEquals(Set.of("mastodon:posts:" + ANNA + ":max_id=1001"), nextPages("truthsocial", "?limit=40", 20));
        assertEquals(Set.of(), nextPages("truthsocial", "?limit=40", 19));
        assertEquals(Set.of(), nextPages("gab", "?limit=40", 20));
    }

    @Test
    void aServerWithoutLinkHeadersIsPagedByTheLastStatusId() {
        Map<String, CrawlRequest> found = byKey(capture("/api/v1/accounts/" + ANNA + "/statuses?limit=40", 200, fixture("statuses-page.json")));
        CrawlRequest page = found.get("mastodon:posts:" + ANNA + ":max_id=109812345670000009");
        assertEquals(BASE + "/api/v1/accounts/" + ANNA + "/statuses?limit=40&max_id=109812345670000009", page.uri().toString());
    }

    @Test
    void aLinkThatDoesNotMoveOrLeavesTheHostStaysInPlace() {
        String same = "<" + BASE + "/api/v1/accounts/" + ANNA + "/statuses?max_id=5&limit=40>; rel=\"next\"";
        Map<String, CrawlRequest> found = byKey(capture("/api/v1/accounts/" + ANNA + "/statuses?limit=40&max_id=5", 200,
                fixture("statuses-page.json"), "Link", same));
        assertFalse(found.keySet().stream().anyMatch(k -> k.startsWith("mastodon:posts:")), "a next page equal to this one ends paging");
        String elsewhere = "<https://evil.example/api/v1/accounts/1/followers?max_id=abc>; rel=\"next\"";
        Map<String, CrawlRequest> f = byKey(capture("/api/v1/accounts/" + ANNA + "/followers?limit=80", 200,
                fixture("followers-page.json"), "Link", elsewhere));
        CrawlRequest page = f.get("mastodon:followers:" + ANNA + ":max_id=abc");
        assertEquals(BASE + "/api/v1/accounts/" + ANNA + "/followers?max_id=abc", page.uri().toString(),
                "the cursor is taken, the host and path are ours");
    }

    @Test
    void followersPagesFollowOnlyTheLinkHeaderWithAnOpaqueCursor() {
        String link = "<" + BASE + "/api/v1/accounts/" + ANNA + "/followers?limit=80&max_id=6d3f0c1e9a8b7c6d5e4f3a2b1c0d9e8f>; rel=\"next\"";
        Map<String, CrawlRequest> found = byKey(capture("/api/v1/accounts/" + ANNA + "/followers?limit=80", 200,
                fixture("followers-page.json"), "Link", link));
        assertEquals(Set.of("mastodon:account:9007199254740993", "mastodon:account:110000000000000001",
                "mastodon:account:110000000000000002",
                "mastodon:followers:" + ANNA + ":max_id=6d3f0c1e9a8b7c6d5e4f3a2b1c0d9e8f"), found.keySet());
        CrawlRequest next = found.get("mastodon:followers:" + ANNA + ":max_id=6d3f0c1e9a8b7c6d5e4f3a2b1c0d9e8f");
        assertEquals(4, next.tier());
        assertEquals("followers", next.kind());
        Map<String, CrawlRequest> last = byKey(capture("/api/v1/accounts/" + ANNA + "/following?limit=80", 200, fixture("followers-page.json")));
        assertEquals(3, last.size(), "no Link header: no next page (the cursor is not guessed)");
    }

    @Test
    void contextFindsEveryParticipant() {
        Map<String, CrawlRequest> found = byKey(capture("/api/v1/statuses/109600000000000123/context", 200, fixture("context.json")));
        assertTrue(found.keySet().containsAll(Set.of("mastodon:account:108999999999999999", "mastodon:account:" + ANNA,
                "mastodon:account:109111111111111111", "mastodon:context:109600000000000123")));
    }

    @Test
    void aQuoteGivenOnlyByIdIsFetched() {
        String json = new String(fixture("truth-quote.json"), StandardCharsets.UTF_8).replace("\"quote\": {", "\"quote_was\": {");
        Map<String, CrawlRequest> found = byKey(capture("/api/v1/statuses/110000000000000900", json));
        CrawlRequest q = found.get("mastodon:status:109700000000000077");
        assertEquals(BASE + "/api/v1/statuses/109700000000000077", q.uri().toString());
        assertEquals("post", q.kind());
        assertTrue(byKey(capture("/api/v1/statuses/110000000000000900", 200, fixture("truth-quote.json")))
                .containsKey("mastodon:account:107000000000000005"));
    }

    @Test
    void aMastodonQuoteWrapperLeadsToTheQuotedStatusAndAQuoteInsideItToItsQuotedId() {
        Map<String, CrawlRequest> found = byKey(capture("/api/v1/statuses/115044073088181107", 200,
                fixture("real-status-quote-of-quote-mastodon-social.json")));
        assertFalse(found.containsKey("mastodon:status:115044070560414080"), "the quoted status came with the quote");
        CrawlRequest q = found.get("mastodon:status:115044056977193502");
        assertEquals(BASE + "/api/v1/statuses/115044056977193502", q.uri().toString(), "known only by quoted_status_id");
        assertEquals("post", q.kind());

        String wrapper = "{\"id\": \"2\", \"account\": {\"id\": \"5\"}, \"quote\": {\"state\": \"accepted\", \"quoted_status\":"
                + " {\"id\": \"1\", \"replies_count\": 3, \"account\": {\"id\": \"7\"}}}}";
        Map<String, CrawlRequest> fromWrapper = byKey(capture("/api/v1/statuses/2", wrapper));
        assertTrue(fromWrapper.containsKey("mastodon:account:7"), "the quoted status's author");
        assertTrue(fromWrapper.containsKey("mastodon:context:1"), "the quoted status's thread");
        assertFalse(fromWrapper.containsKey("mastodon:status:1"), "the quoted status came with the quote");
    }

    @Test
    void idsThatCannotBeAPathSegmentAreIgnored() {
        String json = "[{\"id\":\"1\",\"account\":{\"id\":\"../../admin\",\"followers_count\":1},"
                + "\"mentions\":[{\"id\":\"a/b\"}],\"in_reply_to_account_id\":\"x?y\"}]";
        assertEquals(List.of(), mastodon.discover(BASE, capture("/api/v1/timelines/public", json)));
        assertEquals(List.of(), mastodon.discover(BASE, capture("/api/v1/accounts/1/statuses", 404,
                "{\"error\":\"Record not found\"}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void thePublicTimelineIsASnapshotThatDoesNotWidenTheCrawl() {
        assertEquals(List.of(), mastodon.discover(BASE, capture("/api/v1/timelines/public?limit=40", 200, fixture("statuses-page.json"),
                "Link", "<" + BASE + "/api/v1/timelines/public?max_id=1>; rel=\"next\"")));
    }

    private static java.net.URI URI(String s) {
        return java.net.URI.create(s);
    }
}
