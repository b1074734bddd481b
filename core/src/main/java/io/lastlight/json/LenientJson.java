package io.lastlight.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * Reads a JSON body that is UTF-8 except for a stray invalid byte (real servers send a lone Latin-1 byte in an
 * otherwise UTF-8 body): Jackson refuses such a body whole ("Invalid UTF-8 middle byte", "… start byte"), and every
 * row of the capture would be lost. Only after that refusal, and only when the bytes really are not valid UTF-8,
 * the body is repaired ({@link Utf8Repair}: each invalid sequence becomes U+FFFD) and read again; the count of
 * replaced sequences goes with the result, for the capture's record_note. A valid body is read once, as before.
 */
public final class LenientJson {
    /** How a body is read (a tree, a streaming read); the same reader reads the repaired bytes. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(byte[] body) throws IOException;
    }

    /** What the reader returned, and how many invalid UTF-8 sequences were replaced first (0: none). */
    public record Parsed<T>(T value, int replaced) {
        /** The record note saying the body was repaired, or null when it was not. */
        public String note() {
            return LenientJson.note(replaced);
        }
    }

    private LenientJson() {}

    /** The body's tree, read by {@code json}; null for an empty body, as {@code readTree} gives. */
    public static Parsed<JsonNode> readTree(ObjectMapper json, byte[] body) throws IOException {
        return read(body, json::readTree);
    }

    /**
     * What {@code reader} reads from the body. On a {@link JsonParseException} about invalid UTF-8 in bytes that are
     * not valid UTF-8, what it reads from the repaired bytes; if that fails as well, the second failure is thrown
     * (about the repaired bytes: the reason the body still cannot be read), the first one suppressed in it.
     */
    public static <T> Parsed<T> read(byte[] body, BodyReader<T> reader) throws IOException {
        try {
            return new Parsed<>(reader.read(body), 0);
        } catch (JsonParseException e) {
            if (!aboutInvalidUtf8(e)) throw e;
            Utf8Repair.Repaired r = Utf8Repair.repair(body);
            if (r == null) throw e;
            try {
                return new Parsed<>(reader.read(r.bytes()), r.replaced());
            } catch (IOException | RuntimeException again) {
                again.addSuppressed(e);
                throw again;
            }
        }
    }

    /** Jackson's UTF-8 decoding errors: "Invalid UTF-8 start byte 0x…", "Invalid UTF-8 middle byte 0x…". */
    static boolean aboutInvalidUtf8(JsonParseException e) {
        String m = e.getOriginalMessage();
        return m != null && m.startsWith("Invalid UTF-8 ");
    }

    /** "invalid UTF-8: N byte sequence(s) replaced by U+FFFD", or null for none. */
    public static String note(int replaced) {
        return replaced <= 0 ? null : "invalid UTF-8: " + replaced + " byte sequence" + (replaced == 1 ? "" : "s")
                + " replaced by U+FFFD";
    }
}
