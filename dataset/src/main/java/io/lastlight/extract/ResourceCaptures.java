package io.lastlight.extract;

import io.lastlight.platform.Capture;
import org.netpreserve.jwarc.WarcResource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * WARC {@code resource} records that hold a page or API answer (an HTML or JSON body): saved pages wrapped by
 * {@code lastlight import}, or resources another tool wrote. They have no HTTP exchange, so the platform adapter
 * sees them as a capture that answered 200 with the record's Content-Type, while the {@code captures} row keeps
 * {@code http_status} null, {@code record_type = resource} and {@code capture_source} = import (the record carries
 * {@value #IMPORT_PATH}) or other. Resource records of other types (images, video …) are not captures here.
 */
public final class ResourceCaptures {
    /** WARC header naming the saved file a lastlight import record was made from (relative to the import folder). */
    public static final String IMPORT_PATH = "Lastlight-Import-Path";

    private ResourceCaptures() {}

    /** Whether a resource record holds something an adapter parses (by its Content-Type, else by its first bytes). */
    static boolean parseableType(String contentType) {
        String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        if (semi >= 0) t = t.substring(0, semi);
        t = t.trim();
        return t.equals("text/html") || t.equals("application/xhtml+xml") || t.equals("application/json")
                || t.equals("text/json") || t.endsWith("+json");
    }

    private static boolean unknownType(String contentType) {
        String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).trim();
        return t.isEmpty() || t.startsWith("application/octet-stream") || t.startsWith("text/plain");
    }

    /** The first byte that is not whitespace or a UTF-8 byte-order mark, or 0. */
    private static byte firstByte(byte[] body) {
        for (int i = 0; i < Math.min(body.length, 1024); i++) {
            byte b = body[i];
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || (b & 0xff) == 0xef || (b & 0xff) == 0xbb || (b & 0xff) == 0xbf) continue;
            return b;
        }
        return 0;
    }

    private static boolean looksParseable(byte[] body) {
        byte b = firstByte(body);
        return b == '<' || b == '{' || b == '[';
    }

    /**
     * Reads a resource record's body now (before the reader moves on) and returns what makes its capture once
     * the record's stored length is known (the next record's offset); null if the record is not a page or JSON.
     */
    static LongFunction<WarcCapture> pending(String file, WarcResource r, long maxBody) throws IOException {
        // the record's own Content-Type as written (a parsed MediaType would drop the space before a charset)
        String declaredType = r.headers().first("Content-Type").map(String::trim).orElse(null);
        if (!parseableType(declaredType) && !unknownType(declaredType)) return null;
        byte[] body;
        // not closed: the reader still reads the block to its end (its digest) and closes it when it moves on
        InputStream in = r.body().stream();
        body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBody + 1));
        if (!parseableType(declaredType) && !looksParseable(body)) return null;
        boolean truncated = body.length > maxBody;
        if (truncated) body = java.util.Arrays.copyOf(body, (int) maxBody);
        String type = declaredType != null && parseableType(declaredType) ? declaredType
                : firstByte(body) == '{' || firstByte(body) == '[' ? "application/json" : "text/html";
        String source = r.headers().first(IMPORT_PATH).isPresent() ? WarcCapture.IMPORT : WarcCapture.OTHER;
        String digest = r.headers().first("WARC-Payload-Digest").or(() -> r.headers().first("WARC-Block-Digest")).orElse(null);
        long position = r.position();
        RecordFacts facts = RecordFacts.of(r, file, position); // lenient: odd dates, ids and targets never throw
        String target = facts.target();
        String id = facts.id();
        java.time.Instant date = facts.date();
        Capture capture = null;
        String error = null;
        List<String> notes = new java.util.ArrayList<>(0);
        byte[] parsed = JsonCharset.toUtf8(body, type, notes);
        try {
            capture = new Capture(URI.create(target), date, 200, Map.of("Content-Type", List.of(type)), parsed, truncated);
        } catch (IllegalArgumentException | NullPointerException e) {
            error = "resource record with an unreadable WARC-Target-URI: " + target;
        }
        Capture c = capture;
        String err = error;
        byte[] b = body;
        String note = notes.isEmpty() ? null : String.join("; ", notes);
        return end -> new WarcCapture(file, position, end - position, id, target, date, null, digest, b.length, c, err,
                "resource", c == null ? CaptureDecoder.ERROR : null, note, source);
    }
}
