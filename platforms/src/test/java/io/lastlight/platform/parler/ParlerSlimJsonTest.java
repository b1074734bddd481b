package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.Extraction;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slim streaming read gives exactly the observations, statuses and error messages of the full tree, and the
 * crawler's answers from it (completeness, discovered requests, implied pages) are those of the full tree: on the
 * fixtures, on odd but valid shapes, and on thousands of randomly damaged bodies.
 */
class ParlerSlimJsonTest {
    private static final String BASE = "http://127.0.0.1:9";
    private static final String[] URLS = {
        BASE + "/v1/profile?username=alice",
        BASE + "/v1/post/creator?id=a3f9c2d41b7e4f0a9c8d7e6f5a4b3c2d&limit=10",
        BASE + "/v1/follow/followers?id=a3f9c2d41b7e4f0a9c8d7e6f5a4b3c2d&limit=10",
        BASE + "/v1/follow/following?id=a3f9c2d41b7e4f0a9c8d7e6f5a4b3c2d&limit=10",
        BASE + "/v1/post?id=e1a8066cac1be4a1e1e8a5ec842bc68c",
        BASE + "/v1/comment?id=e1a8066cac1be4a1e1e8a5ec842bc68c",
    };
    private final ParlerPlatform parler = new ParlerPlatform();

    private static Capture capture(String url, byte[] body) {
        return new Capture(URI.create(url), Instant.parse("2021-01-10T00:00:00Z"), 200,
                Map.of("Content-Type", List.of("application/json")), body, false);
    }

    private void assertSame(byte[] body) {
        for (String url : URLS) {
            Capture c = capture(url, body);
            Extraction slim = ParlerExtract.extract(parler, c, true);
            Extraction full = ParlerExtract.extract(parler, c, false);
            String what = url + " " + new String(body, StandardCharsets.UTF_8);
            assertEquals(full.status(), slim.status(), what);
            assertEquals(full.detail(), slim.detail(), what);
            assertEquals(full.recordNote(), slim.recordNote(), what);
            assertEquals(full.profiles(), slim.profiles(), what);
            assertEquals(full.posts(), slim.posts(), what);
            assertEquals(full.follows(), slim.follows(), what);
            assertEquals(full.tombstones(), slim.tombstones(), what);
            assertEquals(full.links(), slim.links(), what);
            assertSameCrawl(url, body, what);
        }
    }

    /** What the crawler asks of a capture, in the crawler's order, from slim trees and from full trees. */
    private static void assertSameCrawl(String url, byte[] body, String what) {
        ParlerPlatform.Options all = new ParlerPlatform.Options(true, true, List.of());
        ParlerPlatform slim = new ParlerPlatform(all, true);
        ParlerPlatform full = new ParlerPlatform(all, false);
        for (String u : new String[] {url, url + "&startkey=2020-10-23T18:04:50.105Z_159130735"}) {
            Capture c = capture(u, body);
            assertEquals(full.incompleteReason(c), slim.incompleteReason(c), what);
            assertEquals(full.discover(URI.create(BASE), c), slim.discover(URI.create(BASE), c), what);
            assertEquals(full.expectedPages(c), slim.expectedPages(c), what);
            Extraction a = full.extract(c), b = slim.extract(c);
            assertEquals(a.status(), b.status(), what);
            assertEquals(a.detail(), b.detail(), what);
            assertEquals(a.profiles(), b.profiles(), what);
            assertEquals(a.posts(), b.posts(), what);
            assertEquals(a.follows(), b.follows(), what);
            assertEquals(a.links(), b.links(), what);
        }
    }

    private static List<byte[]> fixtures() throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (String f : List.of("profile.json", "creator-page.json", "followers-last.json", "creator-page-echo.json", "post-echo-sim.json")) out.add(ParlerPlatformTest.fixture(f));
        return out;
    }

    @Test
    void fixturesGiveTheSameObservations() throws Exception {
        for (byte[] b : fixtures()) {
            assertNotNull(ParlerSlimJson.read(b), "the fixtures are the plain case");
            assertSame(b);
        }
        Extraction x = parler.extract(capture(URLS[1], ParlerPlatformTest.fixture("creator-page.json")));
        assertTrue(x.posts().size() > 0 && x.profiles().size() > 0);
    }

    @Test
    void oddButValidShapesGiveTheSameObservations() {
        List<String> bodies = List.of(
                // duplicate keys: the last wins, at the root and inside items
                "{\"posts\":[{\"_id\":\"a\",\"body\":\"x\"}],\"posts\":[{\"_id\":\"b\",\"body\":\"y @bob\",\"body\":\"z @carol\"}]}",
                // ids and counts as numbers (int, long, big, float), booleans as strings and numbers
                "{\"posts\":[{\"_id\":12,\"creator\":12345678901,\"comments\":1.5,\"reposts\":123456789012345678901234,"
                        + "\"upvotes\":\"3.2k\",\"impressions\":true,\"deleted\":\"true\",\"depth\":\"2\",\"parent\":7,\"state\":4.0}]}",
                "{\"id\":1e3,\"username\":false,\"followers\":\"39k\",\"following\":[1],\"posts\":{\"a\":1},\"verified\":1,"
                        + "\"banned\":\"yes\",\"private\":null,\"joined\":20201109140322}",
                // lists that are objects, items that are not objects, nested junk in skipped fields
                "{\"posts\":{\"p1\":{\"_id\":\"a\"},\"p2\":{\"_id\":\"b\"}},\"users\":[\"alice\",3,null,{\"id\":\"u\",\"x\":{\"y\":[[[]]]}}]}",
                "{\"followers\":[{\"id\":\"f1\",\"badges\":[1,2,{\"a\":[null]}],\"name\":{\"first\":\"A\"}},{\"_id\":\"f2\"},{}],\"next\":\"k\",\"last\":false}",
                "{\"followees\":[{\"id\":\"f1\"}],\"followers\":\"nope\"}",
                "{\"post\":{\"_id\":\"p\",\"hashtags\":[\"#Tag\",{\"tag\":\"Two\"},{\"tag\":3},5,null],\"links\":[{\"_id\":\"l\"},{\"url\":\"u\"},7],"
                        + "\"media\":{\"m\":\"x\"}},\"post\":{\"_id\":\"q\"}}",
                "{\"post\":[1,2],\"comments\":[{\"_id\":\"c\",\"body\":\"@a @b\"}],\"users\":{}}",
                // escapes, unicode, trailing content after the root (ignored by both)
                "{\"posts\":[{\"_id\":\"\\u0061\\n\",\"body\":\"caf\\u00e9 \\ud83d\\ude00 @\\u00e9\"}]} trailing {",
                "{\"posts\":[{\"_id\":\"p\",\"body\":\"@bob\",\"comments\":3,\"media\":[\"http://127.0.0.1:9/m/1.jpg\"]}],"
                        + "\"next\":\"2020-10-23T18:04:49.105Z_159130734\",\"last\":false}",
                "{\"followers\":[{\"id\":\"f\",\"username\":\"f\"}],\"next\":\"2020-10-23T18:04:50.105Z_159130735\",\"last\":false}",
                "{\"comments\":[{\"_id\":\"c\"}],\"next\":{\"k\":1},\"last\":\"no\",\"next\":\"20\"}",
                // the posts echoes point to: odd items, duplicates of listed posts, a non-array, a dangling parent
                "{\"posts\":[{\"_id\":\"e\",\"depth\":\"1\",\"parent\":\"o\",\"root\":\"r\"},{\"_id\":\"o\"}],"
                        + "\"postRefs\":[{\"_id\":\"o\",\"body\":\"@x\"},{\"id\":\"q\",\"urls\":[{\"a\":1}],\"body\":\"@y\"},7,null,[]]}",
                "{\"post\":{\"_id\":\"e\",\"parent\":\"o\"},\"postRefs\":{\"o\":{\"_id\":\"o\"}},\"postRefs\":\"x\"}",
                "{\"postRefs\":[{\"_id\":\"o\",\"body\":\"alone\"}]}",
                // link objects: odd metadata, missing fields, duplicates, not objects, not an array
                "{\"posts\":[{\"_id\":\"p\",\"links\":[\"a\",\"b\"]}],\"urls\":[{\"_id\":\"a\",\"long\":\"https://x.example/\","
                        + "\"metadata\":{\"title\":\"T\",\"title\":{\"x\":1},\"description\":[1],\"image\":{\"w\":1}}},"
                        + "{\"_id\":\"b\",\"short\":\"https://par.pw/l/b\",\"metadata\":\"none\",\"metadata\":{\"description\":\"D\"}},"
                        + "{\"_id\":\"a\",\"long\":\"https://y.example/\"},{\"_id\":\"c\"},{\"long\":\"https://z.example/\"},3,null]}",
                "{\"comments\":[{\"_id\":\"c\",\"links\":[\"k\"]}],\"urls\":{\"k\":{\"_id\":\"k\",\"long\":\"u\"}},\"urls\":[{\"_id\":12,\"long\":true,\"short\":\" \"}]}",
                "{}", "{\"posts\":[]}", "{\"users\":null,\"posts\":null,\"post\":null}",
                // not objects at the root
                "[]", "\"text\"", "42", "null", " ", "{", "{\"posts\":[{\"_id\":\"a\"}", "{\"a\":1,}", "{\"posts\":[{\"_id\":\"a\",]}");
        for (String b : bodies) assertSame(b.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8InSkippedFieldsIsRepairedAsTheFullReadRepairsIt() {
        byte[] prefix = "{\"posts\":[{\"_id\":\"a\",\"shareLink\":\"x".getBytes(StandardCharsets.ISO_8859_1);
        byte[] suffix = "y\"}],\"urls\":[]}".getBytes(StandardCharsets.ISO_8859_1);
        for (byte[] bad : new byte[][] {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xe2, (byte) 0x28, (byte) 0xa1}, {(byte) 0x80},
                {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}, {0x01}}) {
            byte[] body = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
            var slim = ParlerSlimJson.read(body);
            if (bad[0] == 0x01) {
                assertNull(slim, "a control byte in a string is no UTF-8 matter: the full read reports it");
            } else {
                assertNotNull(slim, "stray invalid UTF-8 is repaired, skipped field or not");
                assertEquals(bad.length == 3 && bad[1] == 0x28 ? 2 : 1, slim.replaced());
            }
            assertSame(body);
        }
    }

    @Test
    void randomlyDamagedBodiesGiveTheSameResults() throws Exception {
        Random r = new Random(20210109);
        List<byte[]> bases = fixtures();
        for (int i = 0; i < 3000; i++) {
            byte[] b = bases.get(r.nextInt(bases.size())).clone();
            int edits = 1 + r.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = r.nextInt(b.length);
                switch (r.nextInt(4)) {
                    case 0 -> b[at] = (byte) r.nextInt(256);
                    case 1 -> b[at] = (byte) "{}[],:\"\\ 0a-.e".charAt(r.nextInt(14));
                    case 2 -> b = java.util.Arrays.copyOf(b, at);
                    default -> {
                        byte[] longer = new byte[b.length + 1];
                        System.arraycopy(b, 0, longer, 0, at);
                        longer[at] = (byte) "{}[],:\"".charAt(r.nextInt(7));
                        System.arraycopy(b, at, longer, at + 1, b.length - at);
                        b = longer;
                    }
                }
                if (b.length == 0) break;
            }
            if (b.length > 0) assertSame(b);
        }
    }
}
