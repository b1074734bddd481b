package io.lastlight.http;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import org.brotli.dec.BrotliInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Removes Content-Encoding for parsing, with a cap on the decoded size so a compression bomb cannot
 * exhaust memory. The WARC keeps the encoded bytes; only parsers see decoded ones.
 * Codings: gzip (x-gzip), deflate (zlib-wrapped as RFC 9110 says, or raw deflate as some servers send it),
 * br (Brotli) and zstd; a list such as {@code gzip, br} is undone last-applied first.
 */
public final class ContentDecoding {
    private ContentDecoding() {}

    /** Thrown when decoding would exceed the cap. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long cap) {
            super("decoded body exceeds " + cap + " bytes (possible compression bomb)");
        }
    }

    /** Thrown for a coding this class does not know (the body is left as stored). */
    public static final class Unsupported extends IOException {
        private static final long serialVersionUID = 1L;

        Unsupported(String coding) {
            super("unsupported Content-Encoding '" + coding + "'");
        }
    }

    public static byte[] decode(byte[] body, String contentEncoding, long maxDecoded) throws IOException {
        if (contentEncoding == null) return body;
        List<String> codings = new ArrayList<>();
        for (String c : contentEncoding.split(",")) {
            String enc = c.trim().toLowerCase(Locale.ROOT);
            if (!enc.isEmpty() && !enc.equals("identity")) codings.add(enc);
        }
        byte[] out = body;
        for (int i = codings.size() - 1; i >= 0; i--) out = decodeOne(out, codings.get(i), maxDecoded);
        return out;
    }

    /** Whether {@code body} starts as a stream of {@code coding} would (for codings with a signature). */
    public static boolean looksEncoded(byte[] body, String coding) {
        String enc = coding == null ? "" : coding.trim().toLowerCase(Locale.ROOT);
        if (enc.contains(",")) enc = enc.substring(enc.lastIndexOf(',') + 1).trim();
        return switch (enc) {
            case "gzip", "x-gzip" -> body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
            case "zstd" -> body.length >= 4 && (body[0] & 0xff) == 0x28 && (body[1] & 0xff) == 0xb5
                    && (body[2] & 0xff) == 0x2f && (body[3] & 0xff) == 0xfd;
            // zlib header: CMF 0x78 (deflate, 32K window) and a check value making CMF*256+FLG a multiple of 31
            case "deflate" -> body.length >= 2 && (body[0] & 0x0f) == 8 && (((body[0] & 0xff) << 8) | (body[1] & 0xff)) % 31 == 0;
            default -> true; // br has no signature: assume it is what it says
        };
    }

    private static byte[] decodeOne(byte[] body, String enc, long maxDecoded) throws IOException {
        InputStream in;
        switch (enc) {
            case "gzip":
            case "x-gzip":
                in = new GZIPInputStream(new ByteArrayInputStream(body), 8192);
                break;
            case "deflate":
                // RFC 9110 deflate is zlib-wrapped; servers that send raw deflate are common enough to accept
                in = looksEncoded(body, "deflate") ? new InflaterInputStream(new ByteArrayInputStream(body))
                        : new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(true));
                break;
            case "br":
                in = new BrotliInputStream(new ByteArrayInputStream(body));
                break;
            case "zstd":
                in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(body));
                break;
            default:
                throw new Unsupported(enc);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.min(body.length * 4L + 64, 1 << 20), maxDecoded + 1));
        byte[] buf = new byte[8192];
        try (InputStream s = in) {
            int n;
            while ((n = s.read(buf)) > 0) {
                if (out.size() + (long) n > maxDecoded) throw new TooLarge(maxDecoded);
                out.write(buf, 0, n);
            }
        }
        return out.toByteArray();
    }
}
