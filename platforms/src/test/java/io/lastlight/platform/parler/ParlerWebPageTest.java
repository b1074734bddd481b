package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.Counts;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.LinkObservation;
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
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * parler.com's own pages (fixtures/parler-web: one real page from the leaked dump, the rest hand-written in its
 * markup) give exact rows: post id, author, text, echo chain, counts with their intervals, times as intervals
 * resolved against the capture time, every author as a profile observation, cards and /l/ links as link rows.
 */
class ParlerWebPageTest {
    static final ParlerPlatform PARLER = new ParlerPlatform(new ParlerPlatform.Options(true, true, List.of()));
    static final Instant CAPTURED = Instant.parse("2021-01-10T12:00:00Z");

    static byte[] page(String name) {
        try (InputStream in = ParlerWebPageTest.class.getResourceAsStream("/fixtures/parler-web/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Extraction extract(String name, String url) {
        return PARLER.extract(new Capture(URI.create(url), CAPTURED, 200, Map.of("Content-Type", List.of("text/html; charset=utf-8")),
                page(name), false));
    }

    /** id | author | text | parent | root | repost | reply | comments | echoes | upvotes | impressions | time | derived */
    static String row(PostObservation p) {
        return String.join(" | ", p.postId(), p.authorUsername() + " (" + p.authorId() + ")", String.valueOf(p.text()),
                String.valueOf(p.parentId()), String.valueOf(p.rootId()), p.isRepost() ? "echo" : "-", p.isReply() ? "reply" : "-",
                c(p.comments()), c(p.reposts()), c(p.upvotes()), c(p.impressions()),
                p.createdAt() == null ? "no time" : p.createdAt() + " " + p.createdPrecision() + " [" + p.createdLow() + ", " + p.createdHigh() + "]",
                p.idDerived() ? "derived" : "shown");
    }

    static String c(Counts c) {
        return c == null ? "null" : c.isExact() ? c.display() : c.display() + "=" + c.low() + ".." + c.high();
    }

    static String profile(ProfileObservation p) {
        return String.join(" | ", p.userId(), p.username(), String.valueOf(p.displayName()), String.valueOf(p.badge()),
                String.valueOf(p.verified()), p.source(), String.valueOf(p.bio()));
    }

    static List<String> rows(Extraction x) {
        return x.posts().stream().map(ParlerWebPageTest::row).collect(Collectors.toList());
    }

    @Test
    void theRealPageFromTheLeakedDumpIsAnEchoOfSidneyPowellsPost() {
        Extraction x = extract("real-echo--parent-no-comment.html", "https://parler.com/post/b9a68d4725a347b3950e13c591942c79");
        assertEquals(Extraction.OK, x.status());
        assertNull(x.detail(), "every field of the real page was read");
        String echoed = ParlerWebIds.derivedId("sidneypowell", "Seeing the Congressmen and Senators cratering instantly in the face of the breach of the Capitol building tells me this was planned. These elected shills have done nothing but watch America burn from lawless Antifa and BLM.\n"
                + "Their claims of protecting democracy by certifying a fraudulent illegal election that is a coup and communist takeover of this country is a lie",
                "https://api.parler.com/l/BeZpH https://api.parler.com/l/vaDgQ", "");
        assertEquals("d-c7d4a04fff2cb68cf41913a6e1290544", echoed, "the documented derivation");
        String days3 = "2021-01-07T12:00:00Z day [2021-01-06T12:00:00Z, 2021-01-08T00:00:00Z]";
        assertEquals(List.of(
                echoed + " | SidneyPowell (@SidneyPowell) | Seeing the Congressmen and Senators cratering instantly in the face of the breach of the Capitol building tells me this was planned. These elected shills have done nothing but watch America burn from lawless Antifa and BLM.\n"
                        + "Their claims of protecting democracy by certifying a fraudulent illegal election that is a coup and communist takeover of this country is a lie"
                        + " | null | null | - | - | 9742 | 27580 | 62831 | 5585338 | " + days3 + " | derived",
                "b9a68d4725a347b3950e13c591942c79 | Johngragg45 (@Johngragg45) | null | " + echoed + " | " + echoed
                        + " | echo | - | null | null | null | null | " + days3 + " | shown"), rows(x));
        assertEquals(List.of("https://api.parler.com/l/BeZpH", "https://api.parler.com/l/vaDgQ"), x.posts().get(0).mediaIds());
        assertEquals(List.of(
                "@SidneyPowell | SidneyPowell | Sidney | gold | null | embedded | null",
                "@Johngragg45 | Johngragg45 | Johngragg45 | null | null | embedded | null"),
                x.profiles().stream().map(ParlerWebPageTest::profile).collect(Collectors.toList()));
        assertTrue(x.links().isEmpty(), "the images' /l/ links show no target: no link rows");
    }

    @Test
    void aPostWithACardACommentAndAReply() {
        Extraction x = extract("post-with-comments.html", "https://parler.com/post/1a2b3c4d5e6f40718293a4b5c6d7e8f9");
        assertEquals(Extraction.OK, x.status());
        assertNull(x.detail());
        String post = "1a2b3c4d5e6f40718293a4b5c6d7e8f9", comment = "c0ffee00c0ffee00c0ffee00c0ffee00";
        String reply = ParlerWebIds.derivedId("reply", comment, "carolc", "@BobB same here", "");
        assertEquals(List.of(
                post + " | PatriotPam (@PatriotPam) | Everyone read this #StopTheSteal @RealNews\nShare it everywhere! | null | null | - | - | 88"
                        + " | 12k=11500..12999 | 3.2m=3150000..3299999 | 1.5m=1450000..1599999"
                        + " | 2021-01-10T10:00:00Z hour [2021-01-10T09:00:00Z, 2021-01-10T10:30:00Z] | shown",
                comment + " | BobB (@BobB) | Agreed, 100% | " + post + " | " + post + " | - | reply | 1 | null | 45 | null"
                        + " | 2021-01-06T00:00:00Z day [2021-01-05T10:00:00Z, 2021-01-07T12:00:00Z] | shown",
                reply + " | CarolC (@CarolC) | @BobB same here | " + comment + " | " + post + " | - | reply | 0 | null | 3 | null"
                        + " | 2021-01-10T11:00:00Z hour [2021-01-10T10:00:00Z, 2021-01-10T11:30:00Z] | derived"), rows(x));
        PostObservation p = x.posts().get(0);
        assertEquals(List.of("stopthesteal"), p.hashtags());
        assertEquals(List.of("RealNews"), p.mentions());
        assertEquals(List.of("https://example.com/news/court-case"), p.links());
        assertEquals(List.of("https://api.parler.com/l/Img01"), p.mediaIds());
        assertEquals(List.of(new LinkObservation("parler", "Xy12Z", "https://api.parler.com/l/Xy12Z", "https://example.com/news/court-case",
                "card", post, "article", "Court hears election case", "The court heard arguments on Tuesday.")), x.links());
        assertEquals(List.of("@PatriotPam | PatriotPam | Pam Patriot | verified | true | embedded | null",
                        "@BobB | BobB | Bob B | null | null | embedded | null", "@CarolC | CarolC | Carol | null | null | embedded | null"),
                x.profiles().stream().map(ParlerWebPageTest::profile).collect(Collectors.toList()));
    }

    /** Comments and replies wrapped in an extra element (div.comments-list, div.replies-list) are found, each once. */
    @Test
    void commentsAndRepliesBelowAnExtraWrapperAreReadOnce() {
        Extraction plain = extract("post-with-comments.html", "https://parler.com/post/1a2b3c4d5e6f40718293a4b5c6d7e8f9");
        Extraction wrapped = PARLER.extract(new Capture(URI.create("https://parler.com/post/1a2b3c4d5e6f40718293a4b5c6d7e8f9"), CAPTURED, 200,
                Map.of("Content-Type", List.of("text/html")), ParlerFixtures.bytes("html-post-comments-wrapped-edited-from-post-with-comments.html"), false));
        assertEquals(3, wrapped.posts().size(), rows(wrapped).toString());
        assertEquals(rows(plain), rows(wrapped));
        assertNull(wrapped.detail());
    }

    /**
     * Browser-saved copies of the real page (fixtures/parler): only http(s) URLs the page names become media URLs.
     * Chrome's local {@code _files/} copies give the Parler media id their file names carry (an image's 32 hex
     * digits, a video's name on video.parler.com), never a URL made up from the page's address or {@code <base>};
     * SingleFile's data: URIs give the URL the item's own link names on Parler's media hosts, else the item is kept
     * without a URL in extras, with a note.
     */
    @Test
    void mediaOfBrowserSavedPagesAreUrlsThePageNamesOrParlerMediaIds() {
        Extraction chrome = PARLER.extract(new Capture(URI.create("https://parler.com/post/b9a68d4725a347b3950e13c591942c79"), CAPTURED, 200,
                Map.of("Content-Type", List.of("text/html")), ParlerFixtures.bytes("html-post-chrome-saved-edited-from-parler-parse.html"), false));
        PostObservation echoed = chrome.posts().get(0);
        assertEquals(List.of("9f8e7d6c5b4a39281706f5e4d3c2b1a0", "Q2s5oVN1pfgk"), echoed.mediaIds());
        assertEquals(List.of(), echoed.links());
        assertEquals("{\"media_without_url\":[{\"kind\":\"image\",\"source\":\"local file 'vaDgQ'\"}]}", echoed.extras());
        assertEquals("parler.com page read in part: post 1 echoed post: image saved as local file 'vaDgQ' "
                + "names no URL or Parler media id: kept without a URL", chrome.detail());

        Extraction single = PARLER.extract(new Capture(URI.create("https://parler.com/post/b9a68d4725a347b3950e13c591942c79"), CAPTURED, 200,
                Map.of("Content-Type", List.of("text/html")), ParlerFixtures.bytes("html-post-singlefile-edited-from-parler-parse.html"), false));
        echoed = single.posts().get(0);
        assertEquals(List.of("https://video.parler.com/Q2/s5/Q2s5oVN1pfgk_small.mp4"), echoed.mediaIds());
        assertEquals(List.of(), echoed.links(), "the video's own link is its media URL, not an outbound link");
        assertEquals("{\"media_without_url\":[{\"kind\":\"image\",\"source\":\"a data:image/jpeg URI\"},"
                + "{\"kind\":\"image\",\"source\":\"a data:image/png URI\"}]}", echoed.extras());
        assertTrue(single.detail().contains("post 1 echoed post: image saved as a data:image/jpeg URI names no URL or Parler media id: kept without a URL"),
                single.detail());
        assertEquals(2, single.posts().size());
    }

    /** Badge 05 is "private" (tarqd/parler-parse badge.rs): the profile's private column says so, for owner and authors alike. */
    @Test
    void thePrivateBadgeMarksTheAccountPrivate() {
        String html = new String(page("profile-posts.html"), StandardCharsets.UTF_8)
                .replace("/512ae92f/images/badges/00.svg", "/512ae92f/images/badges/05.svg")
                .replace("<div class=\"card--header p--flex pf--row\">\n                    <div class=\"ch--col ch--meta-col",
                        "<div class=\"card--header p--flex pf--row\"><div class=\"ch--avatar--badge--wrapper\"><img src=\"/512ae92f/images/badges/05.svg\"></div>\n                    <div class=\"ch--col ch--meta-col");
        Extraction x = PARLER.extract(new Capture(URI.create("https://parler.com/profile/PatriotPam/posts"), CAPTURED, 200,
                Map.of("Content-Type", List.of("text/html")), html.getBytes(StandardCharsets.UTF_8), false));
        assertEquals(List.of("PatriotPam private true verified null", "BobB private true verified null"), x.profiles().stream()
                .map(p -> p.username() + " " + p.badge() + " " + p.isPrivate() + " verified " + p.verified()).collect(Collectors.toList()));
        assertNull(extract("profile-posts.html", "https://parler.com/profile/PatriotPam/posts").profiles().get(0).isPrivate(),
                "the verified badge says nothing about privacy");
    }

    /** A page cut off (the real page ending inside the echoed post's text) is read as far as it goes, with a note saying so. */
    @Test
    void aPageCutOffSaysSo() {
        byte[] body = ParlerFixtures.bytes("html-post-truncated-edited-from-parler-parse.html");
        Extraction x = PARLER.extract(new Capture(URI.create("https://parler.com/post/b9a68d4725a347b3950e13c591942c79"), CAPTURED, 200,
                Map.of("Content-Type", List.of("text/html")), body, false));
        assertEquals(Extraction.OK, x.status());
        assertTrue(x.detail().startsWith("parler.com page read in part: page cut off: no </html> at its end (" + body.length
                + " bytes); what followed the cut is missing and its last card may be partial"), x.detail());
        assertEquals("Seeing the Congressmen and Senators cratering instantly in the face of the breach of the Capitol building tells me this was planned.",
                x.posts().get(0).text());
        assertNull(extract("real-echo--parent-no-comment.html", "https://parler.com/post/b9a68d4725a347b3950e13c591942c79").detail(),
                "a whole page carries no such note");
    }

    @Test
    void anEchoWithWordsOfAnEchoOnShareParPw() {
        Extraction x = extract("echo-with-words.html", "https://share.par.pw/post/ddddeeee000011112222333344445555");
        assertEquals(Extraction.OK, x.status());
        String root = ParlerWebIds.derivedId("rootrita", "The original words.", "", "");
        String parent = ParlerWebIds.derivedId("midmike", "Look at this #wow", "", "https://example.org/page");
        assertEquals(List.of(
                root + " | RootRita (@RootRita) | The original words. | null | null | - | - | null | null | null | 12k=11500..12999"
                        + " | 2020-12-27T12:00:00Z week [2020-12-20T12:00:00Z, 2020-12-31T00:00:00Z] | derived",
                parent + " | MidMike (@MidMike) | Look at this #wow | " + root + " | " + root + " | echo | - | null | null | null | 950"
                        + " | 2021-01-05T12:00:00Z day [2021-01-04T12:00:00Z, 2021-01-06T00:00:00Z] | derived",
                "ddddeeee000011112222333344445555 | DaveD (@DaveD) | So true | " + parent + " | " + root + " | echo | - | 3 | 1 | 7 | 230"
                        + " | 2021-01-06T12:00:00Z day [2021-01-05T12:00:00Z, 2021-01-07T00:00:00Z] | shown"), rows(x));
        assertEquals(List.of(new LinkObservation("parler", "Web42", "https://api.parler.com/l/Web42", "https://example.org/page",
                "card", parent, "website", "Example site", null)), x.links());
        assertEquals("@MidMike | MidMike | Mike | parody | null | embedded | null", profile(x.profiles().get(1)));
    }

    @Test
    void aProfilePageGivesTheProfileItsPostsAndItsEchoes() {
        Extraction x = extract("profile-posts.html", "https://parler.com/profile/PatriotPam/posts");
        assertEquals(Extraction.OK, x.status());
        assertNull(x.detail());
        String own = ParlerWebIds.derivedId("patriotpam", "Good morning patriots", "", "");
        String bobs = ParlerWebIds.derivedId("bobb", "We are at the Capitol", "https://video.parler.com/Q2/s5/Q2s5oVN1pfgk.mp4", "");
        String echo = ParlerWebIds.derivedId("echo", "patriotpam", bobs, null);
        assertEquals(List.of(
                own + " | PatriotPam (@PatriotPam) | Good morning patriots | null | null | - | - | 5 | 2 | 40 | 3,456"
                        + " | 2021-01-06T12:00:00Z day [2021-01-05T12:00:00Z, 2021-01-07T00:00:00Z] | derived",
                bobs + " | BobB (@BobB) | We are at the Capitol | null | null | - | - | 17 | 9 | 120 | 2.1k=2050..2199"
                        + " | 2021-01-05T00:00:00Z day [2021-01-04T10:00:00Z, 2021-01-06T12:00:00Z] | derived",
                echo + " | PatriotPam (@PatriotPam) | null | " + bobs + " | " + bobs + " | echo | - | null | null | null | null"
                        + " | 2021-01-06T00:00:00Z day [2021-01-05T10:00:00Z, 2021-01-07T12:00:00Z] | derived"), rows(x));
        assertEquals(List.of("@PatriotPam | PatriotPam | Pam Patriot | verified | true | profile | Mom. Patriot. my site",
                        "@BobB | BobB | Bob B | null | null | embedded | null"),
                x.profiles().stream().map(ParlerWebPageTest::profile).collect(Collectors.toList()));
    }

    /**
     * Pages are decoded as browsers decode them: a BOM, then the HTTP charset, then the page's meta charset, else
     * UTF-8 (fixtures/parler: the real page re-encoded in windows-1252 with a meta saying so, and in UTF-16LE with
     * a BOM and no meta). An unknown charset name in the header is ignored.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "html-post-cp1252-edited-from-parler-parse.html      | text/html; charset=windows-1252 | true  | Élections truquées «vraiment» — Grüße, the Congressmen",
            "html-post-cp1252-edited-from-parler-parse.html      | text/html                       | true  | Élections truquées «vraiment» — Grüße, the Congressmen",
            "html-post-cp1252-edited-from-parler-parse.html      | text/html; charset=x-no-such    | true  | Élections truquées «vraiment» — Grüße, the Congressmen",
            "html-post-cp1252-edited-from-parler-parse.html      | text/html; charset=\"cp1252\"  | false | Élections truquées «vraiment» — Grüße, the Congressmen",
            "html-post-utf16le-bom-edited-from-parler-parse.html | text/html                       | true  | Élections truquées 🇺🇸 日本語, the Congressmen",
            "html-post-utf16le-bom-edited-from-parler-parse.html | text/html; charset=utf-8        | true  | Élections truquées 🇺🇸 日本語, the Congressmen",
    })
    void pagesAreDecodedByTheirBomHttpCharsetOrMetaCharset(String fixture, String contentType, boolean keepMeta, String text) {
        byte[] body = ParlerFixtures.bytes(fixture);
        if (!keepMeta) { // the header alone says the charset
            body = new String(body, StandardCharsets.ISO_8859_1).replace(
                    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">", "").getBytes(StandardCharsets.ISO_8859_1);
        }
        Extraction x = PARLER.extract(new Capture(URI.create("https://parler.com/post/b9a68d4725a347b3950e13c591942c79"), CAPTURED, 200,
                Map.of("Content-Type", List.of(contentType)), body, false));
        assertEquals(Extraction.OK, x.status(), x.detail());
        assertNull(x.detail());
        assertEquals(2, x.posts().size(), rows(x).toString());
        assertTrue(x.posts().get(0).text().startsWith(text), x.posts().get(0).text());
        assertEquals("Johngragg45", x.posts().get(1).authorUsername());
    }

    /**
     * Echoes of deleted posts (fixtures/parler: the real page with its {@code span.echo--parent} emptied) each keep
     * their row with the parent unknown and a note; the empty card gets no row and no id, so echoes of different
     * deleted posts never merge into one phantom post.
     */
    @Test
    void anEchoOfAnUnreadablePostKeepsItsRowWithTheParentUnknown() {
        String page = new String(ParlerFixtures.bytes("html-post-echo-of-deleted-edited-from-parler-parse.html"), StandardCharsets.UTF_8);
        for (String id : List.of("b9a68d4725a347b3950e13c591942c79", "aaaa0000000000000000000000000002")) {
            byte[] body = page.replace("b9a68d4725a347b3950e13c591942c79", id).getBytes(StandardCharsets.UTF_8); // two echoes
            Extraction x = PARLER.extract(new Capture(URI.create("https://parler.com/post/" + id), CAPTURED, 200,
                    Map.of("Content-Type", List.of("text/html")), body, false));
            assertEquals(Extraction.OK, x.status(), x.detail());
            assertEquals(List.of(id + " | Johngragg45 (@Johngragg45) | null | null | null | echo | - | null | null | null | null"
                    + " | 2021-01-07T12:00:00Z day [2021-01-06T12:00:00Z, 2021-01-08T00:00:00Z] | shown"), rows(x));
            assertTrue(x.detail().contains("post 1 echoed post unreadable (no id, author, text or media; deleted?): parent unknown"), x.detail());
        }
        // On a profile page the echo's id is not shown either: with neither echoed post nor id there is nothing to keep.
        String profile = new String(page("profile-posts.html"), StandardCharsets.UTF_8);
        int a = profile.indexOf("<span class=\"reblock echo--parent\">"), b = profile.indexOf("</span>\n        </span>", a);
        String emptied = profile.substring(0, a) + "<span class=\"reblock echo--parent\"></span>" + profile.substring(b + "</span>".length());
        Extraction x = PARLER.extract(new Capture(URI.create("https://parler.com/profile/PatriotPam/posts"), CAPTURED, 200,
                Map.of("Content-Type", List.of("text/html")), emptied.getBytes(StandardCharsets.UTF_8), false));
        assertEquals(List.of("Good morning patriots"), x.posts().stream().map(PostObservation::text).collect(Collectors.toList()));
        assertTrue(x.detail().contains("post 2 echoed post unreadable") && x.detail().contains("post 2 echo: neither its id nor its echoer and echoed post readable: not kept"),
                x.detail());
    }

    /**
     * A saved page imported under the wrong URL pattern: the page says what it is (og:url, the profile header) and
     * which post it shows, and is read so, with a note; the rows are those of the page at its own URL.
     */
    @Test
    void thePageItselfSaysWhetherItIsAPostOrAProfilePage() {
        Extraction atHome = extract("profile-posts.html", "https://parler.com/profile/PatriotPam/posts");
        Extraction asPost = extract("profile-posts.html", "https://parler.com/post/PatriotPam");
        assertEquals(rows(atHome), rows(asPost));
        assertEquals(atHome.profiles(), asPost.profiles());
        assertEquals("parler.com page read in part: the URL names a post page but the page is a profile page (its og:url or "
                + "canonical link /profile/PatriotPam/posts): read as the page says", asPost.detail());

        Extraction post = extract("real-echo--parent-no-comment.html", "https://parler.com/post/b9a68d4725a347b3950e13c591942c79");
        Extraction asProfile = extract("real-echo--parent-no-comment.html", "https://parler.com/profile/b9a68d4725a347b3950e13c591942c79/posts");
        assertEquals(rows(post), rows(asProfile));
        assertEquals(post.profiles(), asProfile.profiles());
        assertTrue(asProfile.detail().contains("the URL names a profile page but the page is a post page"), asProfile.detail());

        Extraction otherId = extract("real-echo--parent-no-comment.html", "https://parler.com/post/ffff0000ffff0000ffff0000ffff0000");
        assertEquals(rows(post), rows(otherId));
        assertEquals("parler.com page read in part: the URL names post ffff0000ffff0000ffff0000ffff0000 but the page's og:url or "
                + "canonical link names b9a68d4725a347b3950e13c591942c79: read as b9a68d4725a347b3950e13c591942c79", otherId.detail());

        // Only the profile header says so: a profile page all the same.
        String noOgUrl = new String(page("profile-posts.html"), StandardCharsets.UTF_8).replace("<meta property=\"og:url\" content=\"/profile/PatriotPam/posts\" />", "");
        Extraction byHero = PARLER.extract(new Capture(URI.create("https://parler.com/post/PatriotPam"), CAPTURED, 200,
                Map.of("Content-Type", List.of("text/html")), noOgUrl.getBytes(StandardCharsets.UTF_8), false));
        assertEquals(rows(atHome), rows(byHero));
        assertTrue(byHero.detail().contains("(div#hero--wrapper)"), byHero.detail());
    }

    @Test
    void aPageInOddMarkupYieldsWhatItCanAndSaysWhatItCouldNot() {
        Extraction x = extract("post-odd-markup.html", "https://parler.com/post/eeee0000eeee0000eeee0000eeee0000");
        assertEquals(Extraction.OK, x.status());
        assertEquals(List.of("eeee0000eeee0000eeee0000eeee0000 | EveE (@EveE) | Text survives when the rest is odd | null | null | - | - "
                + "| null | null | null | null | no time | shown"), rows(x));
        assertEquals("parler.com page read in part: post 1: no action counts; post 1: time 'sometime last spring' unreadable; "
                + "post 1 impressions: 'lots' is not a count", x.detail());
    }

    @Test
    void aPageWithoutPostsOrIdSaysSo() {
        String empty = "<html><head><meta property=\"og:site_name\" content=\"Parler\"></head><body><main></main></body></html>";
        Extraction x = PARLER.extract(new Capture(URI.create("https://parler.com/post/abc123"), CAPTURED, 200,
                Map.of("Content-Type", List.of("text/html")), empty.getBytes(StandardCharsets.UTF_8), false));
        assertEquals(Extraction.ERROR, x.status());
        assertEquals("post page without div.post--card--wrapper (parler.com markup)", x.detail());
    }

    @Test
    void linkShortenerRedirectsAreLinkRows() {
        Extraction x = PARLER.extract(new Capture(URI.create("https://api.parler.com/l/BeZpH"), CAPTURED, 302,
                Map.of("Location", List.of("https://www.example.com/story?id=1")), new byte[0], false));
        assertEquals(Extraction.OK, x.status());
        assertEquals(List.of(new LinkObservation("parler", "BeZpH", "https://api.parler.com/l/BeZpH", "https://www.example.com/story?id=1",
                "redirect", null, null, null, null)), x.links());
        Extraction noLocation = PARLER.extract(new Capture(URI.create("https://par.pw/l/abc"), CAPTURED, 301, Map.of(), new byte[0], false));
        assertEquals(Extraction.ERROR, noLocation.status());
        assertEquals("link-shortener redirect (HTTP 301) without a Location header", noLocation.detail());
        assertEquals(ParlerPlatform.KIND_LINK, PARLER.kindOf(URI.create("https://api.parler.com/l/BeZpH")));
        assertEquals(ParlerPlatform.KIND_HTML_PROFILE, PARLER.kindOf(URI.create("https://parler.com/profile/PatriotPam/posts")));
        assertEquals(ParlerPlatform.KIND_HTML_POST, PARLER.kindOf(URI.create("https://share.par.pw/post/ddddeeee000011112222333344445555")));
    }
}
