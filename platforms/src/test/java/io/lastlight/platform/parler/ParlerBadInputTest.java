package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Extraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.lastlight.platform.parler.ParlerFixtures.BASE;
import static io.lastlight.platform.parler.ParlerFixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input at every Parler entry point: malformed JSON and HTML, invalid UTF-8, HTML where JSON is expected,
 * block pages. Each is contained (no exception leaves the adapter), counted under a status, and says why.
 */
class ParlerBadInputTest {
    static final ParlerPlatform ALL_ON = new ParlerPlatform(new ParlerPlatform.Options(true, true, List.of()));
    static final String PROFILE = "/v1/profile?username=x";
    static final String COMMENTS = "/v1/comment?id=88702dcd8857561c855f30d15cda4bd9&reverse=true";

    static Capture capture(String target, int status, String type, byte[] body) {
        return new Capture(URI.create(BASE + target), ParlerFixtures.CAPTURED, status, type.isEmpty() ? Map.of()
                : Map.of("Content-Type", List.of(type)), body, false);
    }

    @ParameterizedTest(name = "{0} at {1} ({2}) -> {4}")
    @CsvSource(delimiter = '|', value = {
            // fixture                       | target                                  | status | type             | status        | reason starts with
            "comments-truncated.json         | " + COMMENTS + "                        | 200    | application/json | error         | malformed JSON: Unexpected end-of-input",
            "html-error-502.html             | " + PROFILE + "                         | 200    | text/html        | error         | malformed JSON: Unexpected character ('<'",
            "html-error-502.html             | /v1/post/creator?id=u1&limit=10         | 200    | text/html        | error         | malformed JSON",
            "html-error-502.html             | /v3/uuidConversion/post/207             | 200    | text/html        | error         | malformed JSON",
            "html-error-502.html             | /profile/x                              | 200    | text/html        | error         | profile page without div.profile[data-id]",
            "html-error-502.html             | /post/abc                               | 200    | text/html        | error         | post page without div.post--card--wrapper[data-id]",
            "html-profile-no-id.html         | /profile/someone                        | 200    | text/html        | error         | profile page without div.profile[data-id]",
            "comments-page-sim.json          | /profile/x                              | 200    | application/json | error         | profile page without div.profile[data-id]",
            "challenge-cloudflare.html       | " + PROFILE + "                         | 503    | text/html        | blocked       | challenge page (HTTP 503)",
            "challenge-cloudflare.html       | " + COMMENTS + "                        | 403    | text/html        | blocked       | challenge page (HTTP 403)",
            "challenge-cloudflare.html       | /profile/x                              | 200    | text/html        | blocked       | challenge page (HTTP 200)",
            "challenge-cloudflare.html       | /v3/uuidConversion/post/207             | 503    |                  | blocked       | challenge page",
            "geoblock.html                   | /post/abc                               | 403    | text/html        | blocked       | geoblock page (HTTP 403)",
            "uuid-unused-sim.json            | " + COMMENTS + "                        | 500    | application/json | not-content   | HTTP 500",
    })
    void badBodiesAreContainedCountedAndExplained(String fixture, String target, int status, String type, String outcome, String reason) {
        Capture c = capture(target, status, type == null ? "" : type, bytes(fixture));
        Extraction x = assertDoesNotThrow(() -> ALL_ON.extract(c));
        assertEquals(outcome, x.status(), x.detail());
        assertTrue(x.detail().startsWith(reason), "detail: " + x.detail());
        assertEquals(0, x.rowCount(), "nothing half-read is passed on as data");
        List<CrawlRequest> next = assertDoesNotThrow(() -> ALL_ON.discover(BASE, c));
        assertTrue(next.isEmpty(), "nothing followed from " + fixture + ": " + next);
        assertDoesNotThrow(() -> ALL_ON.incompleteReason(c));
        assertDoesNotThrow(() -> ALL_ON.expectedPages(c));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a JSON array        | []                                    | error | expected a JSON object",
            "a JSON string       | \"profile\"                           | error | expected a JSON object",
            "a profile, no id    | {\"username\":\"x\"}                  | error | profile without id",
            "empty               | ''                                    | empty | empty body",
    })
    void jsonOfTheWrongShapeIsAnErrorWithAReason(String what, String body, String outcome, String reason) {
        Capture c = capture(PROFILE, 200, "application/json", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Extraction x = ALL_ON.extract(c);
        assertEquals(outcome, x.status(), what);
        assertTrue(x.detail().startsWith(reason), x.detail());
    }

    /**
     * The byte a parse error names is where the bad token starts (Jackson 2.21, which Spark ships: the local build and
     * the Spark job bundle the same, so captures.parse_error is the same text from both; Jackson 2.20 named the
     * token's end).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"User-agent: *\\nAllow: /\\n | 0", "{\"id\": nope} | 7", "<html> | 0"})
    void aParseErrorNamesTheByteWhereTheBadTokenStarts(String body, int at) {
        Extraction x = ALL_ON.extract(capture(PROFILE, 200, "application/json", body.replace("\\n", "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(Extraction.ERROR, x.status(), body);
        assertTrue(x.detail().startsWith("malformed JSON: ") && x.detail().endsWith(" at byte " + at), x.detail());
    }

    @Test
    void controlBytesAndAByteOrderMarkAloneAreMalformedJson() {
        for (byte[] body : new byte[][] {{0, 0}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xFF, (byte) 0xFE, 0, 0}}) {
            Extraction x = ALL_ON.extract(capture(PROFILE, 200, "application/json", body));
            assertEquals(Extraction.ERROR, x.status(), java.util.Arrays.toString(body));
            assertTrue(x.detail().startsWith("malformed JSON") || x.detail().startsWith("expected a JSON object"), x.detail());
        }
    }

    @Test
    void hostileCountsInJsonAreNullsNotExceptions() {
        byte[] body = ("{\"id\":\"u1\",\"username\":\"x\",\"followers\":99999999999999999999999,\"following\":\"99999999999999999999\","
                + "\"posts\":-3,\"joined\":\"2021-13-45\",\"verified\":\"yes\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Capture c = capture(PROFILE, 200, "application/json", body);
        Extraction x = assertDoesNotThrow(() -> ALL_ON.extract(c));
        assertEquals(Extraction.OK, x.status());
        assertEquals(null, x.profiles().get(0).followers(), "beyond a long");
        assertEquals(null, x.profiles().get(0).following(), "beyond a long, as a display string");
        assertEquals(null, x.profiles().get(0).posts(), "negative");
        assertEquals(null, x.profiles().get(0).joinedAt());
        Map<String, Long> pages = assertDoesNotThrow(() -> ALL_ON.expectedPages(c));
        assertEquals(1L, pages.get(ParlerPlatform.KIND_POSTS), "unknown counts imply one page");
        assertTrue(assertDoesNotThrow(() -> ALL_ON.discover(BASE, c)).stream().anyMatch(r -> r.kind().equals(ParlerPlatform.KIND_POSTS)));
    }

    /**
     * Every simulator fixture cut at many points and with bytes flipped (seeded): extraction, discovery and the
     * completeness check never throw, and whatever is not OK carries a reason.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "html-profile-sim.html        | /profile/PrairieScout8150458",
            "html-profile-paged-sim.html  | /profile/silentmarine9823117",
            "html-post-sim.html           | /post/25911ec05075837915efb604c5945f2c",
            "comments-page-sim.json       | " + COMMENTS,
            "post-deleted-sim.json        | /v1/post?id=915a495b81d945262b82178a88ff1ce0",
            "profile-banned-sim.json      | /v1/profile?username=DanielScott3717258",
            "uuid-post-sim.json           | /v3/uuidConversion/post/207",
            "creator-page.json            | /v1/post/creator?id=a3f9c2d41b7e4f0a9c8d7e6f5a4b3c2d&limit=10",
            "followers-last.json          | /v1/follow/followers?id=a3f9&limit=10",
    })
    void cutAndCorruptedBodiesNeverThrow(String fixture, String target) {
        byte[] good = bytes(fixture);
        Random random = new Random(20210109L ^ fixture.hashCode());
        for (int i = 0; i < 60; i++) {
            byte[] bad;
            if (i < 30) {
                bad = java.util.Arrays.copyOf(good, random.nextInt(good.length));
            } else {
                bad = good.clone();
                for (int k = 0; k < 1 + random.nextInt(8); k++) bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            String type = fixture.endsWith(".json") ? "application/json" : "text/html";
            Capture c = capture(target, 200, type, bad);
            Extraction x = assertDoesNotThrow(() -> ALL_ON.extract(c), fixture + " variant " + i);
            if (!x.status().equals(Extraction.OK)) assertTrue(x.detail() != null && !x.detail().isBlank(), fixture + " variant " + i);
            assertDoesNotThrow(() -> ALL_ON.discover(BASE, c), fixture + " variant " + i);
            assertDoesNotThrow(() -> ALL_ON.incompleteReason(c), fixture + " variant " + i);
            assertDoesNotThrow(() -> ALL_ON.expectedPages(c), fixture + " variant " + i);
        }
    }
}
