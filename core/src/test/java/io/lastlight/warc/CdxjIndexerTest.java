package io.lastlight.warc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.cdx.CdxFormat;
import org.netpreserve.jwarc.cdx.CdxWriter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CdxjIndexerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2021-01-09T10:11:12Z");

    @TempDir
    Path dir;

    static CaptureRecord capture(String url, Instant time, int status, String type, String body) {
        return new CaptureRecord(URI.create(url), time, "GET",
                List.of(new AbstractMap.SimpleImmutableEntry<>("User-Agent", "test")), status, null,
                List.of(new AbstractMap.SimpleImmutableEntry<>("Content-Type", type)),
                body.getBytes(StandardCharsets.UTF_8), false, Map.of("lastlight-kind", List.of("profile")));
    }

    /** Captures in an order that is not the SURT order, with a repeated URL at two times. */
    List<Path> writeSample(long rotateAt, List<Path> closed) throws IOException {
        try (WarcSink s = new WarcSink(dir, "t", rotateAt, Clock.fixed(T0, ZoneOffset.UTC), Map.of("software", List.of("test")),
                closed::add)) {
            s.write(capture("http://127.0.0.1:9/v1/profile?username=Zed", T0, 200, "application/json", "{\"username\":\"Zed\"}"));
            s.write(capture("http://127.0.0.1:9/profile/Zed", T0.plusSeconds(1), 200, "text/html; charset=utf-8", "<title>Zed</title>"));
            s.write(capture("http://127.0.0.1:9/v1/profile?username=Amy", T0.plusSeconds(2), 200, "application/json", "{\"username\":\"Amy\"}"));
            s.write(capture("http://127.0.0.1:9/v1/post?id=%22quoted%22", T0.plusSeconds(3), 404, "application/json", "{}"));
            s.write(capture("http://127.0.0.1:9/v1/profile?username=Amy", T0.plusSeconds(3600), 200, "application/json", "{\"username\":\"Amy\",\"v\":2}"));
        }
        return closed;
    }

    @Test
    void linesAreSortedAndPointAtTheirResponseRecords() throws Exception {
        List<Path> closed = writeSample(1L << 30, new ArrayList<>());
        Path warc = closed.get(0);
        CdxjIndexer.Result r = CdxjIndexer.writeBeside(warc);
        assertNull(r.damage());
        assertEquals(0, r.skipped());
        assertEquals(5, r.lines());
        assertEquals(CdxjIndexer.indexFileFor(warc), r.index());
        List<String> lines = Files.readAllLines(r.index());
        assertEquals(5, lines.size());
        for (int i = 1; i < lines.size(); i++) assertTrue(SortedLines.inOrder(lines.get(i - 1), lines.get(i)), lines.toString());
        // the two captures of Amy's profile sort by time, under one key
        assertTrue(lines.get(0).startsWith("1,0,0,127:9)/profile/zed 20210109101113 "), lines.get(0));
        assertTrue(lines.get(2).startsWith("1,0,0,127:9)/v1/profile?username=amy 20210109101114 "), lines.get(2));
        assertTrue(lines.get(3).startsWith("1,0,0,127:9)/v1/profile?username=amy 20210109111112 "), lines.get(3));

        for (String line : lines) {
            String[] parts = line.split(" ", 3);
            JsonNode j = JSON.readTree(parts[2]);
            assertEquals(warc.getFileName().toString(), j.get("filename").asText());
            for (String f : List.of("url", "mime", "status", "digest", "length", "offset")) assertTrue(j.has(f), f + " in " + line);
            long offset = j.get("offset").asLong(), length = j.get("length").asLong();
            WarcRecord rec = readExactly(warc, offset, length);
            assertTrue(rec instanceof WarcResponse);
            WarcResponse resp = (WarcResponse) rec;
            assertEquals(j.get("url").asText(), resp.target());
            assertEquals(parts[1], CdxFormatTimestamps.of(resp.date()));
            assertEquals(j.get("status").asInt(), resp.http().status());
            assertEquals(resp.payloadDigest().orElseThrow().prefixedBase32(), j.get("digest").asText());
        }
        String quoted = lines.stream().filter(l -> l.contains("/v1/post")).findFirst().orElseThrow();
        assertEquals("http://127.0.0.1:9/v1/post?id=%22quoted%22", JSON.readTree(quoted.split(" ", 3)[2]).get("url").asText());
    }

    @Test
    void sameLinesAsJwarcsOwnCdxTool() throws Exception {
        Path warc = writeSample(1L << 30, new ArrayList<>()).get(0);
        StringWriter sw = new StringWriter();
        try (CdxWriter w = new CdxWriter(sw)) {
            w.setFormat(CdxFormat.CDXJ);
            w.process(List.of(warc), false);
        }
        List<String> jwarc = new ArrayList<>(sw.toString().lines().filter(l -> !l.startsWith(" CDX")).toList());
        jwarc.sort(SortedLines.ORDER);
        assertEquals(jwarc, Files.readAllLines(CdxjIndexer.writeBeside(warc).index()));
    }

    @Test
    void theSinkIndexesEveryFileItCloses() throws Exception {
        List<Path> closed = new ArrayList<>();
        try (WarcSink s = new WarcSink(dir, "t", 1, Clock.fixed(T0, ZoneOffset.UTC), Map.of(), CdxjIndexer.onClosed(m -> {
            throw new AssertionError(m);
        }).andThen(closed::add))) {
            for (int i = 0; i < 3; i++) s.write(capture("http://127.0.0.1:9/v1/profile?username=u" + i, T0, 200, "application/json", "{}"));
        }
        assertEquals(3, closed.size());
        for (Path w : closed) {
            List<String> lines = Files.readAllLines(CdxjIndexer.indexFileFor(w));
            assertEquals(1, lines.size());
            assertTrue(lines.get(0).contains("\"filename\": \"" + w.getFileName() + "\"") || lines.get(0).contains("\"filename\":\"" + w.getFileName() + "\""), lines.get(0));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp") || p.toString().contains("-run-")));
        }
    }

    private static Map.Entry<String, String> h(String name, String value) {
        return new AbstractMap.SimpleImmutableEntry<>(name, value);
    }

    /** Response heads: plain ones in other shapes (two Content-Types, lower case, none) and ones that are not plain. */
    static List<List<Map.Entry<String, String>>> oddHeads() {
        return List.of(
                List.of(h("content-type", "application/json"), h("Content-Type", "text/html")),
                List.of(h("X-A", "1"), h("CONTENT-TYPE", "Application/JSON;charset=UTF-8"), h("Set-Cookie", "a=b; Path=/")),
                List.of(h("Content-Type", " text/html ")),
                List.of(h("Content-Type", "text/html; charset=\u00e9")),
                List.of(h("Content-Type", "")),
                List.of(h("X-Empty", ""), h("Content-Type", "text/plain")),
                List.of(h("Bad Name", "x"), h("Content-Type", "text/plain")),
                List.of(h("Content-Type", "text/plain\tx")));
    }

    @Test
    void plainHeadsAreTakenAsWrittenAndOthersAreParsedBack() {
        assertEquals(new HeadFacts(200, "application/json"), HeadFacts.of(200, null, oddHeads().get(0)));
        assertEquals(new HeadFacts(200, "Application/JSON;charset=UTF-8"), HeadFacts.of(200, "OK", oddHeads().get(1)));
        assertEquals(new HeadFacts(204, null), HeadFacts.of(204, "No Content", List.of()));
        for (List<Map.Entry<String, String>> odd : oddHeads().subList(2, oddHeads().size())) {
            assertNull(HeadFacts.of(200, "OK", odd), odd.toString());
        }
        assertNull(HeadFacts.of(200, "Fine \u00e9", List.of()));
        assertNull(HeadFacts.of(99, "OK", List.of()));
        assertNull(HeadFacts.of(1000, "OK", List.of()));
    }

    /**
     * A head jwarc cannot parse (a NUL in the reason phrase): the record is written whole, with the body it was given
     * (jwarc does not push back what a failed parse read, so the record is never parsed before it is written), and the
     * closed file is indexed by reading it back.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "prepared elsewhere: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aHeadJwarcCannotParseIsStillWrittenWhole(boolean prepared) throws Exception {
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        List<Path> closed = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        byte[] body = "{\"username\":\"Zed\"}".getBytes(StandardCharsets.UTF_8);
        try (WarcSink s = liveSink("odd", closed, warnings)) {
            put(s, other, prepared, capture("http://127.0.0.1:9/first", T0, 200, "application/json", "{}"));
            put(s, other, prepared, new CaptureRecord(URI.create("http://127.0.0.1:9/nul"), T0.plusSeconds(1), "GET", List.of(), 200,
                    "O\u0000K", List.of(new AbstractMap.SimpleImmutableEntry<>("Content-Type", "application/json")), body, false, Map.of()));
            put(s, other, prepared, capture("http://127.0.0.1:9/after", T0.plusSeconds(2), 200, "application/json", "{}"));
        } finally {
            other.shutdown();
        }
        Path warc = closed.get(0);
        // (jwarc's validator parses the head to check the payload digest, so it cannot pass this file; the block is checked here)
        try (org.netpreserve.jwarc.WarcReader reader = new org.netpreserve.jwarc.WarcReader(warc)) {
            for (org.netpreserve.jwarc.WarcRecord r : reader) {
                if (r instanceof org.netpreserve.jwarc.WarcResponse resp && resp.target().endsWith("/nul")) {
                    byte[] block = r.body().stream().readAllBytes();
                    String text = new String(block, StandardCharsets.ISO_8859_1);
                    assertTrue(text.startsWith("HTTP/1.1 200 O\u0000K\r\n") && text.endsWith("\r\n\r\n{\"username\":\"Zed\"}"), text);
                    assertEquals(r.headers().first("Content-Length").map(Long::parseLong).orElseThrow(), (long) block.length);
                    assertEquals(WarcSink.sha1(block).toString(), r.headers().first("WARC-Block-Digest").orElseThrow());
                }
            }
        }
        assertTrue(Files.exists(CdxjIndexer.indexFileFor(warc)), "indexed by reading the file back");
    }

    /** Written as it comes, or made on another thread first (WarcSink.prepare, as the crawler does). */
    @org.junit.jupiter.params.ParameterizedTest(name = "prepared elsewhere: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void indexingWhileWritingGivesTheLinesReadingTheFileBackGives(boolean prepared) throws Exception {
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        List<Path> closed = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        byte[] big = new byte[20_000];
        new Random(7).nextBytes(big);
        try (WarcSink s = liveSink("live", closed, warnings)) {
            put(s, other, prepared, capture("http://127.0.0.1:9/v1/profile?username=Zed", T0, 200, "application/json; charset=utf-8", "{\"username\":\"Zed\"}"));
            put(s, other, prepared, capture("http://127.0.0.1:9/profile/Zed", T0.plusSeconds(1), 200, "text/html", "<title>Zed</title>"));
            put(s, other, prepared, capture("http://127.0.0.1:9/v1/post?id=%22quoted%22", T0.plusSeconds(3), 404, "application/json", "{}"));
            put(s, other, prepared, new CaptureRecord(URI.create("http://127.0.0.1:9/media/a%20b.bin"), T0.plusSeconds(4), "GET", List.of(), 200, "OK",
                    List.of(new AbstractMap.SimpleImmutableEntry<>("Content-Type", "image/png"),
                            new AbstractMap.SimpleImmutableEntry<>("Transfer-Encoding", "chunked")), big, true, Map.of()));
            CaptureRecord again = capture("http://127.0.0.1:9/v1/profile?username=Zed", T0.plusSeconds(60), 200, "application/json", "{\"username\":\"Zed\"}");
            put(s, other, prepared, new CaptureRecord(again.uri(), again.date(), "GET", again.requestHeaders(), 200, null, again.responseHeaders(),
                    again.body(), false, Map.of(), new CaptureRecord.Revisit(again.uri(), T0, URI.create("urn:uuid:00000000-0000-0000-0000-000000000001"))));
            put(s, other, prepared, capture("http://127.0.0.1:9/redirect", T0.plusSeconds(5), 302, "text/plain", ""));
            put(s, other, prepared, capture("http://WWW.Example.org:80/a/../b?q=%22x%22&jsessionid=1#frag", T0.plusSeconds(6), 200, "Text/HTML ; Charset=UTF-8", "<p>"));
            put(s, other, prepared, new CaptureRecord(URI.create("http://127.0.0.1:9/none"), T0.plusMillis(7_250), "GET", List.of(), 204, "No Content",
                    List.of(), new byte[0], false, Map.of()));
            // heads the line takes from the parts they were written from, and odd ones it parses back (HeadFacts)
            for (List<Map.Entry<String, String>> h : oddHeads()) {
                put(s, other, prepared, new CaptureRecord(URI.create("http://127.0.0.1:9/odd"), T0.plusSeconds(8), "GET", List.of(), 200, "OK",
                        h, "{}".getBytes(StandardCharsets.UTF_8), false, Map.of()));
            }
            put(s, other, prepared, new CaptureRecord(URI.create("http://127.0.0.1:9/reason"), T0.plusSeconds(9), "GET", List.of(), 299, "Fine \u00e9 ",
                    List.of(new AbstractMap.SimpleImmutableEntry<>("Content-Type", "text/plain")), new byte[0], false, Map.of()));
        } finally {
            other.shutdown();
        }
        assertEquals(List.of(), warnings);
        Path warc = closed.get(0);
        List<String> live = Files.readAllLines(CdxjIndexer.indexFileFor(warc));
        assertEquals(8 + oddHeads().size() + 1, live.size());
        assertTrue(live.stream().anyMatch(l -> l.contains("warc/revisit")), live.toString());
        Files.delete(CdxjIndexer.indexFileFor(warc));
        assertEquals(Files.readAllLines(CdxjIndexer.writeBeside(warc).index()), live);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp") || p.toString().contains("-run-")));
        }
    }

    /** A sink that indexes its files as it writes them (warnings to {@code warnings}). */
    private WarcSink liveSink(String prefix, List<Path> closed, List<String> warnings) throws java.io.IOException {
        return new WarcSink(dir, prefix, 1L << 30, Clock.fixed(T0, ZoneOffset.UTC), Map.of(), closed::add)
                .indexWhileWriting(warnings::add);
    }

    /** Writes {@code c}, made by {@code other} first when {@code prepared} (the first capture opens the file: nothing to prepare against). */
    static void put(WarcSink s, java.util.concurrent.ExecutorService other, boolean prepared, CaptureRecord c) throws Exception {
        if (!prepared) {
            s.write(c);
            return;
        }
        PreparedCapture p = other.submit(() -> s.prepare(c, null)).get();
        s.write(c, p);
    }

    @Test
    void aDamagedFileIsIndexedUpToItsLastGoodRecordAndTheDamageIsReported() throws Exception {
        Path warc = writeSample(1L << 30, new ArrayList<>()).get(0);
        List<String> full = Files.readAllLines(CdxjIndexer.writeBeside(warc).index());
        long lastStart = full.stream().mapToLong(l -> offsetOf(l)).max().orElseThrow();
        // cut the file in the middle of the last response record
        try (FileChannel ch = FileChannel.open(warc, StandardOpenOption.WRITE)) {
            ch.truncate(lastStart + 40);
        }
        List<String> warnings = new ArrayList<>();
        Files.delete(CdxjIndexer.indexFileFor(warc));
        List<CdxjIndexer.Result> done = CdxjIndexer.indexMissing(dir, warnings::add);
        assertEquals(1, done.size());
        assertNotNull(done.get(0).damage());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(warc.getFileName().toString()), warnings.get(0));
        List<String> partial = Files.readAllLines(CdxjIndexer.indexFileFor(warc));
        assertEquals(full.size() - 1, partial.size());
        for (String l : partial) assertTrue(full.contains(l));
    }

    @Test
    void aFileRecoveredAfterACrashGetsItsIndex() throws Exception {
        WarcSink s = new WarcSink(dir, "t", 1L << 30, Clock.fixed(T0, ZoneOffset.UTC), Map.of(), p -> { });
        s.write(capture("http://127.0.0.1:9/v1/profile?username=a", T0, 200, "application/json", "{}"));
        WarcPosition p = s.write(capture("http://127.0.0.1:9/v1/profile?username=b", T0, 200, "application/json", "{}"));
        // "crash": the sink is never closed; a killed indexer also left a temporary file
        Files.writeString(dir.resolve("t-old.warc.gz.cdxj.tmp"), "partial");
        List<WarcRecovery.Recovered> rec = WarcRecovery.recover(dir, Map.of(p.file(), p.end()));
        assertEquals(1, rec.size());
        List<CdxjIndexer.Result> done = CdxjIndexer.indexMissing(dir, m -> { });
        assertEquals(1, done.size());
        assertEquals(2, Files.readAllLines(CdxjIndexer.indexFileFor(rec.get(0).file())).size());
        assertFalse(Files.exists(dir.resolve("t-old.warc.gz.cdxj.tmp")));
        // already indexed files are left alone
        assertTrue(CdxjIndexer.indexMissing(dir, m -> { }).isEmpty());
    }

    @Test
    void sortingSpillsToDiskAndMergesToTheSameOrder() throws Exception {
        Random rnd = new Random(42);
        List<String> all = new ArrayList<>();
        try (SortedLines small = new SortedLines(dir, "x-run-", 500)) {
            for (int i = 0; i < 2000; i++) {
                String s = "k" + rnd.nextInt(100000) + (i % 7 == 0 ? "\uD83D\uDE00" : "") + (i % 11 == 0 ? "\uFF5E" : "") + " " + i;
                all.add(s);
                small.add(s);
            }
            try (Stream<Path> runs = Files.list(dir)) {
                assertTrue(runs.count() > 10, "spilled runs");
            }
            StringWriter out = new StringWriter();
            assertEquals(2000, small.writeTo(out));
            all.sort(SortedLines.ORDER);
            assertEquals(all, out.toString().lines().toList());
        }
        try (Stream<Path> runs = Files.list(dir)) {
            assertEquals(0, runs.count(), "runs removed on close");
        }
        // code-point order equals UTF-8 byte order, also beyond the BMP
        assertTrue(SortedLines.ORDER.compare("\uFF5E", "\uD83D\uDE00") < 0);
        assertTrue(new String("\uFF5E").compareTo("\uD83D\uDE00") > 0, "String.compareTo would disagree");
    }

    @Test
    void scanningAStreamGivesTheSameOffsetsAsTheFile() throws Exception {
        Path warc = writeSample(1L << 30, new ArrayList<>()).get(0);
        byte[] bytes = Files.readAllBytes(warc);
        List<String> lines = new ArrayList<>();
        CdxjIndexer.Scan scan = CdxjIndexer.scan(new ByteArrayInputStream(bytes), warc.getFileName().toString(), bytes.length, lines::add);
        assertEquals(5, scan.lines);
        lines.sort(SortedLines.ORDER);
        assertEquals(Files.readAllLines(CdxjIndexer.writeBeside(warc).index()), lines);
    }

    static long offsetOf(String line) {
        try {
            return JSON.readTree(line.split(" ", 3)[2]).get("offset").asLong();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Reads exactly {@code length} bytes at {@code offset}: they must hold one whole record and nothing else. */
    static WarcRecord readExactly(Path warc, long offset, long length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) length);
        try (FileChannel ch = FileChannel.open(warc, StandardOpenOption.READ)) {
            ch.read(buf, offset);
        }
        WarcReader reader = new WarcReader(Channels.newChannel(new ByteArrayInputStream(buf.array())));
        WarcRecord rec = reader.next().orElseThrow();
        if (rec instanceof WarcResponse) ((WarcResponse) rec).http().body().stream().readAllBytes();
        assertTrue(reader.next().isEmpty(), "nothing after the record within its length");
        return rec;
    }

    /** The 14-digit form CDXJ keys use. */
    static final class CdxFormatTimestamps {
        static String of(Instant t) {
            return java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(t);
        }
    }
}
