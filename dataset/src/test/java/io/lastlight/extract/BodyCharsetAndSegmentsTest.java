package io.lastlight.extract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSON bodies in another charset than UTF-8 (declared, or told by a byte-order mark or NUL bytes) reach the adapters
 * as UTF-8; segmented records (WARC 1.1 section 7) say what they are. The WARC bytes are written here by hand, as
 * other tools write them.
 */
class BodyCharsetAndSegmentsTest {
    static final String TEXT = "{\"id\":\"90015\",\"content\":\"<p>Café crème über – “quoted”</p>\"}";
    static final String LATIN = "{\"id\":\"90015\",\"content\":\"<p>Café crème über</p>\"}";

    @TempDir
    Path tmp;

    /** A WARC record as bytes: version line, headers (name, value pairs), block. */
    static byte[] record(String type, byte[] block, String... headers) {
        StringBuilder h = new StringBuilder("WARC/1.1\r\nWARC-Type: " + type + "\r\nWARC-Date: 2026-12-01T10:00:00Z\r\n");
        for (int i = 0; i < headers.length; i += 2) h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        h.append("Content-Length: ").append(block.length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(block);
        out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    static byte[] http(String contentType, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] response(byte[] http, String... more) {
        List<String> h = new ArrayList<>(List.of("WARC-Record-ID", "<urn:uuid:" + UUID.randomUUID() + ">",
                "WARC-Target-URI", "https://gab.example/api/v1/statuses/90015", "Content-Type", "application/http; msgtype=response"));
        h.addAll(List.of(more));
        return record("response", http, h.toArray(String[]::new));
    }

    List<WarcCapture> read(byte[]... records) throws Exception {
        Path warc = tmp.resolve("t-" + System.nanoTime() + ".warc");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) out.writeBytes(r);
        Files.write(warc, out.toByteArray());
        return CaptureDecoderTest.read(warc);
    }

    static byte[] bom(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        return b;
    }

    @ParameterizedTest(name = "{0} body, Content-Type {1}, BOM {2}")
    @CsvSource(delimiter = '|', value = {
            "ISO-8859-1  | application/json; charset=iso-8859-1   |          | latin",
            "windows-1252| application/json; charset=\"windows-1252\"|          | text",
            "ISO-8859-1  | application/activity+json; charset=latin1|        | latin",
            "UTF-8       | application/json; charset=iso-8859-1   |          | text",   // the commoner lie: declared latin-1, sent UTF-8
            "UTF-8       | application/json                       |          | text",
            "UTF-16LE    | application/json                       | fffe     | text",
            "UTF-16BE    | application/json; charset=utf-8       | feff     | text",   // the byte-order mark wins
            "UTF-32BE    | application/json                       | 0000feff | text",
            "UTF-32LE    | application/json                       | fffe0000 | text",
            "UTF-16LE    | application/json; charset=utf-16      |          | text",   // no BOM: told by the NUL bytes
            "UTF-16BE    | application/json                       |          | text",
            "UTF-32BE    | application/json                       |          | text",   // RFC 4627 section 3: 00 00 00 xx
            "UTF-32LE    | application/json                       |          | text",   // xx 00 00 00
            "UTF-16LE    | application/json; charset=utf-8       |          | text",   // declared wrong: the NUL bytes win
            "UTF-32BE    | application/json; charset=iso-8859-1   |          | text",
    })
    void aJsonBodyInAnyCharsetReachesTheAdapterAsUtf8(String charset, String contentType, String bomHex, String which) throws Exception {
        String json = which.equals("latin") ? LATIN : TEXT;
        byte[] body = json.getBytes(Charset.forName(charset));
        if (bomHex != null) {
            byte[] b = bom(bomHex), all = new byte[b.length + body.length];
            System.arraycopy(b, 0, all, 0, b.length);
            System.arraycopy(body, 0, all, b.length, body.length);
            body = all;
        }
        List<WarcCapture> cs = read(response(http(contentType, body)));
        assertEquals(1, cs.size());
        WarcCapture c = cs.get(0);
        assertNotNull(c.capture(), c.toString());
        assertEquals(json, c.capture().bodyText());
        assertEquals(body.length, c.payloadLength(), "the payload's length as stored");
        if (!charset.equals("UTF-8")) {
            assertTrue(c.note() != null && c.note().contains("JSON body in " + Charset.forName(charset).name()), String.valueOf(c.note()));
        }
    }

    @ParameterizedTest(name = "{0} body declared {1}")
    @CsvSource(delimiter = '|', value = {
            "UTF-16LE | utf-8      | true",
            "UTF-16BE | UTF-8      | true",
            "UTF-32LE | utf-8      | true",
            "UTF-32BE | iso-8859-1 | true",
            "UTF-16LE | utf-16     | false",   // the family declared, its byte order told by the NUL bytes: not wrong
            "UTF-32BE | utf-32     | false",
    })
    void aWrongDeclaredCharsetIsOverruledByTheNulBytesAndNoted(String charset, String declared, boolean wrong) throws Exception {
        byte[] body = TEXT.getBytes(Charset.forName(charset));
        WarcCapture c = read(response(http("application/json; charset=" + declared, body))).get(0);
        assertNotNull(c.capture(), c.toString());
        assertEquals(TEXT, c.capture().bodyText());
        assertTrue(c.note() != null && c.note().contains("JSON body in " + Charset.forName(charset).name()), String.valueOf(c.note()));
        assertEquals(wrong, c.note().contains("the declared charset is wrong"), c.note());
        if (wrong) assertTrue(c.note().contains("but it is " + Charset.forName(charset).name()), c.note());
    }

    @Test
    void anHtmlBodyIsLeftInItsOwnCharsetForTheHtmlParser() throws Exception {
        byte[] page = "<html><body>Café</body></html>".getBytes(StandardCharsets.ISO_8859_1);
        WarcCapture c = read(response(http("text/html; charset=iso-8859-1", page))).get(0);
        assertEquals(page.length, c.capture().body().length);
        assertEquals(page[17], c.capture().body()[17]);
        assertNull(c.note());
    }

    @Test
    void aJsonResourceRecordInLatin1IsReadAsUtf8Too() throws Exception {
        byte[] body = LATIN.getBytes(StandardCharsets.ISO_8859_1);
        WarcCapture c = read(record("resource", body, "WARC-Record-ID", "<urn:uuid:" + UUID.randomUUID() + ">",
                "WARC-Target-URI", "https://gab.example/api/v1/statuses/90015", "Content-Type", "application/json; charset=ISO-8859-1")).get(0);
        assertEquals(LATIN, c.capture().bodyText());
        assertTrue(c.note().contains("ISO-8859-1"), c.note());
    }

    @Test
    void aSegmentedRecordSaysItIsOneAndItsContinuationSaysWhoseRestItHolds() throws Exception {
        byte[] message = http("application/json", TEXT.getBytes(StandardCharsets.UTF_8));
        int half = message.length / 2;
        byte[] first = java.util.Arrays.copyOfRange(message, 0, half), rest = java.util.Arrays.copyOfRange(message, half, message.length);
        String id = "<urn:uuid:" + UUID.randomUUID() + ">";
        List<WarcCapture> cs = read(
                record("response", first, "WARC-Record-ID", id, "WARC-Target-URI", "https://gab.example/api/v1/statuses/90015",
                        "Content-Type", "application/http; msgtype=response", "WARC-Segment-Number", "1"),
                record("continuation", rest, "WARC-Record-ID", "<urn:uuid:" + UUID.randomUUID() + ">",
                        "WARC-Target-URI", "https://gab.example/api/v1/statuses/90015", "WARC-Segment-Origin-ID", id,
                        "WARC-Segment-Number", "2", "WARC-Segment-Total-Length", String.valueOf(message.length)));
        assertEquals(2, cs.size(), cs.toString());
        WarcCapture head = cs.get(0), cont = cs.get(1);
        assertEquals(CaptureDecoder.ERROR, head.status());
        assertNull(head.capture());
        assertEquals(200, head.httpStatus(), "the head was read");
        assertTrue(head.error().startsWith("segment 1 of a segmented record") && head.error().contains("continuation")
                && head.error().contains(id) && head.error().contains("joined"), head.error());
        assertEquals("continuation", cont.recordType());
        assertEquals(CaptureDecoder.NOT_CAPTURE, cont.status());
        assertTrue(cont.note().startsWith("continuation record: segment 2 of record " + id)
                && cont.note().contains(message.length + " bytes in all"), cont.note());
    }

    @Test
    void aSegmentedRecordWhoseHttpHeadIsCutIsStillNamedSegmented() throws Exception {
        byte[] message = http("application/json", TEXT.getBytes(StandardCharsets.UTF_8));
        WarcCapture head = read(record("response", java.util.Arrays.copyOf(message, 20), "WARC-Record-ID", "<urn:uuid:" + UUID.randomUUID() + ">",
                "WARC-Target-URI", "https://gab.example/x", "Content-Type", "application/http; msgtype=response",
                "WARC-Segment-Number", "1")).get(0);
        assertEquals(CaptureDecoder.ERROR, head.status());
        assertTrue(head.error().startsWith("segment 1 of a segmented record"), head.error());
    }
}
