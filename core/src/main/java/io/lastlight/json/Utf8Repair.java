package io.lastlight.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes that are meant to be UTF-8 with the malformed sequences in them (a lone Latin-1 byte, a multibyte sequence
 * cut short) replaced by U+FFFD, as a {@link CodingErrorAction#REPLACE} decoder replaces them (one U+FFFD per
 * maximal invalid subpart), counted one by one so a U+FFFD the bytes already held is not counted.
 */
public final class Utf8Repair {
    /** The repaired bytes (valid UTF-8) and how many invalid byte sequences were replaced. */
    public record Repaired(byte[] bytes, int replaced) {}

    private Utf8Repair() {}

    /** The bytes repaired, or null when they are valid UTF-8 (a strict, REPORT decoder reads them whole). */
    public static Repaired repair(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 16);
        int replaced = 0;
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isUnderflow()) break;
            if (r.isOverflow()) {
                out = grow(out);
            } else { // malformed or unmappable: what REPLACE would do, counted
                if (!out.hasRemaining()) out = grow(out);
                out.put('\uFFFD');
                in.position(in.position() + r.length());
                replaced++;
            }
        }
        if (replaced == 0) return null;
        while (d.flush(out).isOverflow()) out = grow(out);
        out.flip();
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(out);
        byte[] repaired = new byte[encoded.remaining()];
        encoded.get(repaired);
        return new Repaired(repaired, replaced);
    }

    private static CharBuffer grow(CharBuffer out) {
        CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2 + 16);
        out.flip();
        return bigger.put(out);
    }
}
