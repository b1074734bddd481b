package io.lastlight.warc;

import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.URIs;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.cdx.CdxFormat;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CDXJ line of a record the sink has just written, as jwarc's {@link CdxFormat#CDXJ} formats it, without
 * the parts of that formatter that re-read what the sink already knows: it takes the WARC-Date digits from the
 * header text instead of parsing an {@link Instant} back, and remembers the media types it has reduced to their
 * base (a crawl sees a handful), and it takes the HTTP status and {@code Content-Type} from the parts the sink wrote
 * the head from when that head is plain ({@link HeadFacts}), else from jwarc's parse of it. The SURT key and the
 * media type's base come from jwarc ({@link URIs#toNormalizedSurt}, {@link MediaType#parseLeniently}). Records of
 * any other shape are formatted by jwarc itself; {@code CdxjIndexerTest} holds the index built this way to the
 * one read back from the file.
 */
final class CdxjLine {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final String HTTP_RESPONSE = MediaType.HTTP_RESPONSE.toString();
    private static final int MAX_TYPES = 256;
    private final Map<String, String> baseTypes = new HashMap<>();

    /** The line; {@code offset} and {@code length} are those of the record's gzip member. */
    String format(WarcCaptureRecord record, String filename, long offset, long length) throws IOException {
        return format(record, filename, offset, length, null);
    }

    /** As above; {@code head}: the status and Content-Type of the record's HTTP head if known, else null (parsed). */
    String format(WarcCaptureRecord record, String filename, long offset, long length, HeadFacts head) throws IOException {
        boolean revisit = record instanceof WarcRevisit;
        if (!(revisit || record instanceof WarcResponse)
                || !record.headers().first("Content-Type").map(HTTP_RESPONSE::equals).orElse(false)) {
            return CdxFormat.CDXJ.format(record, filename, offset, length);
        }
        String target = record.target();
        StringBuilder out = new StringBuilder(160 + 2 * target.length());
        String surt;
        try {
            surt = escape(URIs.toNormalizedSurt(target));
        } catch (RuntimeException e) {
            surt = "-";
        }
        out.append(surt).append(' ').append(timestamp(record)).append(" {");
        int status;
        String contentType;
        if (head != null) {
            status = head.status();
            contentType = head.contentType();
        } else {
            org.netpreserve.jwarc.HttpResponse http = revisit ? ((WarcRevisit) record).http() : ((WarcResponse) record).http();
            status = http.status();
            contentType = http.headers().first("Content-Type").orElse(null);
        }
        boolean first = field(out, true, "url", target);
        first = field(out, first, "mime", revisit ? CdxFormat.PYWB_REVISIT_MIMETYPE : contentType == null ? null : baseType(contentType));
        first = field(out, first, "status", status == 0 ? null : String.valueOf(status));
        first = field(out, first, "digest", record.payloadDigest().map(WarcDigest::raw).orElse(null));
        first = field(out, first, "length", length < 0 ? null : String.valueOf(length));
        first = field(out, first, "offset", String.valueOf(offset));
        field(out, first, "filename", filename);
        return out.append('}').toString();
    }

    /** {@code yyyyMMddHHmmss} of WARC-Date: straight from a {@code 2021-01-09T10:11:12Z} header, else parsed. */
    private static String timestamp(WarcCaptureRecord record) {
        Optional<String> h = record.headers().sole("WARC-Date");
        String d = h.orElse("");
        if (d.length() == 20 && d.charAt(4) == '-' && d.charAt(7) == '-' && d.charAt(10) == 'T' && d.charAt(13) == ':'
                && d.charAt(16) == ':' && d.charAt(19) == 'Z') {
            char[] c = {d.charAt(0), d.charAt(1), d.charAt(2), d.charAt(3), d.charAt(5), d.charAt(6), d.charAt(8),
                    d.charAt(9), d.charAt(11), d.charAt(12), d.charAt(14), d.charAt(15), d.charAt(17), d.charAt(18)};
            boolean digits = true;
            for (char x : c) digits &= x >= '0' && x <= '9';
            if (digits) return new String(c);
        }
        try {
            return DATE.format(record.date());
        } catch (RuntimeException e) {
            return "-";
        }
    }

    private String baseType(String contentType) {
        String base = baseTypes.get(contentType);
        if (base == null) {
            base = MediaType.parseLeniently(contentType).base().toString();
            if (baseTypes.size() < MAX_TYPES) baseTypes.put(contentType, base);
        }
        return base;
    }

    private static boolean field(StringBuilder out, boolean first, String name, String value) {
        if (value == null) return first;
        if (!first) out.append(", ");
        out.append('"').append(name).append("\": \"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') out.append("\\\"");
            else if (c == '\\') out.append("\\\\");
            else if (c == '\b') out.append("\\b");
            else if (c == '\f') out.append("\\f");
            else if (c == '\n') out.append("\\n");
            else if (c == '\r') out.append("\\r");
            else if (c == '\t') out.append("\\t");
            else if (c <= 0x1f) {
                out.append("\\u00").append(Character.forDigit((c & 0xf0) >>> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        return false;
    }

    private static String escape(String s) {
        return s.replace(" ", "%20").replace("\n", "%0A").replace("\0", "%00");
    }
}
