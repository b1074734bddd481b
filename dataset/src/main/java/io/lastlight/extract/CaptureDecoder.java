package io.lastlight.extract;

import io.lastlight.http.ContentDecoding;
import io.lastlight.platform.Capture;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MessageBody;
import org.netpreserve.jwarc.MessageHeaders;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one place a WARC response record becomes a {@link Capture}, with one set of limits: used by the build
 * ({@link WarcCaptureReader}), WACZ page finding and revisit resolution. Lenient as real archives need: an HTTP head
 * jwarc cannot parse ({@code HTTPX/1.1 200 OK}, blank lines before the status line) is read again and repaired; a
 * body whose Content-Encoding header is stale (the archiver stored it decoded) is used as stored; a record that holds
 * no HTTP message ({@code dns:}, {@code whois:}, {@code ftp:}, an empty block) is said to be one, not an error.
 * Never throws for bad bytes: what went wrong is in the result.
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

    private final long maxBody;

    public CaptureDecoder(long maxBody) {
        this.maxBody = maxBody;
    }

    public long maxBody() {
        return maxBody;
    }

    /**
     * A decoded record: the capture (null unless {@code status} is null), the payload length as stored (-1 if
     * unread), a status other than "parse me" with the error saying why, and notes on what was odd.
     */
    public record Decoded(Capture capture, long payloadLength, String status, String error, String note) {
        static Decoded failed(String status, String error, List<String> notes) {
            return new Decoded(null, -1, status, error, notes.isEmpty() ? null : String.join("; ", notes));
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
            notes.add(0, facts.type() + " record");
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
        try {
            HttpResponse http;
            try {
                http = r.http();
            } catch (IOException | RuntimeException e) {
                http = repaired(again, notes, e);
            }
            return read(r, facts, http, notes);
        } catch (IOException | RuntimeException e) {
            return Decoded.failed(ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), notes);
        }
    }

    private static boolean emptyBlock(WarcResponse r) {
        try {
            return r.body().size() == 0;
        } catch (IOException e) {
            return false; // its size is unknown: reading it will say what is wrong
        }
    }

    /** The HTTP message of a record whose head jwarc could not parse, after a repair; rethrows when none applies. */
    private HttpResponse repaired(Reread again, List<String> notes, Exception cause) throws IOException {
        if (again == null) throw rethrow(cause);
        byte[] block = again.block((int) Math.min(Integer.MAX_VALUE - 16, maxBody + HEAD_MAX));
        byte[] fixed = repairHead(block, notes);
        if (fixed == null) throw rethrow(cause);
        return HttpResponse.parse(Channels.newChannel(new ByteArrayInputStream(fixed)));
    }

    private static IOException rethrow(Exception e) {
        if (e instanceof IOException io) return io;
        return new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    /**
     * The block with its status line made readable, or null when nothing here can repair it: blank lines before the
     * status line are dropped, and a protocol other than {@code HTTP/n.n} ({@code HTTPX/1.1}, {@code HTTP/1.1.1})
     * is read as {@code HTTP/1.1}.
     */
    static byte[] repairHead(byte[] block, List<String> notes) {
        int i = 0;
        while (i < block.length && (block[i] == '\r' || block[i] == '\n' || block[i] == ' ' || block[i] == '\t')) i++;
        int sp = i;
        while (sp < block.length && sp - i < 32 && block[sp] != ' ' && block[sp] != '\r' && block[sp] != '\n') sp++;
        if (sp >= block.length || block[sp] != ' ') return null;
        String proto = new String(block, i, sp - i, StandardCharsets.ISO_8859_1);
        boolean protoOk = proto.matches("HTTP/\\d(\\.\\d)?");
        if (protoOk && i == 0) return null;
        if (!protoOk && !proto.matches("(?i)[a-z]{2,8}/[0-9.]+|(?i)https?[a-z]*(/.*)?")) return null;
        if (i > 0) notes.add("blank lines before the HTTP status line");
        byte[] head = protoOk ? new byte[0] : "HTTP/1.1".getBytes(StandardCharsets.ISO_8859_1);
        if (!protoOk) notes.add("status line protocol '" + proto + "' read as HTTP/1.1");
        int from = protoOk ? i : sp;
        byte[] out = Arrays.copyOf(head, head.length + block.length - from);
        System.arraycopy(block, from, out, head.length, block.length - from);
        return out;
    }

    private Decoded read(WarcResponse r, RecordFacts facts, HttpResponse http, List<String> notes) throws IOException {
        MessageHeaders h = http.headers();
        // jwarc's own map (case-insensitive, in name order), read-only: a copy per response was ~5% of all allocation
        Map<String, List<String>> headers = Collections.unmodifiableMap(h.map());
        byte[] raw;
        MessageBody message = http.body();
        long declared = message.size();
        try (InputStream in = message.stream()) {
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
        boolean truncated = r.truncated() != WarcTruncationReason.NOT_TRUNCATED || raw.length > maxBody;
        String encoding = h.first("Content-Encoding").orElse(null);
        byte[] body;
        try {
            body = ContentDecoding.decode(raw, encoding, maxBody);
        } catch (ContentDecoding.TooLarge | ContentDecoding.Unsupported e) {
            return new Decoded(null, raw.length, ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), join(notes));
        } catch (IOException | RuntimeException e) {
            if (ContentDecoding.looksEncoded(raw, encoding)) {
                String why = e instanceof java.io.EOFException
                        ? "the " + encoding + " body ends before its stream does (cut short: " + raw.length + " bytes stored)"
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
                return new Decoded(null, raw.length, ERROR, why, join(notes));
            }
            // archivers that store the decoded body often keep the header: the bytes are the payload as they are
            notes.add("Content-Encoding: " + encoding + " but the body is not " + encoding + "-encoded (used as stored)");
            body = raw;
        }
        Capture c = new Capture(facts.uri(), facts.date(), http.status(), headers, body, truncated);
        return new Decoded(c, raw.length, null, null, join(notes));
    }

    private static String join(List<String> notes) {
        return notes.isEmpty() ? null : String.join("; ", notes);
    }
}
