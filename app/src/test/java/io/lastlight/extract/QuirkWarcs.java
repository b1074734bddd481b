package io.lastlight.extract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Small generated WARC files with one real-world quirk each. Malformed records cannot come from a WARC writer (jwarc's
 * builders always add a record id and a well-formed date), so these are written out as the bytes other tools wrote:
 * a version line, header lines, a Content-Length and the block. Test code only.
 */
final class QuirkWarcs {
    private QuirkWarcs() {}

    /** One record: "WARC/1.1", the given header lines, Content-Length, the block and the CRLFCRLF trailer. */
    static byte[] record(byte[] block, String... headerLines) {
        return record("WARC/1.1", block, headerLines);
    }

    static byte[] record(String version, byte[] block, String... headerLines) {
        StringBuilder h = new StringBuilder(version).append("\r\n");
        for (String l : headerLines) h.append(l).append("\r\n");
        h.append("Content-Length: ").append(block.length).append("\r\n\r\n");
        return concat(h.toString().getBytes(StandardCharsets.UTF_8), block, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** A response record with the usual headers (id from {@code n}) and the given date, target and HTTP message. */
    static byte[] response(int n, String date, String target, byte[] http) {
        return record(http, "WARC-Type: response", "WARC-Record-ID: " + id(n), "WARC-Date: " + date,
                "WARC-Target-URI: " + target, "Content-Type: application/http; msgtype=response");
    }

    static String id(int n) {
        return String.format("<urn:uuid:00000000-0000-4000-8000-%012d>", n);
    }

    /** An HTTP response message: status line, header lines, blank line, body. */
    static byte[] http(String statusLine, byte[] body, String... headerLines) {
        StringBuilder h = new StringBuilder(statusLine).append("\r\n");
        for (String l : headerLines) h.append(l).append("\r\n");
        h.append("\r\n");
        return concat(h.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    static byte[] http200(String body, String... headerLines) {
        List<String> lines = new ArrayList<>(List.of(headerLines));
        lines.add("Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length);
        return http("HTTP/1.1 200 OK", body.getBytes(StandardCharsets.UTF_8), lines.toArray(String[]::new));
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** One gzip member per record, as WARC writers do. */
    static byte[] gzipPerRecord(byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) out.writeBytes(gzip(r));
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
