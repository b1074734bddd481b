package io.lastlight.extract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Response records whose HTTP message or WARC headers are odd in ways real archives are, decoded as the build decodes
 * them ({@link WarcCaptureReader}, which gives the decoder its re-read for repairs). The WARC records are well formed
 * (written by jwarc); the oddity is in the block or in one header's value.
 */
class CaptureDecoderTest {
    static final URI URL = URI.create("https://mastodon.social/api/v1/accounts/23972");
    static final Instant DATE = Instant.parse("2024-01-01T00:00:01Z");
    /** An account as the Mastodon API serves it (shortened). */
    static final String JSON = "{\"id\": \"23972\", \"username\": \"halcy\", \"acct\": \"halcy@icosahedron.website\", "
            + "\"display_name\": \"halcy\", \"note\": \"<p>i am exactly like all the other guys.</p>\", \"followers_count\": 1717}";
    static final String PAGE = "<html><head><title>Brotli page</title></head><body>" + "brotli body ".repeat(20) + "</body></html>";
    /** PAGE, Brotli-compressed by node's zlib.brotliCompressSync (as in the app module's WarcQuirksTest). */
    static final String PAGE_BR = "GzABYBypU587dC0k9ianQOgaxCeNjWMcsN+DTTTQLa57ypRkQ6F+1x8ajYKu5B57nQ50plUAcg8YtQE=";

    @TempDir
    Path tmp;

    /** The captures of a plain WARC holding one response record per block, each built with {@code extra} applied. */
    List<WarcCapture> read(UnaryOperator<WarcResponse.Builder> extra, byte[]... blocks) throws Exception {
        return read(write(extra, blocks));
    }

    Path write(UnaryOperator<WarcResponse.Builder> extra, byte[]... blocks) throws Exception {
        Path warc = tmp.resolve("quirks-" + System.nanoTime() + ".warc");
        try (WarcWriter w = new WarcWriter(FileChannel.open(warc, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            for (byte[] block : blocks) {
                w.write(extra.apply(new WarcResponse.Builder(URL).date(DATE).body(MediaType.HTTP_RESPONSE, block)).build());
            }
        }
        return warc;
    }

    static List<WarcCapture> read(Path warc) throws Exception {
        List<WarcCapture> out = new ArrayList<>();
        new WarcCaptureReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES).read(warc, (info, c) -> out.add(c));
        return out;
    }

    WarcCapture one(byte[] block) throws Exception {
        return one(b -> b, block);
    }

    WarcCapture one(UnaryOperator<WarcResponse.Builder> extra, byte[] block) throws Exception {
        List<WarcCapture> cs = read(extra, block);
        assertEquals(1, cs.size(), cs.toString());
        return cs.get(0);
    }

    /** Status line, header lines, blank line, body (CRLF line ends). */
    static byte[] http(String statusLine, byte[] body, String... headerLines) {
        StringBuilder h = new StringBuilder(statusLine).append("\r\n");
        for (String l : headerLines) h.append(l).append("\r\n");
        byte[] head = h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void parsedWhole(WarcCapture c, String body) {
        assertNull(c.status(), c.status() + ": " + c.error() + " (" + c.note() + ")");
        assertNull(c.error());
        assertNotNull(c.capture());
        assertEquals(200, c.httpStatus());
        assertEquals(body, new String(c.capture().body(), StandardCharsets.UTF_8));
    }

    // --- Content-Encoding: br ---

    @Test
    void aBrotliBodyIsDecoded() throws Exception {
        byte[] br = Base64.getDecoder().decode(PAGE_BR);
        WarcCapture c = one(http("HTTP/1.1 200 OK", br, "Content-Type: text/html", "Content-Encoding: br", "Content-Length: " + br.length));
        parsedWhole(c, PAGE);
        assertNull(c.note());
        assertEquals(br.length, c.payloadLength(), "the payload length is as stored");
    }

    /** ArchiveWeb.page stores bodies decoded and keeps the Content-Encoding header. */
    @ParameterizedTest(name = "{0} labelled br")
    @CsvSource(delimiter = '|', value = {
            "application/json; charset=utf-8|json",
            "text/html|html",
            "|json"})
    void aPlainBodyLabelledBrotliIsUsedAsStoredWithANote(String type, String kind) throws Exception {
        String body = kind.equals("json") ? JSON : PAGE;
        List<String> headers = new ArrayList<>(List.of("Content-Encoding: br", "Content-Length: " + utf8(body).length));
        if (type != null) headers.add("Content-Type: " + type);
        WarcCapture c = one(http("HTTP/1.1 200 OK", utf8(body), headers.toArray(String[]::new)));
        parsedWhole(c, body);
        assertTrue(c.note() != null && c.note().contains("Content-Encoding: br but the body is not br-encoded (used as stored)"), c.note());
    }

    @Test
    void aBrotliBodyCutShortIsStillAnErrorAndKeepsItsHttpStatus() throws Exception {
        byte[] br = Arrays.copyOf(Base64.getDecoder().decode(PAGE_BR), 20);
        WarcCapture c = one(http("HTTP/1.1 200 OK", br, "Content-Type: text/html", "Content-Encoding: br", "Content-Length: " + br.length));
        assertEquals(CaptureDecoder.ERROR, c.status());
        assertNull(c.capture());
        assertNotNull(c.error());
        assertEquals(200, c.httpStatus(), "the head was read: its status is kept");
        assertEquals(br.length, c.payloadLength());
    }

    @Test
    void anErrorAfterTheHeadWasReadKeepsTheHttpStatus() throws Exception {
        byte[] gz = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2};
        WarcCapture c = one(http("HTTP/1.1 404 Not Found", gz, "Content-Type: application/json", "Content-Encoding: gzip"));
        assertEquals(CaptureDecoder.ERROR, c.status());
        assertEquals(404, c.httpStatus());
        WarcCapture unknown = one(http("HTTP/1.1 200 OK", utf8(JSON), "Content-Type: application/json", "Content-Encoding: lzma"));
        assertEquals(CaptureDecoder.ERROR, unknown.status());
        assertTrue(unknown.error().contains("lzma"), unknown.error());
        assertEquals(200, unknown.httpStatus());
    }

    // --- repaired heads keep their bodies ---

    /**
     * The status line ({@code <CRLF>} and {@code <NUL>} stand for those bytes), the Content-Length ({@code none}, the
     * body's {@code exact} length, 100 bytes {@code short} of it, or a number), and the note expected (blank: none).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "blank line before the status line, no Content-Length|<CRLF>HTTP/1.0 200 OK|none|blank lines before the HTTP status line",
            "blank line before the status line|<CRLF>HTTP/1.1 200 OK|exact|blank lines before the HTTP status line",
            "blank line, stale Content-Length too small|<CRLF>HTTP/1.1 200 OK|5|blank lines before the HTTP status line",
            "lowercase protocol, no Content-Length|http/1.1 200 OK|none|'http/1.1' read as HTTP/1.1",
            "lowercase protocol|http/1.1 200 OK|exact|'http/1.1' read as HTTP/1.1",
            "HTTPX, no Content-Length|HTTPX/1.1 200 OK|none|'HTTPX/1.1' read as HTTP/1.1",
            "HTTPX, stale Content-Length too small|HTTPX/1.1 200 OK|short|'HTTPX/1.1' read as HTTP/1.1",
            "HTTPX, stale Content-Length too large|HTTPX/1.1 200 OK|99999|'HTTPX/1.1' read as HTTP/1.1",
            "NUL in the reason phrase|HTTP/1.1 200 <NUL>OK|exact|control byte 0x00 in the HTTP status line dropped",
            "NUL in the reason phrase, no Content-Length|HTTP/1.0 200 O<NUL>K|none|control byte 0x00 in the HTTP status line dropped",
            "plain head, stale Content-Length too small (no repair)|HTTP/1.1 200 OK|5|",
            "plain head, no Content-Length (no repair)|HTTP/1.0 200 OK|none|"})
    void aRepairedHeadKeepsItsWholeBody(String label, String statusLine, String length, String note) throws Exception {
        byte[] body = utf8(JSON);
        List<String> headers = new ArrayList<>(List.of("Content-Type: application/json; charset=utf-8"));
        switch (length) {
            case "none" -> { }
            case "exact" -> headers.add("Content-Length: " + body.length);
            case "short" -> headers.add("Content-Length: " + (body.length - 100));
            default -> headers.add("Content-Length: " + length);
        }
        byte[] quirky = http(statusLine.replace("<CRLF>", "\r\n").replace("<NUL>", "\0"), body, headers.toArray(String[]::new));
        List<WarcCapture> cs = read(b -> b, quirky, http("HTTP/1.1 200 OK", utf8("{}")));
        parsedWhole(cs.get(0), JSON);
        assertEquals(body.length, cs.get(0).payloadLength(), label);
        if (note == null) assertNull(cs.get(0).note());
        else assertTrue(cs.get(0).note() != null && cs.get(0).note().contains(note), cs.get(0).note());
        parsedWhole(cs.get(1), "{}");
    }

    @Test
    void aRepairedChunkedBodyIsDechunked() throws Exception {
        WarcCapture c = one(http("\r\nHTTPX/1.1 200 OK", utf8("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"), "Transfer-Encoding: chunked"));
        parsedWhole(c, "hello world");
    }

    // --- WARC-Truncated ---

    @ParameterizedTest(name = "WARC-Truncated: {0}")
    @ValueSource(strings = {"length", "time", "disconnect", "unspecified", "LENGTH"})
    void aKnownTruncationReasonMarksTheCaptureTruncated(String reason) throws Exception {
        WarcCapture c = one(b -> b.addHeader("WARC-Truncated", reason), http("HTTP/1.1 200 OK", utf8(JSON)));
        parsedWhole(c, JSON);
        assertTrue(c.capture().truncated());
        assertNull(c.note());
    }

    @ParameterizedTest(name = "WARC-Truncated: {0}")
    @ValueSource(strings = {"size", "cap-exceeded", "robots"})
    void anyOtherTruncationReasonMarksTheCaptureTruncatedAndIsNoted(String reason) throws Exception {
        WarcCapture c = one(b -> b.addHeader("WARC-Truncated", reason), http("HTTP/1.1 200 OK", utf8(JSON)));
        parsedWhole(c, JSON);
        assertTrue(c.capture().truncated());
        assertTrue(c.note() != null && c.note().contains("WARC-Truncated: " + reason), c.note());
    }

    @Test
    void anUntruncatedRecordIsNotTruncated() throws Exception {
        WarcCapture c = one(http("HTTP/1.1 200 OK", utf8(JSON)));
        parsedWhole(c, JSON);
        assertFalse(c.capture().truncated());
    }

    // --- WARC-Date ---

    @Test
    void aLeapSecondDateIsReadAsTheLastMicrosecondOfTheMinute() throws Exception {
        // jwarc's builder writes only dates an Instant can hold: the leap second (as long as DATE) is put in afterwards
        Path warc = write(b -> b, http("HTTP/1.1 200 OK", utf8(JSON)));
        String bytes = Files.readString(warc, StandardCharsets.ISO_8859_1);
        assertTrue(bytes.contains("WARC-Date: " + DATE + "\r\n"));
        Files.writeString(warc, bytes.replace("WARC-Date: " + DATE, "WARC-Date: 2016-12-31T23:59:60Z"), StandardCharsets.ISO_8859_1);
        List<WarcCapture> cs = read(warc);
        assertEquals(1, cs.size());
        WarcCapture c = cs.get(0);
        parsedWhole(c, JSON);
        assertEquals(Instant.parse("2016-12-31T23:59:59.999999Z"), c.date());
        assertEquals(c.date(), c.capture().time());
        assertTrue(c.note() != null && c.note().contains("leap second"), c.note());
    }

    // --- a head repair that leaves the body alone ---

    @Test
    void theBodyOfARepairedHeadIsByteForByteTheStoredOne() throws Exception {
        byte[] body = new byte[300];
        for (int i = 0; i < body.length; i++) body[i] = (byte) i;
        WarcCapture c = one(http("HTTPX/1.1 200 OK", body, "Content-Type: application/octet-stream"));
        assertNull(c.status(), c.error());
        assertArrayEquals(body, c.capture().body());
    }
}
