package io.lastlight.build;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcWriter;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.lastlight.build.DigestCheckBuildTest.sha1;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A build of a WARC whose Parler JSON response is UTF-8 but for a stray invalid byte keeps the capture's rows, with
 * U+FFFD in place of the byte and record_note saying so, for the response and for a revisit of it alike.
 */
class InvalidUtf8BuildTest {
    @TempDir
    Path tmp;

    /** Strings as UTF-8, Integers as that one raw byte. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            else if (p instanceof Object[] more) out.writeBytes(bytes(more));
            else out.write((Integer) p);
        }
        return out.toByteArray();
    }

    static byte[] page(Object[] text, Object[] name) {
        return bytes("{\"comments\":[{\"_id\":\"c1\",\"id\":\"c1\",\"creator\":\"u1\",\"body\":\"", text,
                "\",\"createdAt\":\"20190902014008\",\"depth\":\"1\",\"parent\":\"88702dcd8857561c855f30d15cda4bd9\",\"", name, "\":1}]}");
    }

    static Stream<Arguments> bodies() {
        Object[] plainName = {"extra"};
        String note = "invalid UTF-8: 1 byte sequence replaced by U+FFFD";
        return Stream.of(
                Arguments.of("a lone 0xE9 in a string value", page(new Object[] {"caf", 0xE9, " au lait"}, plainName), "caf\uFFFD au lait", note),
                Arguments.of("a truncated multibyte sequence at the end of a string",
                        page(new Object[] {"smile ", 0xF0, 0x9F, 0x98}, plainName), "smile \uFFFD", note),
                Arguments.of("an invalid byte in a field name", page(new Object[] {"plain"}, new Object[] {"ext", 0xE9, "ra"}), "plain", note),
                Arguments.of("valid UTF-8", page(new Object[] {"caf\u00e9 \uFFFD"}, plainName), "caf\u00e9 \uFFFD", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void theCapturesRowsAreKeptWithTheNote(String what, byte[] json, String text, String note) throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Instant t0 = Instant.parse("2021-01-10T12:00:00Z");
        URI target = URI.create("https://parler.example/v1/comment?id=88702dcd8857561c855f30d15cda4bd9&reverse=true");
        URI id = URI.create("urn:uuid:00000000-0000-0000-0000-000000000001");
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        response.writeBytes(head);
        response.writeBytes(json);
        byte[] block = response.toByteArray();
        try (FileChannel ch = FileChannel.open(in.resolve("crawl.warc.gz"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             WarcWriter w = new WarcWriter(ch, WarcCompression.GZIP)) {
            w.write(new WarcResponse.Builder(target).recordId(id).date(t0).blockDigest(sha1(block)).payloadDigest(sha1(json))
                    .body(MediaType.HTTP_RESPONSE, block).build());
            byte[] revisitHead = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n".getBytes(StandardCharsets.UTF_8);
            w.write(new WarcRevisit.Builder(target, WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1).date(t0.plusSeconds(86_400))
                    .addHeader("WARC-Refers-To", "<" + id + ">").payloadDigest(sha1(json)).blockDigest(sha1(revisitHead))
                    .body(MediaType.HTTP_RESPONSE, revisitHead).build());
        }
        Path ds = tmp.resolve("ds");
        BuildInputsTest.build(in, ds, "parler", new ArrayList<>());
        List<String> captures = new ArrayList<>();
        List<String> posts = new ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT record_type, parse_status, rows_extracted, parse_error, record_note FROM read_parquet('"
                    + ds.resolve("captures").toAbsolutePath() + "/*.parquet') ORDER BY warc_offset")) {
                while (rs.next()) {
                    captures.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " " + rs.getString(4) + " " + rs.getString(5));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT post_id, text FROM read_parquet('"
                    + ds.resolve("post_observations").toAbsolutePath() + "/*.parquet') ORDER BY capture_time")) {
                while (rs.next()) posts.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        assertEquals(List.of("response ok 1 null " + note, "revisit ok 1 null " + note), captures);
        assertEquals(List.of("c1 " + text, "c1 " + text), posts);
    }
}
