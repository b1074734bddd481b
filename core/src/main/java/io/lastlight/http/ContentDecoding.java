package io.lastlight.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Removes Content-Encoding for parsing, with a cap on the decoded size so a compression bomb cannot
 * exhaust memory. The WARC keeps the encoded bytes; only parsers see decoded ones.
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

    public static byte[] decode(byte[] body, String contentEncoding, long maxDecoded) throws IOException {
        if (contentEncoding == null) return body;
        String enc = contentEncoding.trim().toLowerCase(Locale.ROOT);
        if (enc.isEmpty() || enc.equals("identity")) return body;
        InputStream in;
        switch (enc) {
            case "gzip":
            case "x-gzip":
                in = new GZIPInputStream(new ByteArrayInputStream(body), 8192);
                break;
            case "deflate":
                in = new InflaterInputStream(new ByteArrayInputStream(body));
                break;
            default:
                throw new IOException("unsupported Content-Encoding '" + contentEncoding + "'");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(body.length * 4 + 64, 1 << 20));
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
