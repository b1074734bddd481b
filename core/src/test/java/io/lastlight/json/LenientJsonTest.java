package io.lastlight.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JSON body that is UTF-8 but for stray invalid bytes parses, with U+FFFD in their place and their count. */
class LenientJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bytes of the parts: a String as UTF-8, an int as that one raw byte. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            else out.write((Integer) p);
        }
        return out.toByteArray();
    }

    static Stream<Arguments> damaged() {
        return Stream.of(
                // body, the field read, its expected text, sequences replaced
                Arguments.of("a lone 0xE9 in a string value", bytes("{\"text\":\"caf", 0xE9, " cr\u00e8me\"}"), "text", "caf\uFFFD cr\u00e8me", 1),
                Arguments.of("a truncated multibyte sequence at the end of a string",
                        bytes("{\"text\":\"smile ", 0xF0, 0x9F, 0x98, "\",\"n\":1}"), "text", "smile \uFFFD", 1),
                Arguments.of("an invalid byte in a field name", bytes("{\"t", 0xE9, "xt\":\"value\"}"), "t\uFFFDxt", "value", 1),
                Arguments.of("two lone bytes, beside a U+FFFD the server sent itself",
                        bytes("{\"text\":\"", 0xE9, "t", 0xE9, " \uFFFD\"}"), "text", "\uFFFDt\uFFFD \uFFFD", 2),
                Arguments.of("a lone continuation byte", bytes("{\"text\":\"a", 0x80, "b\"}"), "text", "a\uFFFDb", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damaged")
    void strayInvalidBytesAreReplacedAndCounted(String what, byte[] body, String field, String text, int replaced) throws Exception {
        assertThrows(JsonParseException.class, () -> JSON.readTree(body), "Jackson refuses it as is");
        LenientJson.Parsed<JsonNode> p = LenientJson.readTree(JSON, body);
        assertEquals(text, p.value().path(field).asText(), p.value().toString());
        assertEquals(replaced, p.replaced());
        assertEquals("invalid UTF-8: " + replaced + " byte sequence" + (replaced == 1 ? "" : "s") + " replaced by U+FFFD", p.note());
    }

    @Test
    void validUtf8IsReadOnceUnchangedWithoutNote() throws Exception {
        byte[] body = bytes("{\"text\":\"caf\u00e9 \uFFFD \ud83d\ude00\",\"t\u00e9xt\":1}"); // a U+FFFD of its own is no repair
        AtomicInteger reads = new AtomicInteger();
        LenientJson.Parsed<JsonNode> p = LenientJson.read(body, b -> { reads.incrementAndGet(); return JSON.readTree(b); });
        assertEquals(1, reads.get());
        assertEquals(JSON.readTree(body), p.value());
        assertEquals(0, p.replaced());
        assertNull(p.note());
        assertNull(Utf8Repair.repair(body));
    }

    @Test
    void otherErrorsAreThrownAsBeforeWithoutARetry() {
        AtomicInteger reads = new AtomicInteger();
        byte[] body = bytes("{\"text\":\"caf\u00e9\",}");
        JsonParseException e = assertThrows(JsonParseException.class,
                () -> LenientJson.read(body, b -> { reads.incrementAndGet(); return JSON.readTree(b); }));
        assertTrue(e.getOriginalMessage().startsWith("Unexpected character"), e.getOriginalMessage());
        assertEquals(1, reads.get());
    }

    @Test
    void aBodyStillMalformedOnceRepairedThrowsThatError() {
        byte[] body = bytes("{\"text\":\"caf", 0xE9, "\",}");
        JsonParseException e = assertThrows(JsonParseException.class, () -> LenientJson.readTree(JSON, body));
        assertTrue(e.getOriginalMessage().startsWith("Unexpected character"), e.getOriginalMessage());
        assertTrue(((JsonParseException) e.getSuppressed()[0]).getOriginalMessage().startsWith("Invalid UTF-8"));
    }

    @Test
    void repairEncodesTheReplacementsAsUtf8() {
        Utf8Repair.Repaired r = Utf8Repair.repair(bytes("a", 0xE9, "b", 0xC3));
        assertEquals(2, r.replaced());
        assertEquals("a\uFFFDb\uFFFD", new String(r.bytes(), StandardCharsets.UTF_8));
        assertEquals(1 + 3 + 1 + 3, r.bytes().length);
    }
}
