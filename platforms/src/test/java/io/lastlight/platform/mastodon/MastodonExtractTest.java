package io.lastlight.platform.mastodon;

import io.lastlight.platform.Capture;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.FollowEdge;
import io.lastlight.platform.Platforms;
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

import static io.lastlight.platform.mastodon.MastodonFixtures.ANNA;
import static io.lastlight.platform.mastodon.MastodonFixtures.capture;
import static io.lastlight.platform.mastodon.MastodonFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MastodonExtractTest {
    private final MastodonPlatform mastodon = new MastodonPlatform();

    private static Map<String, PostObservation> posts(Extraction x) {
        return x.posts().stream().collect(Collectors.toMap(PostObservation::postId, Function.identity()));
    }

    @Test
    void registeredUnderItsName() {
        assertInstanceOf(MastodonPlatform.class, Platforms.byName("mastodon"));
        assertTrue(Platforms.names().contains("mastodon"));
        assertEquals("mastodon", mastodon.name());
    }

    @Test
    void kindsOfEveryEndpoint() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("/api/v1/accounts/lookup?acct=alice", "profile"),
                Map.entry("/api/v1/account_by_username/alice", "profile"),
                Map.entry("/api/v1/accounts/" + ANNA, "profile"),
                Map.entry("/api/v1/accounts/" + ANNA + "/statuses?limit=40&max_id=1", "posts"),
                Map.entry("/api/v1/accounts/" + ANNA + "/followers?limit=80", "followers"),
                Map.entry("/api/v1/accounts/" + ANNA + "/following?limit=80", "following"),
                Map.entry("/api/v1/statuses/109812345678901234", "post"),
                Map.entry("/api/v1/statuses/109812345678901234/context", "context"),
                Map.entry("/api/v1/timelines/public?limit=40", "timeline"),
                Map.entry("/api/v1/instance", "instance"),
                Map.entry("/api/v2/instance", "instance"),
                Map.entry("/robots.txt", "robots"),
                Map.entry("/@alice", "other"),
                Map.entry("/api/v1/accounts/" + ANNA + "/lists", "other"),
                Map.entry("/api/v1/accounts/relationships?id[]=1", "other"),
                Map.entry("/api/v1/accounts/search?q=a", "other"));
        expected.forEach((path, kind) -> assertEquals(kind, mastodon.kindOf(java.net.URI.create(MastodonFixtures.BASE + path)), path));
    }

    @Test
    void accountKeepsItsIdAsAStringAndReadsDayPrecisionNoteAndTruthSocialExtras() {
        Extraction x = mastodon.extract(capture("/api/v1/accounts/lookup?acct=patriot_anna", 200, fixture("account.json")));
        assertEquals(Extraction.OK, x.status());
        assertEquals(1, x.profiles().size());
        ProfileObservation p = x.profiles().get(0);
        assertEquals("mastodon", p.platform());
        assertEquals(ANNA, p.userId());
        assertEquals("patriot_anna", p.username());
        assertEquals("Anna \u2605 Patriot", p.displayName());
        assertEquals("Mom, veteran & proud.\nRead https://example.org/about\n\n#MAGA", p.bio());
        assertEquals(Instant.parse("2022-11-12T00:00:00Z"), p.joinedAt());
        assertEquals("day", p.joinedPrecision());
        assertEquals(1_234_567, p.followers().value());
        assertTrue(p.followers().isExact());
        assertEquals("1234567", p.followers().display());
        assertEquals(88, p.following().value());
        assertEquals(5321, p.posts().value());
        assertEquals(Boolean.TRUE, p.verified());
        assertEquals(Boolean.FALSE, p.banned());
        assertEquals(Boolean.FALSE, p.isPrivate());
        assertEquals(ProfileObservation.SOURCE_PROFILE, p.source());
    }

    @Test
    void statusesPageYieldsPostsRebloggedOriginalsRepliesAndEachAccountOnce() {
        Extraction x = mastodon.extract(capture("/api/v1/accounts/" + ANNA + "/statuses?limit=40", 200, fixture("statuses-page.json")));
        assertEquals(Extraction.OK, x.status());
        Map<String, PostObservation> posts = posts(x);
        assertEquals(List.of("109812345678901234", "109812345678900000", "109700000000000077", "109812345670000009"),
                x.posts().stream().map(PostObservation::postId).toList());

        PostObservation first = posts.get("109812345678901234");
        assertEquals(ANNA, first.authorId());
        assertEquals(Instant.parse("2023-02-01T18:04:50.105Z"), first.createdAt());
        assertEquals("second", first.createdPrecision());
        assertEquals("Stop the steal! #StopTheSteal with @bob\n\nRead: https://news.example.com/2023/02/very-long-article-title", first.text());
        assertTrue(first.html().startsWith("<p>Stop the steal! <a href="));
        assertEquals("en", first.lang());
        assertEquals(List.of("stopthesteal"), first.hashtags());
        assertEquals(List.of("bob"), first.mentions());
        assertEquals(List.of("https://news.example.com/2023/02/very-long-article-title"), first.links());
        assertEquals(List.of("https://static-assets-1.truthsocial.com/media_attachments/files/109/812/345/600/000/001/original/x.jpg"),
                first.mediaIds());
        assertEquals(3, first.comments().value());
        assertEquals(12, first.reposts().value());
        assertEquals(40, first.upvotes().value());
        assertNull(first.impressions());
        assertFalse(first.isRepost() || first.isReply() || first.deleted());
        assertNull(first.parentId());

        PostObservation reblog = posts.get("109812345678900000");
        assertTrue(reblog.isRepost());
        assertFalse(reblog.isReply());
        assertEquals("109700000000000077", reblog.parentId());
        assertEquals("109700000000000077", reblog.rootId());
        assertEquals("", reblog.text());
        assertNull(reblog.lang());
        PostObservation original = posts.get("109700000000000077");
        assertEquals("107000000000000005", original.authorId());
        assertEquals("Big news tonight.", original.text());
        assertEquals(900, original.reposts().value());
        assertFalse(original.isRepost());

        PostObservation reply = posts.get("109812345670000009");
        assertTrue(reply.isReply());
        assertFalse(reply.isRepost());
        assertEquals("109600000000000123", reply.parentId());
        assertNull(reply.rootId(), "a reply's thread root is not in the status");
        assertEquals("@dave Agreed.", reply.text());
        assertEquals(List.of(), reply.links(), "mention anchors are not outbound links");

        // Anna (3×), Carol (reblogged), Bob and Dave (mentions): each once, full objects preferred.
        Map<String, ProfileObservation> profiles = x.profiles().stream()
                .collect(Collectors.toMap(ProfileObservation::userId, Function.identity()));
        assertEquals(4, x.profiles().size());
        assertEquals(ProfileObservation.SOURCE_EMBEDDED, profiles.get(ANNA).source());
        assertEquals(1_234_567, profiles.get(ANNA).followers().value());
        assertEquals(5_000_000, profiles.get("107000000000000005").followers().value());
        ProfileObservation bob = profiles.get("108000000000000042");
        assertEquals("bob", bob.username());
        assertNull(bob.followers());
        assertNull(bob.banned(), "a mention says nothing about suspension");
    }

    @Test
    void contextYieldsAncestorsAndDescendantsAsReplies() {
        Extraction x = mastodon.extract(capture("/api/v1/statuses/109600000000000123/context", 200, fixture("context.json")));
        assertEquals(Extraction.OK, x.status());
        Map<String, PostObservation> posts = posts(x);
        assertEquals(3, posts.size());
        assertFalse(posts.get("109600000000000123").isReply());
        assertEquals("109812345670000009", posts.get("109812345670000555").parentId());
        assertEquals("de", posts.get("109812345670000555").lang());
        assertEquals(3, x.profiles().size());
    }

    @Test
    void theSameReplyInAPageAndInAContextIsTheSameVersion() {
        PostObservation inPage = posts(mastodon.extract(capture("/api/v1/accounts/" + ANNA + "/statuses?limit=40", 200,
                fixture("statuses-page.json")))).get("109812345670000009");
        PostObservation inContext = posts(mastodon.extract(capture("/api/v1/statuses/109600000000000123/context", 200,
                fixture("context.json")))).get("109812345670000009");
        assertEquals(inPage, inContext);
    }

    @Test
    void followersPageYieldsEdgesTowardTheOwnerAndFollowingPageAwayFromIt() {
        Extraction x = mastodon.extract(capture("/api/v1/accounts/" + ANNA + "/followers?limit=80", 200, fixture("followers-page.json")));
        assertEquals(Extraction.OK, x.status());
        assertEquals(List.of(new FollowEdge("mastodon", "9007199254740993", ANNA, "followers"),
                new FollowEdge("mastodon", "110000000000000001", ANNA, "followers"),
                new FollowEdge("mastodon", "110000000000000002", ANNA, "followers")), x.follows());
        ProfileObservation eve = x.profiles().get(0);
        assertEquals("9007199254740993", eve.userId(), "2^53 + 1 survives");
        assertEquals(Boolean.TRUE, eve.isPrivate());
        assertEquals(Instant.parse("2019-03-04T12:34:56Z"), eve.joinedAt());
        assertEquals("second", eve.joinedPrecision(), "pre-3.4 servers give the time of day");
        assertNull(eve.verified(), "vanilla Mastodon has no verified flag");
        assertEquals(Boolean.TRUE, x.profiles().get(1).banned());
        assertEquals("gina@mastodon.example", x.profiles().get(2).username());

        Extraction following = mastodon.extract(capture("/api/v1/accounts/" + ANNA + "/following?limit=80&max_id=abc", 200,
                fixture("followers-page.json")));
        assertEquals(new FollowEdge("mastodon", ANNA, "9007199254740993", "following"), following.follows().get(0));
    }

    @Test
    void truthSocialQuoteIsLinkedAndTheQuotedStatusObserved() {
        Extraction x = mastodon.extract(capture("/api/v1/statuses/110000000000000900", 200, fixture("truth-quote.json")));
        Map<String, PostObservation> posts = posts(x);
        PostObservation quote = posts.get("110000000000000900");
        assertEquals("So true\nand more", quote.text());
        assertEquals("109700000000000077", quote.parentId());
        assertFalse(quote.isRepost() || quote.isReply());
        assertEquals("107000000000000005", posts.get("109700000000000077").authorId());
    }

    @Test
    void mastodonQuoteWrapperLinksTheQuotedStatusAndItsHiddenFallbackStaysOutOfTheText() {
        // Recorded from a Mastodon 4.6 server: since 4.5 "quote" is {"state": "accepted", "quoted_status": {…}}.
        Extraction x = mastodon.extract(capture("/api/v1/statuses/117020582925004921", 200, fixture("real-status-quote.json")));
        assertEquals(Extraction.OK, x.status());
        assertEquals(List.of("117020582925004921", "117020582917124092"), x.posts().stream().map(PostObservation::postId).toList());
        Map<String, PostObservation> posts = posts(x);
        PostObservation quote = posts.get("117020582925004921");
        assertEquals("117020582917124092", quote.parentId());
        assertEquals("117020582917124092", quote.rootId());
        assertFalse(quote.isRepost() || quote.isReply());
        assertEquals("yoooooooo", quote.text(), "the p.quote-inline \"RE: <link>\" line is hidden by clients");
        assertTrue(quote.html().startsWith("<p class=\"quote-inline\">RE: "), "html is kept as served");
        assertEquals(List.of(), quote.links(), "the hidden RE: link names the quoted status, not an outbound link");
        assertEquals("Toot!", posts.get("117020582917124092").text());
        assertEquals("117020565966271181", posts.get("117020582917124092").authorId());
    }

    @Test
    void aReplyThatQuotesKeepsItsReplyParentAndTheQuotedStatusIsObserved() {
        // Recorded from mastodon.social: a reply quoting a reply that itself quotes; inside a quote, "quote" is only
        // {"state", "quoted_status_id"}. Remote content hides its fallback in span.quote-inline.
        Extraction x = mastodon.extract(capture("/api/v1/statuses/115044073088181107", 200,
                fixture("real-status-quote-of-quote-mastodon-social.json")));
        Map<String, PostObservation> posts = posts(x);
        assertEquals(List.of("115044073088181107", "115044070560414080"), x.posts().stream().map(PostObservation::postId).toList());
        PostObservation reply = posts.get("115044073088181107");
        assertTrue(reply.isReply());
        assertEquals("115044053131672379", reply.parentId());
        assertNull(reply.rootId());
        assertEquals("actual reply that quotes a post that quotes a post bsky.app/profile/h4lc...", reply.text());
        assertEquals(List.of("https://bsky.app/profile/h4lcy.bsky.social/post/3lwlumdwf522i"), reply.links());
        assertEquals("actual reply that quotes a bsky post bsky.app/profile/h4lc...", posts.get("115044070560414080").text());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Mastodon >= 4.5, a status's own quote: the quoted status inside the wrapper
            "accepted wrapper            | {\"state\": \"accepted\", \"quoted_status\": {\"id\": \"1\", \"content\": \"<p>q</p>\"}} | 1 | 2",
            // Mastodon >= 4.5, a quote inside a quote: only the id
            "shallow quote               | {\"state\": \"accepted\", \"quoted_status_id\": \"1\"}                               | 1 | 1",
            "pending, id given           | {\"state\": \"pending\", \"quoted_status\": null, \"quoted_status_id\": \"1\"}       | 1 | 1",
            "revoked, nothing given      | {\"state\": \"revoked\", \"quoted_status\": null}                                | -  | 1",
            "deleted shallow, no id      | {\"state\": \"deleted\", \"quoted_status_id\": null}                             | -  | 1",
            // Pleroma/Akkoma, Fedibird, Truth Social, Gab: the quoted status itself
            "quote as a status (forks)   | {\"id\": \"1\", \"content\": \"<p>q</p>\"}                                          | 1 | 2",
    })
    void everyShapeOfQuoteLinksTheQuotedId(String shape, String quote, String quotedId, int rows) {
        String json = "{\"id\": \"2\", \"content\": \"<p>mine</p>\", \"quote\": " + quote + "}";
        Extraction x = mastodon.extract(capture("/api/v1/statuses/2", json));
        PostObservation p = posts(x).get("2");
        String expected = quotedId.equals("-") ? null : quotedId;
        assertEquals(expected, p.parentId(), shape);
        assertEquals(expected, p.rootId(), shape);
        assertEquals(rows, x.posts().size(), shape);
        assertEquals("mine", p.text());
    }

    @Test
    void pleromaQuoteFallbackInASpanStaysOutOfTheText() {
        String json = "{\"id\": \"AbC\", \"content\": \"look at this<span class=\\\"quote-inline\\\"><br/><br/>RE: "
                + "<a href=\\\"https://pl.example/objects/1\\\">https://pl.example/objects/1</a></span>\","
                + " \"quote\": {\"id\": \"XyZ\", \"content\": \"q\"}}";
        PostObservation p = posts(mastodon.extract(capture("/api/v1/statuses/AbC", json))).get("AbC");
        assertEquals("look at this", p.text());
        assertEquals("XyZ", p.parentId());
    }

    @Test
    void aPleromaRepostWrapperDoesNotRepeatTheOriginalsContent() {
        // Pleroma/Akkoma's StatusView renders an Announce with the reblogged status's content, tags and
        // media_attachments copied onto the wrapper (mentions are the Announce's recipients); Mastodon sends "" and [].
        String original = "{\"id\": \"AbC\", \"account\": {\"id\": \"A1\"}, \"content\": \"<p>hello "
                + "<a href=\\\"https://pl.example/tag/fediverse\\\" class=\\\"hashtag\\\" rel=\\\"tag ugc\\\">#fediverse</a> "
                + "<a href=\\\"https://example.org/x\\\">https://example.org/x</a></p>\", \"tags\": [{\"name\": \"fediverse\"}],"
                + " \"media_attachments\": [{\"id\": \"M1\", \"url\": \"https://pl.example/media/a.png\"}],"
                + " \"card\": {\"url\": \"https://example.org/x\"}}";
        String json = "[{\"id\": \"XyZ\", \"account\": {\"id\": \"B2\"}, \"reblog\": " + original + ","
                + " \"content\": \"<p>hello <a href=\\\"https://pl.example/tag/fediverse\\\" class=\\\"hashtag\\\" rel=\\\"tag ugc\\\">"
                + "#fediverse</a> <a href=\\\"https://example.org/x\\\">https://example.org/x</a></p>\","
                + " \"tags\": [{\"name\": \"fediverse\", \"url\": \"/tag/fediverse\"}],"
                + " \"media_attachments\": [{\"id\": \"M1\", \"url\": \"https://pl.example/media/a.png\"}],"
                + " \"mentions\": [{\"id\": \"A1\", \"acct\": \"alice\"}], \"language\": null, \"pleroma\": {\"local\": true}}]";
        Map<String, PostObservation> posts = posts(mastodon.extract(capture("/api/v1/accounts/B2/statuses", json)));
        PostObservation repost = posts.get("XyZ");
        assertTrue(repost.isRepost());
        assertEquals("AbC", repost.parentId());
        assertEquals("", repost.text());
        assertEquals("", repost.html());
        assertEquals(List.of(), repost.hashtags());
        assertEquals(List.of(), repost.links());
        assertEquals(List.of(), repost.mediaIds());
        PostObservation kept = posts.get("AbC");
        assertEquals("hello #fediverse https://example.org/x", kept.text());
        assertEquals(List.of("fediverse"), kept.hashtags());
        assertEquals(List.of("https://example.org/x"), kept.links());
        assertEquals(List.of("https://pl.example/media/a.png"), kept.mediaIds());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Pleroma/Akkoma's AccountView serves 0 for a count when both its hide_*_count and hide_* are set
            "both hidden                | true  | true  | true  | true  | 0  | 0  | -  | -",
            "followers hidden only      | true  | true  | false | false | 0  | 0  | -  | 0",
            "count hidden, list shown   | true  | false | true  | false | 0  | 0  | 0  | 0",
            "the user's own view        | true  | true  | true  | true  | 12 | 3  | 12 | 3",
    })
    void pleromaHiddenFollowCountsAreUnknownNotZero(String name, boolean hideFollowersCount, boolean hideFollowers,
                                                    boolean hideFollowsCount, boolean hideFollows, int followers, int following,
                                                    String expectedFollowers, String expectedFollowing) {
        String json = "{\"id\": \"AbC\", \"username\": \"p\", \"acct\": \"p\", \"created_at\": \"2020-01-01T10:00:00.000Z\","
                + " \"followers_count\": " + followers + ", \"following_count\": " + following + ", \"statuses_count\": 4,"
                + " \"pleroma\": {\"hide_followers_count\": " + hideFollowersCount + ", \"hide_followers\": " + hideFollowers + ","
                + " \"hide_follows_count\": " + hideFollowsCount + ", \"hide_follows\": " + hideFollows + "}}";
        ProfileObservation p = mastodon.extract(capture("/api/v1/accounts/AbC", json)).profiles().get(0);
        assertEquals(expectedFollowers.equals("-") ? null : Long.valueOf(expectedFollowers),
                p.followers() == null ? null : p.followers().value(), name);
        assertEquals(expectedFollowing.equals("-") ? null : Long.valueOf(expectedFollowing),
                p.following() == null ? null : p.following().value(), name);
        assertEquals(4, p.posts().value());
    }

    @Test
    void anAccountWithHiddenCountsStillWinsOverAnEarlierMentionOfIt() {
        String account = "{\"id\": \"AbC\", \"username\": \"p\", \"acct\": \"p\", \"created_at\": \"2020-01-01T10:00:00.000Z\","
                + " \"followers_count\": 0, \"following_count\": 0, \"statuses_count\": 4, \"pleroma\": {\"hide_followers_count\": true,"
                + " \"hide_followers\": true, \"hide_follows_count\": true, \"hide_follows\": true}}";
        String json = "[{\"id\": \"S1\", \"account\": {\"id\": \"Q\"}, \"mentions\": [{\"id\": \"AbC\", \"acct\": \"p\"}]},"
                + " {\"id\": \"S2\", \"account\": " + account + "}]";
        ProfileObservation p = mastodon.extract(capture("/api/v1/timelines/public", json)).profiles().stream()
                .filter(o -> o.userId().equals("AbC")).findFirst().orElseThrow();
        assertEquals(4, p.posts().value(), "the full account object, not the mention's stub");
        assertNull(p.followers());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Mastodon >= 3.3 and Truth Social send "suspended" only when true; Mastodon >= 4.2 always sends "indexable"
            "Mastodon 4.2+, not suspended   | \"indexable\": true                          | false",
            "Truth Social, not suspended    | \"verified\": false, \"location\": \"\"            | false",
            "Mastodon 4.2+, suspended       | \"indexable\": false, \"suspended\": true       | true",
            "any server saying false        | \"suspended\": false                         | false",
            // Gab (its serializer predates the field), Mastodon < 3.3, Pleroma/Akkoma: no word on suspension
            "Gab                            | \"is_verified\": false, \"is_pro\": false        | -",
            "Pleroma                        | \"pleroma\": {\"hide_followers\": false}         | -",
            "older Mastodon, no marker      | \"discoverable\": true                       | -",
    })
    void bannedOnlyWhereTheServerWouldHaveSaidSo(String server, String fields, String expected) {
        String json = "{\"id\": \"7\", \"username\": \"u\", \"acct\": \"u\", \"created_at\": \"2020-01-01T10:00:00.000Z\","
                + " \"followers_count\": 1, \"statuses_count\": 2, " + fields + "}";
        ProfileObservation p = mastodon.extract(capture("/api/v1/accounts/7", json)).profiles().get(0);
        assertEquals(expected.equals("-") ? null : Boolean.valueOf(expected), p.banned(), server);
    }

    @Test
    void aRecordedMastodonAccountIsNotBanned() {
        ProfileObservation author = mastodon.extract(capture("/api/v1/statuses/117020582925004921", 200,
                fixture("real-status-quote.json"))).profiles().get(0);
        assertEquals(Boolean.FALSE, author.banned(), "Mastodon 4.6 leaves out \"suspended\" when false");
    }

    @Test
    void idsServedAsJsonNumbersAreKeptDigitForDigit() {
        String json = "{\"id\": 109348763410098731, \"username\": \"n\", \"acct\": \"n\", \"followers_count\": 1,"
                + " \"created_at\": \"2022-11-12T08:15:00Z\"}";
        ProfileObservation p = mastodon.extract(capture("/api/v1/accounts/109348763410098731", json)).profiles().get(0);
        assertEquals(ANNA, p.userId());
        assertEquals("second", p.joinedPrecision());
        String floaty = "{\"id\": 1.0934876341009873E17, \"username\": \"n\"}";
        assertEquals(Extraction.ERROR, mastodon.extract(capture("/api/v1/accounts/1", floaty)).status(),
                "a floating-point id has already lost digits: refuse it");
    }

    @Test
    void bareDateCreatedAtHasDayPrecision() {
        String json = "{\"id\": \"5\", \"username\": \"d\", \"acct\": \"d\", \"created_at\": \"2021-06-01\"}";
        ProfileObservation p = mastodon.extract(capture("/api/v1/accounts/5", json)).profiles().get(0);
        assertEquals(Instant.parse("2021-06-01T00:00:00Z"), p.joinedAt());
        assertEquals("day", p.joinedPrecision());
    }

    @Test
    void recordNotFoundIsNotContent() {
        Extraction x = mastodon.extract(capture("/api/v1/accounts/99", 404,
                "{\"error\":\"Record not found\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Extraction.NOT_CONTENT, x.status());
        assertEquals("HTTP 404: Record not found", x.detail());
        assertEquals(0, x.rowCount());
    }

    /**
     * The byte a parse error names is where the bad token starts (Jackson 2.21, which Spark ships: the local build and
     * the Spark job bundle the same, so captures.parse_error is the same text from both; Jackson 2.20 named the
     * token's end).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"User-agent: *\\nAllow: /\\n | 0", "{\"id\": nope} | 7", "<html> | 0"})
    void aParseErrorNamesTheByteWhereTheBadTokenStarts(String body, int at) {
        Extraction x = mastodon.extract(capture("/api/v1/accounts/1/statuses?limit=40", body.replace("\\n", "\n")));
        assertEquals(Extraction.ERROR, x.status(), body);
        assertTrue(x.detail().startsWith("malformed JSON: ") && x.detail().endsWith(" at byte " + at), x.detail());
    }

    @Test
    void malformedJsonIsAnErrorNeverAnException() {
        for (String bad : List.of("[{\"id\": \"1\", \"content\": \"<p>cut", "{\"id\": }", "\u0000\u0001garbage", "[1, 2,]")) {
            Extraction x = mastodon.extract(capture("/api/v1/accounts/1/statuses?limit=40", bad));
            assertEquals(Extraction.ERROR, x.status(), bad);
            assertTrue(x.detail().startsWith("malformed JSON"), x.detail());
            assertEquals(0, x.rowCount());
            assertEquals(List.of(), mastodon.discover(MastodonFixtures.BASE, capture("/api/v1/accounts/1/statuses?limit=40", bad)));
        }
    }

    @Test
    void wrongShapesAndApiErrorsWithStatus200AreErrors() {
        assertEquals("expected an array of statuses, got an object",
                mastodon.extract(capture("/api/v1/accounts/1/statuses", "{\"id\":\"1\"}")).detail());
        assertEquals("expected an account object, got an array", mastodon.extract(capture("/api/v1/accounts/1", "[]")).detail());
        assertEquals(Extraction.ERROR, mastodon.extract(capture("/api/v1/accounts/1", "{\"username\":\"x\"}")).status());
        Extraction err = mastodon.extract(capture("/api/v1/accounts/1/followers", "{\"error\":\"This action is not allowed\"}"));
        assertEquals(Extraction.ERROR, err.status());
        assertTrue(err.detail().contains("This action is not allowed"));
        assertEquals(Extraction.EMPTY, mastodon.extract(capture("/api/v1/accounts/1", 200, new byte[0])).status());
        Extraction skipped = mastodon.extract(capture("/api/v1/accounts/1/statuses", "[{\"content\":\"no id\"}, 7, null]"));
        assertEquals(Extraction.OK, skipped.status());
        assertEquals(0, skipped.rowCount());
    }

    @Test
    void blockPagesAndTruncatedBodiesAreNotParsed() {
        Capture challenge = new Capture(java.net.URI.create(MastodonFixtures.BASE + "/api/v1/accounts/1"), Instant.EPOCH, 403,
                Map.of("Content-Type", List.of("text/html")),
                "<html><title>Just a moment...</title><script src=\"/cdn-cgi/challenge-platform/x.js\"></script></html>"
                        .getBytes(StandardCharsets.UTF_8), false);
        assertEquals(Extraction.BLOCKED, mastodon.extract(challenge).status());
        assertEquals(List.of(), mastodon.discover(MastodonFixtures.BASE, challenge));
        Capture geo = new Capture(java.net.URI.create(MastodonFixtures.BASE + "/api/v1/instance"), Instant.EPOCH, 403,
                Map.of("Content-Type", List.of("text/html")),
                "<p>Truth Social is unavailable in your area.</p>".getBytes(StandardCharsets.UTF_8), false);
        assertEquals(Extraction.BLOCKED, mastodon.extract(geo).status());
        Capture cut = new Capture(java.net.URI.create(MastodonFixtures.BASE + "/api/v1/accounts/1"), Instant.EPOCH, 200,
                Map.of(), fixture("account.json"), true);
        assertEquals(Extraction.ERROR, mastodon.extract(cut).status());
    }

    @Test
    void instanceStatsBecomePlatformStatsAndUnknownEndpointsAreNotContent() {
        Extraction x = mastodon.extract(capture("/api/v1/instance", 200, fixture("instance.json")));
        assertEquals(Extraction.OK, x.status());
        assertEquals(java.util.List.of("user_count", "status_count", "domain_count", "software_version"),
                x.stats().stream().map(io.lastlight.platform.PlatformStat::metric).toList());
        assertEquals(454_458L, x.stats().get(0).value());
        assertEquals(x.stats().size(), x.rowCount());
        assertEquals(Extraction.NOT_CONTENT, mastodon.extract(capture("/robots.txt", "User-agent: *")).status());
    }

    @Test
    void publicTimelineStatusesAreExtracted() {
        Extraction x = mastodon.extract(capture("/api/v1/timelines/public?limit=40", 200, fixture("statuses-page.json")));
        assertEquals(4, x.posts().size());
    }
}
