package io.lastlight.build;

import io.lastlight.query.QueryCommand;
import io.lastlight.query.ResultTable;
import io.lastlight.warc.CaptureRecord;
import io.lastlight.warc.WarcPosition;
import io.lastlight.warc.WarcSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad records and damaged WARC files never stop a build: they are counted, reported, and nothing else is lost. */
class BadInputBuildTest {
    @TempDir
    Path tmp;

    static final String BASE = "http://127.0.0.1:9";

    static String profile(String id, String name) {
        return "{\"id\":\"" + id + "\",\"username\":\"" + name + "\",\"name\":\"N\",\"followers\":\"12\",\"following\":\"3\","
                + "\"posts\":\"1\",\"joined\":\"20201109140322\",\"verified\":false,\"banned\":false}";
    }

    static CaptureRecord rec(String url, int status, String contentType, byte[] body, boolean truncated, String... extraHeaders) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        h.add(new AbstractMap.SimpleImmutableEntry<>("Content-Type", contentType));
        for (int i = 0; i < extraHeaders.length; i += 2) h.add(new AbstractMap.SimpleImmutableEntry<>(extraHeaders[i], extraHeaders[i + 1]));
        return new CaptureRecord(URI.create(url), Instant.parse("2021-01-10T00:00:00Z"), "GET", List.of(), status, null, h, body,
                truncated, Map.of());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzipBomb(long decodedBytes) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            byte[] zeros = new byte[1 << 20];
            for (long n = 0; n < decodedBytes; n += zeros.length) gz.write(zeros);
        }
        return bos.toByteArray();
    }

    @Test
    void badRecordsAreCountedWithReasonsAndDamagedFilesAreReadToTheirLastGoodRecord() throws Exception {
        Path warcs = tmp.resolve("warc");
        Map<String, List<String>> info = Map.of("platform", List.of("parler"));
        Clock clock = Clock.fixed(Instant.parse("2021-01-10T00:00:00Z"), ZoneOffset.UTC);
        try (WarcSink s = new WarcSink(warcs, "bad", 1L << 30, clock, info, null)) {
            s.write(rec(BASE + "/v1/profile?username=good", 200, "application/json", utf8(profile("a1", "good")), false));
            s.write(rec(BASE + "/v1/profile?username=good", 200, "application/json", utf8(profile("a1", "good")), false)); // duplicate
            s.write(rec(BASE + "/v1/post/creator?id=a1&limit=10", 200, "application/json", utf8("{\"posts\":[{\"_id\":\"p1\""), false));
            s.write(rec(BASE + "/v1/profile?username=utf", 200, "application/json",
                    new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, false));
            s.write(rec(BASE + "/v1/profile?username=html", 200, "text/html", utf8("<html><body>Sorry</body></html>"), false));
            s.write(rec(BASE + "/v1/profile?username=cf", 503, "text/html",
                    utf8("<title>Just a moment...</title><script src=\"/cdn-cgi/challenge-platform/h/b\"></script>"), false));
            s.write(rec(BASE + "/v1/profile?username=cut", 200, "application/json", utf8(profile("a2", "cut").substring(0, 40)), true));
            s.write(rec(BASE + "/v1/profile?username=bomb", 200, "application/json", gzipBomb(200L << 20), false,
                    "Content-Encoding", "gzip"));
            s.write(rec(BASE + "/v1/profile?username=gone", 404, "application/json", utf8("{\"message\":\"user not found\"}"), false));
        }
        // A second file damaged part-way: two good records, then garbage where the third should be.
        Path damaged;
        long cutAt;
        try (WarcSink s = new WarcSink(warcs, "damaged", 1L << 30, clock, info, null)) {
            s.write(rec(BASE + "/v1/profile?username=before1", 200, "application/json", utf8(profile("b1", "before1")), false));
            WarcPosition p = s.write(rec(BASE + "/v1/profile?username=before2", 200, "application/json", utf8(profile("b2", "before2")), false));
            s.write(rec(BASE + "/v1/profile?username=after", 200, "application/json", utf8(profile("b3", "after")), false));
            damaged = warcs.resolve(p.file());
            cutAt = p.end();
        }
        byte[] all = Files.readAllBytes(damaged);
        byte[] broken = java.util.Arrays.copyOf(all, (int) cutAt + 64);
        for (int i = (int) cutAt; i < broken.length; i++) broken[i] = (byte) (i * 31);
        Files.write(damaged, broken, StandardOpenOption.TRUNCATE_EXISTING);

        Path dataset = tmp.resolve("ds");
        BuildReport r = new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(tmp, dataset, false);

        assertEquals(1, r.damage.size(), r.damage.toString());
        assertTrue(r.damage.get(0).contains(damaged.getFileName().toString()), r.damage.get(0));
        Map<String, String> status = new HashMap<>();
        ResultTable t = QueryCommand.run(dataset, null, "SELECT target_uri, parse_status, coalesce(parse_error, '') FROM captures WHERE record_type = 'response'", null, Map.of());
        for (List<Object> row : t.rows()) {
            String user = row.get(0).toString().replaceAll(".*username=", "").replaceAll(".*creator.*", "creator");
            status.put(user, row.get(1) + " " + row.get(2));
        }
        assertTrue(status.get("good").startsWith("ok"));
        assertTrue(status.get("creator").startsWith("error malformed JSON"), status.get("creator"));
        // an invalid UTF-8 sequence in a JSON body is replaced by U+FFFD and said in record_note (LenientJson), not an error
        assertTrue(status.get("utf").startsWith("ok"), status.get("utf"));
        ResultTable utfNote = QueryCommand.run(dataset, null, "SELECT record_note FROM captures WHERE target_uri LIKE '%username=utf'", null, Map.of());
        assertTrue(String.valueOf(utfNote.rows().get(0).get(0)).contains("U+FFFD"), utfNote.rows().toString());
        assertTrue(status.get("html").startsWith("error"), status.get("html"));
        assertTrue(status.get("cf").startsWith("blocked challenge"), status.get("cf"));
        assertTrue(status.get("cut").startsWith("error body truncated"), status.get("cut"));
        assertTrue(status.get("bomb").startsWith("error") && status.get("bomb").contains("exceeds"), status.get("bomb"));
        assertTrue(status.get("gone").startsWith("not-content"), status.get("gone"));
        assertTrue(status.get("before1").startsWith("ok") && status.get("before2").startsWith("ok"));
        assertTrue(!status.containsKey("after"), "the record past the damage is not invented");
        ResultTable dmg = QueryCommand.run(dataset, null, "SELECT warc_file, warc_offset, record_type, parse_error FROM captures"
                + " WHERE parse_status = 'damaged'", null, Map.of());
        assertEquals(1, dmg.rows().size(), "the damaged stretch is a captures row of its own: " + dmg.rows());
        assertEquals(damaged.getFileName().toString(), dmg.rows().get(0).get(0));
        assertEquals(cutAt, ((Number) dmg.rows().get(0).get(1)).longValue(), "where the damage starts");
        ResultTable kinds = QueryCommand.run(dataset, null, "SELECT DISTINCT record_type, parse_status FROM captures"
                + " WHERE record_type NOT IN ('response', 'unknown') ORDER BY 1", null, Map.of());
        assertEquals(List.of(List.of("request", "not-capture"), List.of("warcinfo", "not-capture")), kinds.rows(),
                "every other record is accounted as not a capture");

        ResultTable profiles = QueryCommand.run(dataset, null, "SELECT username, observation_count FROM profiles ORDER BY username", null, Map.of());
        // the last: the "utf" capture's profile, its id read with U+FFFD and no username in its body
        assertEquals(java.util.Arrays.asList("before1", "before2", "good", null), profiles.rows().stream().map(x -> (String) x.get(0)).toList());
        assertEquals(2L, ((Number) profiles.rows().get(2).get(1)).longValue(), "the duplicate capture is one profile seen twice");
        ResultTable tomb = QueryCommand.run(dataset, null, "SELECT item_type, item_id, reason FROM tombstones", null, Map.of());
        assertEquals(List.of(List.of("username", "gone", "http_404")), tomb.rows());
    }
}
