package io.lastlight.extract;

import io.lastlight.core.UserException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** captures.digest_check as the build's reader decides it: each record's digests against the bytes it read. */
class DigestCheckReadTest {
    @TempDir
    Path tmp;

    static final String BODY = "{\"id\":\"42\",\"username\":\"someone\",\"followers_count\":19}";
    static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n";

    static byte[] sha1(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-1").digest(b);
    }

    static String base32(byte[] d) {
        return new WarcDigest("sha1", d).toString();
    }

    /** A response storing {@code head + stored}, with the given digest headers (null: none). */
    static WarcResponse response(int i, String head, String stored, String block, String payload) {
        WarcResponse.Builder b = new WarcResponse.Builder(URI.create("https://gab.example/api/v1/accounts/" + i))
                .date(Instant.parse("2021-01-10T12:00:00Z")).body(MediaType.HTTP_RESPONSE, (head + stored).getBytes(StandardCharsets.ISO_8859_1));
        if (block != null) b.addHeader("WARC-Block-Digest", block);
        if (payload != null) b.addHeader("WARC-Payload-Digest", payload);
        return b.build();
    }

    static String blockOf(String head, String body) throws Exception {
        return base32(sha1((head + body).getBytes(StandardCharsets.ISO_8859_1)));
    }

    static String payloadOf(String body) throws Exception {
        return base32(sha1(body.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** The records and, per record, the check the reader must come to. */
    static Map<WarcResponse, String> cases() throws Exception {
        Map<WarcResponse, String> m = new LinkedHashMap<>();
        String altered = BODY.replace("19", "18"); // one digit of the follower count changed after the digests were taken
        m.put(response(1, HEAD, BODY, blockOf(HEAD, BODY), payloadOf(BODY)), "verified");
        m.put(response(2, HEAD, altered, blockOf(HEAD, BODY), payloadOf(BODY)), "block-mismatch");
        m.put(response(3, HEAD, BODY, blockOf(HEAD, BODY), payloadOf(altered)), "payload-mismatch");
        m.put(response(4, HEAD, BODY, null, null), "none");
        m.put(response(5, HEAD, BODY, "foo:AAAABBBBCCCC", null), "unsupported");
        m.put(response(6, HEAD, BODY, "foo:AAAABBBBCCCC", payloadOf(BODY)), "unsupported"); // not every digest is checked
        // hex and base64 values, as some tools write them (URL-safe base64 is one jwarc itself cannot parse)
        String hex = "sha1:" + java.util.HexFormat.of().formatHex(sha1((HEAD + BODY).getBytes(StandardCharsets.ISO_8859_1)));
        String b64url = "sha1:" + Base64.getUrlEncoder().encodeToString(sha1((HEAD + BODY).getBytes(StandardCharsets.ISO_8859_1)));
        m.put(response(7, HEAD, BODY, hex, null), "verified");
        m.put(response(8, HEAD, BODY, b64url, null), "verified");
        m.put(response(9, HEAD, altered, b64url, null), "block-mismatch");
        // chunked: the payload digested as transferred (wget, warcio, Heritrix) or de-chunked (jwarc)
        String chunkedHead = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        String chunked = Integer.toHexString(10) + "\r\n" + BODY.substring(0, 10) + "\r\n" + Integer.toHexString(BODY.length() - 10)
                + "\r\n" + BODY.substring(10) + "\r\n0\r\n\r\n";
        m.put(response(10, chunkedHead, chunked, blockOf(chunkedHead, chunked), payloadOf(chunked)), "verified");
        m.put(response(11, chunkedHead, chunked, blockOf(chunkedHead, chunked), payloadOf(BODY)), "verified");
        m.put(response(12, chunkedHead, chunked, blockOf(chunkedHead, chunked), payloadOf(altered)), "payload-mismatch");
        m.put(response(13, HEAD, BODY, "sha1:not a digest at all", null), "unsupported");
        return m;
    }

    Path write(String name, WarcCompression compression, Iterable<WarcResponse> records) throws Exception {
        Path f = tmp.resolve(name);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            WarcWriter w = new WarcWriter(ch, compression);
            for (WarcResponse r : records) w.write(r);
        }
        return f;
    }

    static List<WarcCapture> read(Path f, boolean strict, WarcCaptureReader.FileInfo[] info) throws Exception {
        List<WarcCapture> out = new ArrayList<>();
        WarcCaptureReader.FileInfo i = new WarcCaptureReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES, strict).read(f, (x, c) -> out.add(c));
        if (info != null) info[0] = i;
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = WarcCompression.class, names = {"NONE", "GZIP"})
    void eachRecordsDigestsAreCheckedAsItIsRead(WarcCompression compression) throws Exception {
        Map<WarcResponse, String> cases = cases();
        Path f = write("digests.warc" + (compression == WarcCompression.GZIP ? ".gz" : ""), compression, cases.keySet());
        WarcCaptureReader.FileInfo[] info = new WarcCaptureReader.FileInfo[1];
        List<WarcCapture> got = read(f, false, info);
        List<String> expected = new ArrayList<>(cases.values());
        assertEquals(expected.size(), got.size(), got.toString());
        for (int i = 0; i < got.size(); i++) {
            WarcCapture c = got.get(i);
            assertEquals(expected.get(i), c.digestCheck(), "record " + (i + 1) + ": " + c.note());
            assertEquals(null, c.status(), "record " + (i + 1) + " is parsed as before: " + c.error());
            assertTrue(c.capture() != null && new String(c.capture().body(), StandardCharsets.UTF_8).contains("followers_count"), "record " + (i + 1));
        }
        WarcCapture altered = got.get(1);
        assertTrue(altered.note().contains("WARC-Block-Digest sha1:") && altered.note().contains("does not match"), altered.note());
        assertTrue(got.get(2).note().contains("WARC-Payload-Digest"), got.get(2).note());
        assertTrue(got.get(4).note().contains("foo:AAAABBBBCCCC"), got.get(4).note());
        assertEquals(null, got.get(0).note(), "nothing to say about a verified record");
        // the counts, and the mismatches named by offset
        assertEquals(4L, info[0].digestChecks.get("block-mismatch") + info[0].digestChecks.get("payload-mismatch"), info[0].digestChecks.toString());
        assertEquals(4, info[0].digestMismatches.size());
        assertTrue(info[0].digestMismatches.get(0).startsWith("offset " + altered.offset() + ": block-mismatch"), info[0].digestMismatches.toString());
    }

    @ParameterizedTest
    @EnumSource(value = WarcCompression.class, names = {"NONE", "GZIP"})
    void strictStopsAtTheFirstMismatchNamingFileAndOffset(WarcCompression compression) throws Exception {
        Map<WarcResponse, String> cases = cases();
        Path f = write("strict.warc" + (compression == WarcCompression.GZIP ? ".gz" : ""), compression, cases.keySet());
        long at = read(f, false, null).get(1).offset();
        UserException e = assertThrows(UserException.class, () -> read(f, true, null));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("offset " + at) && e.getMessage().contains("block-mismatch"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONE", "GZIP"})
    void aDamagedRecordHasNoDigestCheck(String compression) throws Exception {
        Path f = write("cut.warc" + (compression.equals("GZIP") ? ".gz" : ""), WarcCompression.valueOf(compression), cases().keySet());
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 40));
        List<WarcCapture> got = read(f, false, null);
        WarcCapture last = got.get(got.size() - 1);
        assertEquals(CaptureDecoder.DAMAGED, last.status());
        assertNull(last.digestCheck());
        assertEquals("verified", got.get(0).digestCheck());
    }

    /**
     * Files other tools wrote (wget via warcio's test data, warcio, jwarc, cdxj-indexer, py-wacz): where
     * {@code jwarc validate} passes a digest, the build does not call it a mismatch; warcio's chunked example, whose
     * payload digest is over the body as transferred (jwarc validate fails it), comes out verified.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cdxj-indexer/cc.warc.gz", "jwarc/cc.warc.gz", "py-wacz/example-collection.warc",
            "py-wacz/example-collection-with-lists.warc", "warcio/example.warc.gz", "warcio/example.warc",
            "warcio/example-iana.org-chunked.warc", "warcio/example-wget-bad-target-uri.warc.gz",
            "warcio/example-resource.warc.gz", "warcio/example-digest.warc", "cdxj-indexer/missing-http.warc.gz"})
    void realToolsFilesComeOutVerified(String name) throws Exception {
        Path f = RealWarcFiles.need(name);
        List<WarcCapture> got = read(f, false, null);
        assertTrue(!got.isEmpty());
        for (WarcCapture c : got) {
            assertTrue(!RecordDigests.isMismatch(c.digestCheck()), name + " offset " + c.offset() + ": " + c.digestCheck() + " " + c.note());
            assertTrue(c.digestCheck() != null, name + " offset " + c.offset() + " " + c.status() + " " + c.error());
        }
        if (name.endsWith("chunked.warc")) {
            assertTrue(got.stream().filter(c -> "response".equals(c.recordType())).allMatch(c -> "verified".equals(c.digestCheck())), got.toString());
        }
    }
}
