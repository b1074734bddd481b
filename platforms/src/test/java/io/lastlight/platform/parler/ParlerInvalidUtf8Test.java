package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.PostObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A Parler JSON body that is UTF-8 but for a stray invalid byte gives its rows, U+FFFD in place of the byte, and a
 * record note: the slim read, the full read, and the tree the crawler's questions already read alike.
 */
class ParlerInvalidUtf8Test {
    static final String COMMENTS = "/v1/comment?id=88702dcd8857561c855f30d15cda4bd9&reverse=true";

    /** A comments page whose one comment's body is {@code text} and which has an extra field named {@code name}. */
    static byte[] page(Object[] text, Object[] name) {
        return bytes(List.of(new Object[] {"{\"comments\":[{\"_id\":\"c1\",\"id\":\"c1\",\"creator\":\"u1\",\"body\":\""}, text,
                new Object[] {"\",\"createdAt\":\"20190902014008\",\"depth\":\"1\",\"parent\":\"88702dcd8857561c855f30d15cda4bd9\",\""}, name,
                new Object[] {"\":1}]}"}));
    }

    /** Strings as UTF-8, Integers as that one raw byte. */
    static byte[] bytes(List<Object[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object[] part : parts) {
            for (Object p : part) {
                if (p instanceof String s) out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                else out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    static Stream<Arguments> bodies() {
        Object[] plainName = {"extra"};
        return Stream.of(
                Arguments.of("a lone 0xE9 in a string value", page(new Object[] {"caf", 0xE9, " au lait"}, plainName), "caf\uFFFD au lait", 1),
                Arguments.of("a truncated multibyte sequence at the end of a string",
                        page(new Object[] {"smile ", 0xF0, 0x9F, 0x98}, plainName), "smile \uFFFD", 1),
                Arguments.of("an invalid byte in a field name", page(new Object[] {"plain"}, new Object[] {"ext", 0xE9, "ra"}), "plain", 1),
                Arguments.of("valid UTF-8 (a U+FFFD of its own included)", page(new Object[] {"caf\u00e9 \uFFFD \ud83d\ude00"}, plainName),
                        "caf\u00e9 \uFFFD \ud83d\ude00", 0));
    }

    static Capture capture(byte[] body) {
        return new Capture(URI.create(ParlerFixtures.BASE + COMMENTS), ParlerFixtures.CAPTURED, 200,
                Map.of("Content-Type", List.of("application/json")), body, false);
    }

    static String note(int replaced) {
        return replaced == 0 ? null : "invalid UTF-8: " + replaced + " byte sequence replaced by U+FFFD";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void theRowsAreReadWithUFFFDAndANote(String what, byte[] body, String text, int replaced) {
        ParlerPlatform parler = new ParlerPlatform();
        for (boolean slim : new boolean[] {true, false}) {
            Extraction x = ParlerExtract.extract(parler, capture(body), slim);
            assertEquals(Extraction.OK, x.status(), x.detail());
            assertNull(x.detail());
            assertEquals(1, x.posts().size(), "slim " + slim);
            PostObservation p = x.posts().get(0);
            assertEquals("c1", p.postId());
            assertEquals(text, p.text());
            assertEquals(note(replaced), x.recordNote(), "slim " + slim);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void theCrawlerSeesACompletePageAndExtractionReusesItsTree(String what, byte[] body, String text, int replaced) {
        ParlerPlatform.Options all = new ParlerPlatform.Options(true, true, List.of());
        for (boolean slim : new boolean[] {true, false}) {
            ParlerPlatform parler = new ParlerPlatform(all, slim);
            Capture c = capture(body);
            assertNull(parler.incompleteReason(c), "the repaired body is the page, not a malformed one");
            Extraction x = parler.extract(c); // reads the tree incompleteReason read (ParlerTrees)
            assertEquals(text, x.posts().get(0).text());
            assertEquals(note(replaced), x.recordNote(), "slim " + slim);
        }
    }

    @Test
    void theArchivedFixtureWithTwoBadSequencesKeepsItsComment() {
        Extraction x = new ParlerPlatform().extract(capture(ParlerFixtures.bytes("comments-invalid-utf8.json")));
        assertEquals(Extraction.OK, x.status(), x.detail());
        assertEquals("Not s\uFFFD(\uFFFDure about this one, friend.", x.posts().get(0).text());
        assertEquals("invalid UTF-8: 2 byte sequences replaced by U+FFFD", x.recordNote());
    }
}
