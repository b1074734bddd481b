package io.lastlight.extract;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Whether a body whose Content-Encoding failed to decode is the payload stored as it is. Brotli has no magic number
 * (gzip, zstd and zlib do, see {@code ContentDecoding.looksEncoded}), so a br body an archiver stored decoded
 * (ArchiveWeb.page keeps the header) is told from a damaged br stream by what it is: UTF-8 text, with no control
 * bytes but whitespace, starting as its Content-Type says. Compressed bytes are almost never valid UTF-8 for long.
 */
final class PlainBody {
    private PlainBody() {
    }

    /**
     * True for an empty body (nothing to lose) and for text that starts as {@code contentType} says: JSON with
     * <code>{</code>, {@code [} or {@code "}; HTML and XML with {@code <}; other {@code text/*} with anything; no
     * Content-Type or another one with <code>{</code>, {@code [} or {@code <} (the payloads the platforms parse).
     * Leading whitespace and a byte order mark are skipped.
     */
    static boolean looksAs(byte[] body, String contentType) {
        if (body.length == 0) return true;
        for (byte b : body) {
            if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') return false;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            return false;
        }
        int i = 0;
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) i = 3;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r' || body[i] == '\f')) i++;
        if (i == body.length) return true;                        // whitespace only
        char first = (char) body[i];
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (type.endsWith("json")) return first == '{' || first == '[' || first == '"';
        if (type.contains("html") || type.endsWith("xml")) return first == '<';
        if (type.startsWith("text/")) return true;
        return first == '{' || first == '[' || first == '<';
    }
}
