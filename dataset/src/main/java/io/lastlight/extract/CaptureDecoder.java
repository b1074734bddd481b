package io.lastlight.extract;

import io.lastlight.http.ContentDecoding;
import io.lastlight.platform.Capture;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageBody;
import org.netpreserve.jwarc.MessageHeaders;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one place a WARC response record becomes a {@link Capture}, with one set of limits: used by the build
 * ({@link WarcCaptureReader}), WACZ page finding and revisit resolution. Lenient as real archives need: an HTTP head
 * jwarc cannot parse ({@code HTTPX/1.1 200 OK}, blank lines before the status line, a NUL in the reason phrase) is
 * read again and repaired; a body whose Content-Encoding header is stale (the archiver stored it decoded) is used as
 * stored; a WARC-Truncated value the spec does not list still means truncated; a record that holds no HTTP message
 * ({@code dns:}, {@code whois:}, {@code ftp:}, an empty block) is said to be one, not an error. Never throws for bad
 * bytes: what went wrong is in the result.
 */
public final class CaptureDecoder {
    /**
     * Largest payload, raw or decoded, read for parsing (API responses are far smaller; media are never parsed).
     * Larger payloads are marked truncated for parsing, and a compression bomb stops at the cap.
     */
    public static final long DEFAULT_MAX_PARSE_BYTES = 64L * 1024 * 1024;
    /** Status of a record that is a response but holds no HTTP message. */
    public static final String NOT_HTTP = "not-http";
    /** Status of a record that is no response at all (warcinfo, request, metadata, resource …). */
    public static final String NOT_CAPTURE = "not-capture";
    /** Status of a record whose WARC bytes could not be read. */
    public static final String DAMAGED = "damaged";
    /** Status of a response whose HTTP message could not be read. */
    public static final String ERROR = "error";
    /** Largest HTTP head read when a record is read again for a repair. */
    static final int HEAD_MAX = 1 << 20;
    private static final Set<String> HTTP_SCHEMES = Set.of("http", "https");
    /** The WARC-Truncated values the WARC 1.1 spec lists (it allows others). */
    private static final Set<String> TRUNCATION_REASONS = Set.of("length", "time", "disconnect", "unspecified");
    /** Stands in for the target of a repaired block re-read as a record of its own (jwarc's builder needs one). */
    private static final URI REPAIRED = URI.create("urn:x-lastlight:repaired-head");

    private final long maxBody;

    public CaptureDecoder(long maxBody) {
        this.maxBody = maxBody;
    }

    public long maxBody() {
        return maxBody;
    }

    /**
     * A decoded record: the capture (null unless {@code status} is null), the HTTP status (whenever the head was read,
     * also when the body then could not be), the payload length as stored (-1 if unread), a status other than
     * "parse me" with the error saying why, and notes on what was odd.
     */
    public record Decoded(Capture capture, Integer httpStatus, long payloadLength, String status, String error, String note,
                          RecordDigests.Verdict payloadDigest) {
        /**
         * @param payloadDigest the record's WARC-Payload-Digest against the HTTP body as read ({@link RecordDigests#payload}):
         *                      ABSENT when the record has none or its body was not read, UNSUPPORTED when it was not read
         *                      whole (beyond the parse cap) or the algorithm is unknown
         */
        public Decoded {}

        public Decoded(Capture capture, Integer httpStatus, long payloadLength, String status, String error, String note) {
            this(capture, httpStatus, payloadLength, status, error, note, RecordDigests.Verdict.ABSENT);
        }

        static Decoded failed(String status, String error, List<String> notes) {
            return failed(status, null, -1, error, notes);
        }

        static Decoded failed(String status, Integer httpStatus, long payloadLength, String error, List<String> notes) {
            return new Decoded(null, httpStatus, payloadLength, status, error, join(notes));
        }

        Decoded withPayloadDigest(RecordDigests.Verdict v) {
            return new Decoded(capture, httpStatus, payloadLength, status, error, note, v);
        }
    }

    /** The record's block read again from the start (for a repair), at most {@code max} bytes. */
    @FunctionalInterface
    public interface Reread {
        byte[] block(int max) throws IOException;
    }

    /** Decodes a response record. {@code again} may be null (no repair is tried then). */
    public Decoded decode(WarcRecord record, RecordFacts facts, Reread again) {
        List<String> notes = new ArrayList<>(facts.notes());
        if (!(record instanceof WarcResponse r)) {
            notes.add(0, Segments.isContinuation(facts.type()) ? Segments.continuationNote(record) : facts.type() + " record");
            return Decoded.failed(NOT_CAPTURE, null, notes);
        }
        String scheme = facts.scheme();
        String type = r.headers().first("Content-Type").orElse(null);
        String base = type == null ? null : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (scheme != null && !HTTP_SCHEMES.contains(scheme)) {
            notes.add(0, scheme + ": record" + (type == null ? "" : " (" + type + ")"));
            return Decoded.failed(NOT_HTTP, null, notes);
        }
        if (base != null && !base.equals("application/http")) {
            notes.add(0, "response record holding " + type + ", not an HTTP message");
            return Decoded.failed(NOT_HTTP, null, notes);
        }
        if (emptyBlock(r)) {
            notes.add(0, "response record with an empty block: no HTTP message");
            return Decoded.failed(NOT_HTTP, null, notes);
        }
        if (facts.uri() == null) return Decoded.failed(ERROR, "no usable WARC-Target-URI", notes);
        if (facts.date() == null) return Decoded.failed(ERROR, "no usable WARC-Date: a capture needs its time", notes);
        HttpResponse http = null;
        try {
            try {
                http = r.http();
            } catch (IOException | RuntimeException e) {
                http = repaired(again, notes, e);
            }
            Decoded d = read(r, facts, http, notes, again);
            String segment = d.status() == null ? Segments.firstSegmentError(r) : null;
            return segment == null ? d : Decoded.failed(ERROR, d.httpStatus(), d.payloadLength(), segment, notes);
        } catch (IOException | RuntimeException e) {
            Integer status = http == null ? null : http.status();
            String segment = Segments.firstSegmentError(r);
            return Decoded.failed(ERROR, status, -1, segment != null ? segment : e.getClass().getSimpleName() + ": " + e.getMessage(), notes);
        }
    }

    private static boolean emptyBlock(WarcResponse r) {
        try {
            return r.body().size() == 0;
        } catch (IOException e) {
            return false; // its size is unknown: reading it will say what is wrong
        }
    }

    /**
     * The HTTP message of a record whose head jwarc could not parse, after a repair; rethrows when none applies. The
     * repaired block is read as the block of a record of its own, so jwarc reads its message exactly as it reads an
     * unrepaired one: the body runs to the end of the block (as far as it was re-read), whatever Content-Length says
     * or whether it says anything (HTTP/1.0). Parsed from a bare stream the body would end at Content-Length: cut
     * short by a stale one, unreadable without one.
     */
    private HttpResponse repaired(Reread again, List<String> notes, Exception cause) throws IOException {
        if (again == null) throw rethrow(cause);
        byte[] block = again.block((int) Math.min(Integer.MAX_VALUE - 16, maxBody + HEAD_MAX));
        byte[] fixed = repairHead(block, notes);
        if (fixed == null) throw rethrow(cause);
        return new WarcResponse.Builder(REPAIRED).body(MediaType.HTTP_RESPONSE, fixed).build().http();
    }

    private static IOException rethrow(Exception e) {
        if (e instanceof IOException io) return io;
        return new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    /**
     * The block with its status line made readable, or null when nothing here can repair it: blank lines before the
     * status line are dropped, a protocol other than {@code HTTP/n.n} ({@code HTTPX/1.1}, {@code HTTP/1.1.1},
     * {@code http/1.1}) is read as {@code HTTP/1.1}, and control bytes in the rest of the status line (a NUL in the
     * reason phrase; jwarc allows none there) are dropped. The headers and the body are left as they are.
     */
    static byte[] repairHead(byte[] block, List<String> notes) {
        int i = 0;
        while (i < block.length && (block[i] == '\r' || block[i] == '\n' || block[i] == ' ' || block[i] == '\t')) i++;
        int sp = i;
        while (sp < block.length && sp - i < 32 && block[sp] != ' ' && block[sp] != '\r' && block[sp] != '\n') sp++;
        if (sp >= block.length || block[sp] != ' ') return null;
        String proto = new String(block, i, sp - i, StandardCharsets.ISO_8859_1);
        boolean protoOk = proto.matches("HTTP/\\d(\\.\\d)?");
        if (!protoOk && !proto.matches("(?i)[a-z]{2,8}/[0-9.]+|(?i)https?[a-z]*(/.*)?")) return null;
        int eol = sp;
        while (eol < block.length && eol - sp < HEAD_MAX && block[eol] != '\n') eol++;
        if (eol > sp && block[eol - 1] == '\r') eol--;              // the line's own CR stays
        TreeSet<Integer> controls = new TreeSet<>();
        for (int j = sp; j < eol; j++) if (isControl(block[j])) controls.add(block[j] & 0xff);
        if (protoOk && i == 0 && controls.isEmpty()) return null;
        if (i > 0) notes.add("blank lines before the HTTP status line");
        if (!protoOk) notes.add("status line protocol '" + proto + "' read as HTTP/1.1");
        if (!controls.isEmpty()) {
            StringBuilder which = new StringBuilder();
            for (int c : controls) which.append(which.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "0x%02x", c));
            notes.add("control byte" + (controls.size() == 1 ? " " : "s ") + which + " in the HTTP status line dropped");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(block.length + 8);
        if (protoOk) out.write(block, i, sp - i);
        else out.writeBytes("HTTP/1.1".getBytes(StandardCharsets.ISO_8859_1));
        for (int j = sp; j < eol; j++) if (!isControl(block[j])) out.write(block[j]);
        out.write(block, eol, block.length - eol);
        return out.toByteArray();
    }

    /** A byte jwarc's parser does not take in a reason phrase: C0 controls other than tab, and DEL. */
    private static boolean isControl(byte b) {
        return (b >= 0 && b < 0x20 && b != '\t') || b == 0x7f;
    }

    private Decoded read(WarcResponse r, RecordFacts facts, HttpResponse http, List<String> notes, Reread again) throws IOException {
        MessageHeaders h = http.headers();
        // jwarc's own map (case-insensitive, in name order), read-only: a copy per response was ~5% of all allocation
        Map<String, List<String>> headers = Collections.unmodifiableMap(h.map());
        byte[] raw;
        MessageBody message = http.body();
        long declared = message.size();
        // not closed here: closing a chunked body closes the record's block, which the reader still reads to its end
        // (the block digest); the reader closes it when it moves on
        InputStream in = message.stream();
        {
            if (declared >= 0 && declared <= maxBody) {
                // The usual case: the record says how long the body is, so read it into one array of that size.
                // A record cut short yields the bytes that are there.
                raw = new byte[(int) declared];
                int n = in.readNBytes(raw, 0, raw.length);
                if (n < raw.length) raw = Arrays.copyOf(raw, n);
            } else {
                raw = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBody + 1));
            }
        }
        RecordDigests.Verdict payloadDigest = payloadDigest(r, http, raw, declared, again);
        boolean truncated = truncated(r, notes) || raw.length > maxBody;
        String encoding = h.first("Content-Encoding").orElse(null);
        byte[] body;
        try {
            body = ContentDecoding.decode(raw, encoding, maxBody);
        } catch (ContentDecoding.TooLarge | ContentDecoding.Unsupported e) {
            return Decoded.failed(ERROR, http.status(), raw.length, e.getClass().getSimpleName() + ": " + e.getMessage(), notes)
                    .withPayloadDigest(payloadDigest);
        } catch (IOException | RuntimeException e) {
            if (ContentDecoding.looksEncoded(raw, encoding) && !PlainBody.looksAs(raw, h.first("Content-Type").orElse(null))) {
                String why = e instanceof java.io.EOFException
                        ? "the " + encoding + " body ends before its stream does (cut short: " + raw.length + " bytes stored)"
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
                return Decoded.failed(ERROR, http.status(), raw.length, why, notes).withPayloadDigest(payloadDigest);
            }
            // archivers that store the decoded body often keep the header (ArchiveWeb.page does): the bytes are the
            // payload as they are. A br body has no signature to tell, so it is one that failed to decode and reads
            // as the text its Content-Type declares.
            notes.add("Content-Encoding: " + encoding + " but the body is not " + encoding + "-encoded (used as stored)");
            body = raw;
        }
        body = JsonCharset.toUtf8(body, h.first("Content-Type").orElse(null), notes);
        Capture c = new Capture(facts.uri(), facts.date(), http.status(), headers, body, truncated);
        return new Decoded(c, http.status(), raw.length, null, null, join(notes), payloadDigest);
    }

    /**
     * The WARC-Payload-Digest against the body as read (in hand: no second read of the file), when it was read whole.
     * Only a chunked body that does not match as de-chunked is read again, as transferred ({@link RecordDigests#payload}).
     */
    private RecordDigests.Verdict payloadDigest(WarcResponse r, HttpResponse http, byte[] raw, long declared, Reread again) {
        String header = r.headers().first("WARC-Payload-Digest").orElse(null);
        if (header == null) return RecordDigests.Verdict.ABSENT;
        if (raw.length > maxBody || (declared >= 0 && raw.length != declared)) return RecordDigests.Verdict.UNSUPPORTED;
        boolean chunked = http.headers().all("Transfer-Encoding").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"));
        RecordDigests.Transferred transferred = !chunked || again == null ? null : () -> {
            int head = http.serializeHeader().length;
            byte[] block = again.block((int) Math.min(Integer.MAX_VALUE - 16, maxBody + head));
            return block.length < head ? null : Arrays.copyOfRange(block, head, block.length);
        };
        return RecordDigests.payload(header, raw, raw.length, transferred);
    }

    /**
     * Whether the record says WARC-Truncated, with any value: the spec lists length, time, disconnect and unspecified
     * and allows others (jwarc's {@code truncated()} throws for those). A value not listed is kept in the notes.
     */
    static boolean truncated(WarcRecord r, List<String> notes) {
        List<String> values = r.headers().all("WARC-Truncated");
        for (String v : values) {
            if (!TRUNCATION_REASONS.contains(v.strip().toLowerCase(Locale.ROOT))) {
                notes.add("WARC-Truncated: " + v.strip() + " (not a reason the WARC spec lists: read as truncated)");
            }
        }
        return !values.isEmpty();
    }

    private static String join(List<String> notes) {
        return notes.isEmpty() ? null : String.join("; ", notes);
    }
}
