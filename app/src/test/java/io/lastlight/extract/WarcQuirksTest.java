package io.lastlight.extract;

import com.github.luben.zstd.Zstd;
import io.lastlight.core.UserException;
import io.lastlight.revisit.OriginalPayload;
import io.lastlight.revisit.OriginalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import static io.lastlight.extract.QuirkWarcs.ascii;
import static io.lastlight.extract.QuirkWarcs.concat;
import static io.lastlight.extract.QuirkWarcs.gzip;
import static io.lastlight.extract.QuirkWarcs.gzipPerRecord;
import static io.lastlight.extract.QuirkWarcs.http;
import static io.lastlight.extract.QuirkWarcs.http200;
import static io.lastlight.extract.QuirkWarcs.id;
import static io.lastlight.extract.QuirkWarcs.record;
import static io.lastlight.extract.QuirkWarcs.response;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each real-world shape of a WARC file or record, in a small generated file of its own, read as the build reads it. */
class WarcQuirksTest {
    static final String URL = "https://parler.example/post/1";
    static final String DATE = "2021-01-10T12:00:00Z";
    static final String PAGE = "<html><head><title>Brotli page</title></head><body>" + "brotli body ".repeat(20) + "</body></html>";
    /** PAGE, Brotli-compressed by node's zlib.brotliCompressSync (there is no Brotli encoder on the classpath). */
    static final String PAGE_BR = "GzABYBypU587dC0k9ianQOgaxCeNjWMcsN+DTTTQLa57ypRkQ6F+1x8ajYKu5B57nQ50plUAcg8YtQE=";

    @TempDir
    Path tmp;
    WarcCaptureReader.FileInfo info;

    List<WarcCapture> read(String name, byte[] bytes) throws Exception {
        return read(name, bytes, false);
    }

    List<WarcCapture> read(String name, byte[] bytes, boolean strict) throws Exception {
        Path f = Files.write(tmp.resolve(name), bytes);
        List<WarcCapture> out = new ArrayList<>();
        info = new WarcCaptureReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES, strict).read(f, (i, c) -> out.add(c));
        return out;
    }

    static String body(WarcCapture c) {
        assertNotNull(c.capture(), c.status() + " " + c.error() + " " + c.note());
        return new String(c.capture().body(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "WARC-Date: {0}")
    @CsvSource(delimiter = '|', value = {
            "2019|2019-01-01T00:00:00Z|year precision",
            "2019-08|2019-08-01T00:00:00Z|month precision",
            "2019-08-15|2019-08-15T00:00:00Z|day precision",
            "2019-08-15T01:02Z|2019-08-15T01:02:00Z|minute precision",
            "2019-08-15T01:02|2019-08-15T01:02:00Z|without a time zone",
            "2019-08-15T01:02:03Z|2019-08-15T01:02:03Z|",
            "2019-08-15T01:02:03.123456Z|2019-08-15T01:02:03.123456Z|",
            "2019-08-15T01:02:03.5Z|2019-08-15T01:02:03.500Z|",
            "2019-08-15T03:02:03+02:00|2019-08-15T01:02:03Z|UTC+02:00",
            "20190815010203|2019-08-15T01:02:03Z|14-digit"})
    void everyW3cDatePrecisionIsRead(String raw, String instant, String note) throws Exception {
        List<WarcCapture> cs = read("date.warc", response(1, raw, URL, http200("hello")));
        assertEquals(1, cs.size());
        WarcCapture c = cs.get(0);
        assertNull(c.status(), c.error());
        assertEquals(Instant.parse(instant), c.date());
        assertEquals(Instant.parse(instant), c.capture().time());
        if (note == null) assertNull(c.note());
        else assertTrue(c.note() != null && c.note().contains(note), c.note());
    }

    @Test
    void aRecordWithoutAUsableDateIsAnErrorWithItsReasonNotACrash() throws Exception {
        List<WarcCapture> cs = read("nodate.warc", concat(
                record(http200("a"), "WARC-Type: response", "WARC-Record-ID: " + id(1), "WARC-Target-URI: " + URL,
                        "Content-Type: application/http; msgtype=response"),
                response(2, "sometime in 2019", URL, http200("b")), response(3, DATE, URL, http200("c"))));
        assertEquals(3, cs.size());
        for (WarcCapture c : cs.subList(0, 2)) {
            assertEquals(CaptureDecoder.ERROR, c.status());
            assertNull(c.date());
            assertTrue(c.error().contains("WARC-Date"), c.error());
        }
        assertEquals("c", body(cs.get(2)));
    }

    @Test
    void aRecordWithoutARecordIdGetsAStandInAndStillParses() throws Exception {
        List<WarcCapture> cs = read("noid.warc", concat(
                record(http200("hello"), "WARC-Type: response", "WARC-Date: " + DATE, "WARC-Target-URI: " + URL,
                        "Content-Type: application/http; msgtype=response"),
                response(2, DATE, URL, http200("next"))));
        assertEquals(RecordFacts.standInId("noid.warc", 0), cs.get(0).recordId());
        assertEquals("hello", body(cs.get(0)));
        assertTrue(cs.get(0).note().contains("no WARC-Record-ID"), cs.get(0).note());
        assertEquals("urn:uuid:00000000-0000-4000-8000-000000000002", cs.get(1).recordId());
    }

    @Test
    void aRecordIdWrittenAsDoubledUrnKeepsTheWarcinfoReadable() throws Exception {
        String doubled = "<urn:uuid:urn:uuid:5b2d1a2e-2f6c-4c55-9d1e-6f5f3f0b7a11>";
        List<WarcCapture> cs = read("doubled.warc.gz", gzipPerRecord(
                record(ascii("platform: parler\r\nsoftware: IA extractor 2014\r\n"), "WARC-Type: warcinfo",
                        "WARC-Record-ID: " + doubled, "WARC-Date: " + DATE, "Content-Type: application/warc-fields"),
                response(2, DATE, URL, http200("x"))));
        assertEquals("parler", info.warcinfo.get("platform"));
        assertEquals("urn:uuid:urn:uuid:5b2d1a2e-2f6c-4c55-9d1e-6f5f3f0b7a11", cs.get(0).recordId());
        assertEquals(CaptureDecoder.NOT_CAPTURE, cs.get(0).status());
        assertTrue(cs.get(0).note().contains("urn:uuid:urn:uuid"), cs.get(0).note());
        assertNull(info.damage);
    }

    static Stream<Arguments> encodings() throws Exception {
        byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(zlib)) {
            d.write(page);
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(raw, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
            d.write(page);
        }
        byte[] br = Base64.getDecoder().decode(PAGE_BR);
        return Stream.of(
                Arguments.of("gzip", "gzip", gzip(page)),
                Arguments.of("x-gzip", "x-gzip", gzip(page)),
                Arguments.of("deflate (zlib)", "deflate", zlib.toByteArray()),
                Arguments.of("deflate (raw, as some servers send it)", "deflate", raw.toByteArray()),
                Arguments.of("br", "br", br),
                Arguments.of("zstd", "zstd", Zstd.compress(page)),
                Arguments.of("br then gzip", "br, gzip", gzip(br)),
                Arguments.of("identity", "identity", page));
    }

    @ParameterizedTest(name = "Content-Encoding: {0}")
    @MethodSource("encodings")
    void everyCommonContentEncodingIsDecoded(String label, String header, byte[] encoded) throws Exception {
        byte[] msg = http("HTTP/1.1 200 OK", encoded, "Content-Type: text/html", "Content-Encoding: " + header,
                "Content-Length: " + encoded.length);
        List<WarcCapture> cs = read("enc.warc.gz", gzipPerRecord(response(1, DATE, URL, msg)));
        assertEquals(PAGE, body(cs.get(0)), label);
        assertEquals(encoded.length, cs.get(0).payloadLength(), "the payload length is as stored");
    }

    @Test
    void aStaleContentEncodingHeaderOverADecodedBodyUsesTheBodyAsStored() throws Exception {
        byte[] msg = http("HTTP/1.1 200 OK", ascii(PAGE), "Content-Type: text/html", "Content-Encoding: gzip");
        WarcCapture c = read("stale.warc", response(1, DATE, URL, msg)).get(0);
        assertEquals(PAGE, body(c));
        assertTrue(c.note().contains("not gzip-encoded"), c.note());
    }

    @Test
    void chunkedTransferIsDechunked() throws Exception {
        byte[] plain = http("HTTP/1.1 200 OK", ascii("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"), "Transfer-Encoding: chunked");
        byte[] gz = gzip(ascii(PAGE));
        byte[] chunkedGzip = http("HTTP/1.1 200 OK", concat(ascii(Integer.toHexString(10) + "\r\n"), java.util.Arrays.copyOf(gz, 10),
                ascii("\r\n" + Integer.toHexString(gz.length - 10) + "\r\n"), java.util.Arrays.copyOfRange(gz, 10, gz.length),
                ascii("\r\n0\r\n\r\n")), "Transfer-Encoding: chunked", "Content-Encoding: gzip");
        List<WarcCapture> cs = read("chunked.warc", concat(response(1, DATE, URL, plain), response(2, DATE, URL, chunkedGzip)));
        assertEquals("hello world", body(cs.get(0)));
        assertEquals(PAGE, body(cs.get(1)));
    }

    @Test
    void anHttpxStatusLineIsReadAsHttp() throws Exception {
        byte[] msg = http("HTTPX/1.1 200 OK", ascii("hello"), "Content-Type: text/plain", "Content-Length: 5");
        List<WarcCapture> cs = read("httpx.warc.gz", gzipPerRecord(response(1, DATE, URL, msg), response(2, DATE, URL, http200("next"))));
        WarcCapture c = cs.get(0);
        assertEquals(200, c.httpStatus());
        assertEquals("hello", body(c));
        assertTrue(c.note().contains("'HTTPX/1.1' read as HTTP/1.1"), c.note());
        assertEquals("next", body(cs.get(1)));
    }

    @Test
    void extraBlankLinesBetweenRecordsAreNotDamage() throws Exception {
        byte[] crlf = ascii("\r\n\r\n\r\n");
        List<WarcCapture> plain = read("crlf.warc", concat(ascii("\r\n"), response(1, DATE, URL, http200("a")), crlf,
                response(2, DATE, URL, http200("b")), crlf, crlf, response(3, DATE, URL, http200("c")), crlf));
        assertEquals(List.of("a", "b", "c"), plain.stream().map(WarcQuirksTest::body).toList());
        assertNull(info.damage);
        List<WarcCapture> gz = read("crlf.warc.gz", gzipPerRecord(concat(response(1, DATE, URL, http200("a")), crlf),
                response(2, DATE, URL, http200("b"))));
        assertEquals(List.of("a", "b"), gz.stream().map(WarcQuirksTest::body).toList());
        assertNull(info.damage);
    }

    @Test
    void aWarcNamedFileThatIsReallyGzipIsSniffedFromItsBytes() throws Exception {
        byte[] bytes = gzipPerRecord(response(1, DATE, URL, http200("a")), response(2, DATE, URL, http200("b")));
        List<WarcCapture> cs = read("really-gzip.warc", bytes);
        assertEquals(WarcFormat.GZIP, info.format);
        assertEquals(List.of("a", "b"), cs.stream().map(WarcQuirksTest::body).toList());
        assertEquals(gzip(response(1, DATE, URL, http200("a"))).length, cs.get(1).offset(), "offsets are gzip member starts");
    }

    @Test
    void aWholeFileGzipIsReadWithOffsetsInTheDecompressedBytes() throws Exception {
        byte[] r1 = response(1, DATE, URL, http200("first"));
        byte[] r2 = response(2, DATE, URL, http200("second"));
        byte[] r3 = response(3, DATE, URL, http200("third"));
        List<WarcCapture> cs = read("whole.warc.gz", gzip(concat(r1, r2, r3)));
        assertEquals(WarcFormat.GZIP_WHOLE, info.format);
        assertEquals(List.of("first", "second", "third"), cs.stream().map(WarcQuirksTest::body).toList());
        assertEquals(List.of(0L, (long) r1.length, (long) r1.length + r2.length), cs.stream().map(WarcCapture::offset).toList());
        OriginalPayload p = new OriginalReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES)
                .read(tmp.resolve("whole.warc.gz"), cs.get(1).offset(), cs.get(1).recordId());
        assertNull(p.error(), p.error());
        assertEquals("second", new String(p.body(), StandardCharsets.UTF_8));
    }

    /**
     * A whole-file gzip cut short (its last 200 compressed bytes missing, inside the last record): every record before
     * the cut is read, the last one is the damage. Three small records fit in one read of the build's 1 MiB buffer,
     * 1,500 records of 1.4 KB span two: either way a read that met the cut used to lose what it had decoded.
     */
    @ParameterizedTest(name = "{0} records")
    @CsvSource({"3", "1500"})
    void aWholeFileGzipCutShortKeepsEveryRecordBeforeTheCut(int n) throws Exception {
        byte[][] records = new byte[n][];
        java.util.Random random = new java.util.Random(n);
        for (int i = 0; i < n; i++) {
            byte[] noise = new byte[500]; // not compressible away: the last record is longer than the 200 bytes cut
            random.nextBytes(noise);
            records[i] = response(i + 1, DATE, URL, http200("record " + (i + 1) + " " + java.util.HexFormat.of().formatHex(noise)));
        }
        byte[] whole = gzip(concat(records));
        List<WarcCapture> cs = read("whole-cut.warc.gz", java.util.Arrays.copyOf(whole, whole.length - 200));
        assertEquals(WarcFormat.GZIP_WHOLE, info.format);
        assertEquals(n, cs.size(), "every complete record, and the one the cut is in");
        long offset = 0;
        for (int i = 0; i < n - 1; i++) {
            WarcCapture c = cs.get(i);
            assertEquals(offset, c.offset(), "record " + (i + 1));
            assertEquals(records[i].length, c.length(), "record " + (i + 1));
            assertTrue(body(c).startsWith("record " + (i + 1) + " "), "record " + (i + 1));
            offset += records[i].length;
        }
        WarcCapture last = cs.get(n - 1);
        assertEquals(CaptureDecoder.DAMAGED, last.status(), last.toString());
        assertEquals(offset, last.offset(), "the damage starts where the last complete record ends");
        assertEquals(id(n).replaceAll("[<>]", ""), last.recordId(), "the record the cut is in");
        assertTrue(last.error().startsWith("the file ends inside the gzip stream (") && last.error().contains("after the last complete record"),
                last.error());
        assertTrue(info.damage.contains("1 damaged record(s)") && info.damage.contains("offset " + offset), info.damage);
    }

    @Test
    void aWholeFileGzipCutBeforeAnyRecordEndsIsOneDamagedStretch() throws Exception {
        byte[] r1 = response(1, DATE, URL, http200("only " + "x".repeat(2000)));
        byte[] whole = gzip(r1);
        List<WarcCapture> cs = read("whole-cut.warc.gz", java.util.Arrays.copyOf(whole, whole.length / 2));
        assertEquals(1, cs.size(), cs.toString());
        assertEquals(CaptureDecoder.DAMAGED, cs.get(0).status());
        assertEquals(0L, cs.get(0).offset());
        assertTrue(cs.get(0).error().startsWith("the file ends inside the gzip stream"), cs.get(0).error());
    }

    @Test
    void recordsThatAreNotHttpCapturesAreAccountedAsSuchNotAsErrors() throws Exception {
        List<WarcCapture> cs = read("kinds.warc.gz", gzipPerRecord(
                record(ascii("software: test\r\n"), "WARC-Type: warcinfo", "WARC-Record-ID: " + id(1), "WARC-Date: " + DATE,
                        "Content-Type: application/warc-fields"),
                record(ascii("20210110120000\nparler.example.\t300\tIN\tA\t93.184.216.34\n"), "WARC-Type: response",
                        "WARC-Record-ID: " + id(2), "WARC-Date: " + DATE, "WARC-Target-URI: dns:parler.example", "Content-Type: text/dns"),
                record(ascii("Domain Name: PARLER.COM\n"), "WARC-Type: response", "WARC-Record-ID: " + id(3), "WARC-Date: " + DATE,
                        "WARC-Target-URI: whois://whois.verisign-grs.com/parler.com", "Content-Type: text/plain"),
                record(ascii("binary"), "WARC-Type: response", "WARC-Record-ID: " + id(4), "WARC-Date: " + DATE,
                        "WARC-Target-URI: ftp://ftp.example/file.bin", "Content-Type: application/octet-stream"),
                record(new byte[0], "WARC-Type: response", "WARC-Record-ID: " + id(5), "WARC-Date: " + DATE, "WARC-Target-URI: " + URL),
                record(ascii("GET /post/1 HTTP/1.1\r\nHost: parler.example\r\n\r\n"), "WARC-Type: request", "WARC-Record-ID: " + id(6),
                        "WARC-Date: " + DATE, "WARC-Target-URI: " + URL, "Content-Type: application/http; msgtype=request"),
                record(ascii("via: test\r\n"), "WARC-Type: metadata", "WARC-Record-ID: " + id(7), "WARC-Date: " + DATE,
                        "WARC-Target-URI: " + URL, "Content-Type: application/warc-fields"),
                record(ascii(PAGE), "WARC-Type: resource", "WARC-Record-ID: " + id(8), "WARC-Date: " + DATE,
                        "WARC-Target-URI: " + URL, "Content-Type: text/html"),
                response(9, DATE, URL, http200("a page"))));
        // a resource record holding an HTML page is a capture to parse (a saved page: see ResourceCaptures)
        assertEquals(List.of("warcinfo not-capture", "response not-http", "response not-http", "response not-http",
                        "response not-http", "request not-capture", "metadata not-capture", "resource null", "response null"),
                cs.stream().map(c -> c.recordType() + " " + c.status()).toList());
        assertTrue(cs.get(1).note().startsWith("dns: record"), cs.get(1).note());
        assertTrue(cs.get(4).note().contains("empty block"), cs.get(4).note());
        assertTrue(cs.stream().allMatch(c -> c.error() == null), "none is an error");
        assertNull(info.damage);
    }

    @Test
    void anArcFileIsRead() throws Exception {
        byte[] httpMsg = http200("<html>arc</html>", "Content-Type: text/html");
        String desc = "1 0 test\nURL IP-address Archive-date Content-type Archive-length\n";
        byte[] arc = concat(ascii("filedesc://test.arc 127.0.0.1 20140216050221 text/plain " + desc.length() + "\n" + desc + "\n"),
                ascii("http://example.com/ 93.184.216.119 20140216050221 text/html " + httpMsg.length + "\n"), httpMsg, ascii("\n"));
        List<WarcCapture> cs = read("test.arc", arc);
        assertEquals(List.of("warcinfo", "response"), cs.stream().map(WarcCapture::recordType).toList());
        WarcCapture c = cs.get(1);
        assertEquals("<html>arc</html>", body(c));
        assertEquals(Instant.parse("2014-02-16T05:02:21Z"), c.date());
        assertTrue(c.recordId().startsWith(RecordFacts.STAND_IN_ID), c.recordId());
        assertTrue(c.note().contains("ARC record"), c.note());
    }

    /** Four per-record gzip members, the second corrupted part-way through its deflate data. */
    byte[] damagedGzip(long[] offsets) {
        byte[][] members = new byte[4][];
        for (int i = 0; i < 4; i++) members[i] = gzip(response(i + 1, DATE, URL, http200("record " + (i + 1) + " " + "x".repeat(400))));
        for (int j = 30; j < members[1].length - 20; j++) members[1][j] ^= (byte) 0x5a;
        long at = 0;
        for (int i = 0; i < 4; i++) {
            offsets[i] = at;
            at += members[i].length;
        }
        return concat(members);
    }

    @Test
    void aDamagedRecordIsReportedWithItsOffsetAndReadingResumesAfterIt() throws Exception {
        long[] offsets = new long[4];
        List<WarcCapture> cs = read("damaged.warc.gz", damagedGzip(offsets));
        assertEquals(List.of(offsets[0], offsets[1], offsets[2], offsets[3]), cs.stream().map(WarcCapture::offset).toList());
        assertEquals(CaptureDecoder.DAMAGED, cs.get(1).status(), cs.get(1).toString());
        assertNotNull(cs.get(1).error());
        assertEquals(offsets[2] - offsets[1], cs.get(1).length(), "the damaged stretch runs to the next readable record");
        assertTrue(body(cs.get(2)).startsWith("record 3") && body(cs.get(3)).startsWith("record 4"), "records after the damage are read");
        assertTrue(info.damage.contains("damaged.warc.gz") && info.damage.contains("offset " + offsets[1]), info.damage);
    }

    @Test
    void strictReadingStopsAtTheFirstDamagedRecordNamingFileAndOffset() throws Exception {
        long[] offsets = new long[4];
        byte[] bytes = damagedGzip(offsets);
        UserException e = assertThrows(UserException.class, () -> read("strict.warc.gz", bytes, true));
        assertTrue(e.getMessage().contains("strict.warc.gz") && e.getMessage().contains("offset " + offsets[1]), e.getMessage());
    }

    @Test
    void buildIsLenientByDefaultAndStrictExitsOneNamingFileAndOffset() throws Exception {
        long[] offsets = new long[4];
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.write(in.resolve("damaged.warc.gz"), damagedGzip(offsets));
        String[] lenient = {"build", "--in", in.toString(), "--out", tmp.resolve("ds").toString(), "--quiet", "--threads", "1"};
        String[] strict = {"build", "--strict", "--in", in.toString(), "--out", tmp.resolve("ds2").toString(), "--quiet", "--threads", "1"};
        java.io.PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int lenientCode, strictCode;
        try {
            System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            lenientCode = io.lastlight.cli.Main.run(lenient);
            strictCode = io.lastlight.cli.Main.run(strict);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, lenientCode, err.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("\"damaged\" : 1") && printed.contains("offset " + offsets[1]), printed);
        assertEquals(1, strictCode);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("damaged.warc.gz") && message.contains("offset " + offsets[1]) && message.contains("--strict"), message);
    }
}
