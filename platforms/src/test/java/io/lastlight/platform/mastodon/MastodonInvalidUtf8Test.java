package io.lastlight.platform.mastodon;

import io.lastlight.platform.Extraction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static io.lastlight.platform.mastodon.MastodonFixtures.ANNA;
import static io.lastlight.platform.mastodon.MastodonFixtures.capture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A Mastodon JSON body that is UTF-8 but for a stray invalid byte gives its rows, U+FFFD in place, and a record note. */
class MastodonInvalidUtf8Test {
    private final MastodonPlatform mastodon = new MastodonPlatform();

    /** Strings as UTF-8, Integers as that one raw byte. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            else if (p instanceof Object[] more) out.writeBytes(bytes(more));
            else out.write((Integer) p);
        }
        return out.toByteArray();
    }

    /** A statuses page of one status whose content is {@code <p>text</p>}, with an extra field named {@code name}. */
    static byte[] page(Object[] text, Object[] name) {
        return bytes("[{\"id\":\"110000000000000001\",\"created_at\":\"2023-03-01T00:00:00.000Z\",\"account\":{\"id\":\"" + ANNA
                + "\",\"acct\":\"anna\",\"username\":\"anna\"},\"content\":\"<p>", text, "</p>\",\"", name, "\":1}]");
    }

    static Stream<Arguments> bodies() {
        Object[] plainName = {"extra"};
        return Stream.of(
                Arguments.of("a lone 0xE9 in a string value", page(new Object[] {"caf", 0xE9, " au lait"}, plainName), "caf\uFFFD au lait", 1),
                Arguments.of("a truncated multibyte sequence at the end of a string",
                        page(new Object[] {"smile ", 0xE2, 0x98}, plainName), "smile \uFFFD", 1),
                Arguments.of("an invalid byte in a field name", page(new Object[] {"plain"}, new Object[] {"ext", 0xE9, "ra"}), "plain", 1),
                Arguments.of("valid UTF-8 (a U+FFFD of its own included)", page(new Object[] {"caf\u00e9 \uFFFD"}, plainName),
                        "caf\u00e9 \uFFFD", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void theRowsAreReadWithUFFFDAndANote(String what, byte[] body, String text, int replaced) {
        String note = replaced == 0 ? null : "invalid UTF-8: 1 byte sequence replaced by U+FFFD";
        for (String path : new String[] {"/api/v1/accounts/" + ANNA + "/statuses?limit=40", "/api/v1/bookmarks"}) {
            var c = capture(path, 200, body, "Content-Type", "application/json; charset=utf-8");
            assertNull(mastodon.incompleteReason(c), path);
            Extraction x = mastodon.extract(c);
            assertEquals(Extraction.OK, x.status(), x.detail());
            assertEquals(1, x.posts().size(), path);
            assertEquals(text, x.posts().get(0).text(), path);
            assertEquals(1, x.profiles().size(), path);
            assertEquals(note, x.recordNote(), path);
        }
    }
}
