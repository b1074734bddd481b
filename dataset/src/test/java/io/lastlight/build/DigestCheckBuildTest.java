package io.lastlight.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcWriter;

import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A build checks each record's WARC digests: captures.digest_check, the summary's count and a warning naming file and offset. */
class DigestCheckBuildTest {
    @TempDir
    Path tmp;

    static WarcDigest sha1(byte[] b) throws Exception {
        return new WarcDigest("sha1", MessageDigest.getInstance("SHA-1").digest(b));
    }

    @Test
    void anEditedFollowerCountIsAMismatchTheRevisitsOwnBlockIsChecked() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Path file = in.resolve("crawl.warc.gz");
        Instant t0 = Instant.parse("2021-01-10T12:00:00Z");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             WarcWriter w = new WarcWriter(ch, WarcCompression.GZIP)) {
            for (int i = 0; i < 3; i++) {
                String json = "{\"id\":\"" + String.format("%032x", i) + "\",\"username\":\"user" + i + "\",\"followers\":19}";
                String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n";
                // the second profile's follower count was edited after the capture (19 -> 18): its digests are the original's
                String stored = i == 1 ? json.replace("19", "18") : json;
                URI target = URI.create("https://parler.example/v1/profile?username=user" + i);
                URI id = URI.create("urn:uuid:00000000-0000-0000-0000-00000000000" + i);
                w.write(new WarcResponse.Builder(target).recordId(id).date(t0.plusSeconds(i))
                        .blockDigest(sha1((head + json).getBytes(StandardCharsets.UTF_8)))
                        .payloadDigest(sha1(json.getBytes(StandardCharsets.UTF_8)))
                        .body(MediaType.HTTP_RESPONSE, (head + stored).getBytes(StandardCharsets.UTF_8)).build());
                if (i == 0) {
                    byte[] revisitHead = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n".getBytes(StandardCharsets.UTF_8);
                    w.write(new WarcRevisit.Builder(target, WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1).date(t0.plusSeconds(86_400))
                            .addHeader("WARC-Refers-To", "<" + id + ">").blockDigest(sha1(revisitHead))
                            .body(MediaType.HTTP_RESPONSE, revisitHead).build());
                }
            }
        }
        List<String> log = new ArrayList<>();
        Path ds = tmp.resolve("ds");
        BuildReport r = BuildInputsTest.build(in, ds, "parler", log);
        assertEquals(1L, r.digestMismatches, r.digestCheck.toString());
        assertEquals(1L, r.digestCheck.get("block-mismatch"), r.digestCheck.toString());
        assertEquals(3L, r.digestCheck.get("verified"), r.digestCheck.toString()); // two responses and the revisit
        Map<String, String> byType = new LinkedHashMap<>();
        long editedAt;
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT record_type, target_uri, digest_check, warc_offset, record_note FROM read_parquet('"
                     + ds.resolve("captures").toAbsolutePath() + "/*.parquet') ORDER BY warc_offset")) {
            editedAt = -1;
            while (rs.next()) {
                byType.put(rs.getString(1) + " " + rs.getString(2).replaceAll(".*=", ""), rs.getString(3));
                if ("block-mismatch".equals(rs.getString(3))) {
                    editedAt = rs.getLong(4);
                    assertTrue(rs.getString(5).contains("does not match"), rs.getString(5));
                }
            }
        }
        assertEquals(Map.of("response user0", "verified", "revisit user0", "verified", "response user1", "block-mismatch",
                "response user2", "verified"), byType);
        String warning = log.stream().filter(l -> l.contains("do not match their WARC digests")).findFirst().orElse("none: " + log);
        assertTrue(warning.contains("crawl.warc.gz") && warning.contains("offset " + editedAt + ": block-mismatch"), warning);
    }
}
