package io.lastlight.wacz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictTrainer;
import io.lastlight.extract.WarcCaptureReader;
import io.lastlight.warc.CdxjIndexer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Layouts other tools write (the audit's /tmp/h1/pk2 and pk3 cases, made small here): {@code lastlight package} hung
 * forever on any {@code .warc.zst}, wrote index lines into whole-file gzips that pointed at compressed positions (many
 * of length 0), and stopped indexing at the first damage. Every package here must pass its own --verify, and its index
 * must hold every response that can be read.
 */
class WaczForeignLayoutsTest {
    static final int URLS = 20;
    static final Duration FAST = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Each record's bytes: per URL a response, then its request. */
    static List<byte[]> records() throws IOException {
        List<byte[]> out = new ArrayList<>();
        Instant t0 = Instant.parse("2021-01-10T12:00:00Z");
        for (int i = 0; i < URLS; i++) {
            URI uri = URI.create("https://example.org/api/v1/accounts/" + i);
            String json = "{\"id\":\"" + i + "\",\"note\":\"" + "words ".repeat(i % 7) + "\"}";
            byte[] http = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + json).getBytes(StandardCharsets.UTF_8);
            for (var rec : List.of(new WarcResponse.Builder(uri).date(t0.plusSeconds(i)).body(MediaType.HTTP_RESPONSE, http).build(),
                    new WarcRequest.Builder(uri).date(t0.plusSeconds(i)).body(MediaType.HTTP_REQUEST,
                            "GET /api/v1/accounts/x HTTP/1.1\r\nHost: example.org\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).build())) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                new WarcWriter(b).write(rec);
                out.add(b.toByteArray());
            }
        }
        return out;
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(m)) {
            g.write(b);
        }
        return m.toByteArray();
    }

    static byte[] perRecordGzip(List<byte[]> records) throws IOException {
        List<byte[]> members = new ArrayList<>();
        for (byte[] r : records) members.add(gzip(r));
        return concat(members);
    }

    /** ArchiveTeam's layout: the dictionary in a skippable frame (or none), then one frame per record. */
    static byte[] zstd(List<byte[]> records, boolean dictionary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!dictionary) {
            records.forEach(r -> out.writeBytes(Zstd.compress(r, 19)));
            return out.toByteArray();
        }
        ZstdDictTrainer trainer = new ZstdDictTrainer(records.stream().mapToInt(r -> r.length).sum(), 4096);
        records.forEach(trainer::addSample);
        byte[] dict = trainer.trainSamples();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0x184D2A5D).putInt(dict.length).array());
        out.writeBytes(dict);
        try (ZstdDictCompress d = new ZstdDictCompress(dict, 19)) {
            records.forEach(r -> out.writeBytes(Zstd.compress(r, d)));
        }
        return out.toByteArray();
    }

    /** Packages {@code files} (name, bytes) within a minute, then checks the package with --verify's checks. */
    Packaged pack(Object... nameBytes) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int i = 0; i < nameBytes.length; i += 2) Files.write(in.resolve((String) nameBytes[i]), (byte[]) nameBytes[i + 1]);
        Path out = dir.resolve("p.wacz");
        WaczPackager.Result r = assertTimeoutPreemptively(FAST, () ->
                new WaczPackager(Clock.fixed(Instant.parse("2021-01-11T00:00:00Z"), ZoneOffset.UTC), s -> { }).pack(in, out, null, null));
        WaczVerifier.Report v = new WaczVerifier().verify(out);
        assertTrue(v.ok(), "--verify: " + v.problems + "\nwarnings: " + r.warnings());
        assertEquals(r.indexLines(), v.indexLines);
        return new Packaged(out, r);
    }

    record Packaged(Path wacz, WaczPackager.Result result) {
        /** url → offset of each index line of {@code file}. */
        TreeSet<String> urls(String file) throws IOException {
            TreeSet<String> out = new TreeSet<>();
            try (ZipFile z = new ZipFile(wacz.toFile())) {
                for (String line : new String(z.getInputStream(z.getEntry(Wacz.INDEX)).readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    JsonNode j = JSON.readTree(line.split(" ", 3)[2]);
                    if (j.path("filename").asText().equals(file)) out.add(j.path("url").asText());
                }
            }
            return out;
        }

        byte[] stored(String file) throws IOException {
            try (ZipFile z = new ZipFile(wacz.toFile())) {
                return z.getInputStream(z.getEntry(Wacz.ARCHIVE_DIR + file)).readAllBytes();
            }
        }

        JsonNode resource(String file) throws IOException {
            try (ZipFile z = new ZipFile(wacz.toFile())) {
                for (JsonNode r : JSON.readTree(z.getInputStream(z.getEntry(Wacz.DATAPACKAGE)).readAllBytes()).path("resources")) {
                    if (r.path("path").asText().equals(Wacz.ARCHIVE_DIR + file)) return r;
                }
            }
            throw new AssertionError(file + " is not in datapackage.json");
        }

        boolean warned(String... parts) {
            return result.warnings().stream().anyMatch(w -> Arrays.stream(parts).allMatch(w::contains));
        }
    }

    static TreeSet<String> allUrls(int from, int to) {
        TreeSet<String> out = new TreeSet<>();
        for (int i = from; i < to; i++) out.add("https://example.org/api/v1/accounts/" + i);
        return out;
    }

    static byte[] gunzip(byte[] b) throws IOException {
        return new GZIPInputStream(new ByteArrayInputStream(b)).readAllBytes();
    }

    /** A recompressed file: every record indexed, the stored bytes decompress to the original's, and datapackage says so. */
    void assertRecompressed(Packaged p, String from, String stored, byte[] original, byte[] decompressed, String format) throws IOException {
        assertEquals(allUrls(0, URLS), p.urls(stored));
        assertArrayEquals(decompressed, gunzip(p.stored(stored)));
        JsonNode rf = p.resource(stored).path("recompressed_from");
        assertEquals(from, rf.path("name").asText());
        assertEquals(format, rf.path("format").asText());
        assertEquals("sha256:" + java.util.HexFormat.of().formatHex(WaczZipWriter.sha256().digest(original)), rf.path("hash").asText());
        assertTrue(p.warned(from, "re-compressed one gzip member per record", Wacz.ARCHIVE_DIR + stored), p.result().warnings().toString());
    }

    @Test
    void zstdWithTheDictionaryFrameIsRecompressedAndReplays() throws Exception {
        List<byte[]> recs = records();
        byte[] zst = zstd(recs, true);
        assertRecompressed(pack("at.warc.zst", zst), "at.warc.zst", "at.warc.gz", zst, concat(recs), "zstd");
    }

    @Test
    void zstdWithoutADictionaryIsRecompressedAndReplays() throws Exception {
        List<byte[]> recs = records();
        byte[] zst = zstd(recs, false);
        assertRecompressed(pack("nodict.warc.zst", zst), "nodict.warc.zst", "nodict.warc.gz", zst, concat(recs), "zstd");
    }

    @Test
    void zstdInOneFrameIsRecompressedAndReplays() throws Exception {
        List<byte[]> recs = records();
        byte[] zst = Zstd.compress(concat(recs), 3);
        assertRecompressed(pack("one.warc.zst", zst), "one.warc.zst", "one.warc.gz", zst, concat(recs), "zstd over the whole file");
    }

    @Test
    void zstdCutShortKeepsItsCompleteFramesAndSaysWhere() throws Exception {
        List<byte[]> recs = records();
        byte[] zst = zstd(recs, true);
        Packaged p = pack("cut.warc.zst", Arrays.copyOf(zst, zst.length - 20)); // the last frame (a request) loses its end
        assertEquals(allUrls(0, URLS), p.urls("cut.warc.gz"));
        assertTrue(p.warned("cut.warc.zst: damaged", "ends inside the zstd frame at offset"), p.result().warnings().toString());
        assertArrayEquals(concat(recs.subList(0, recs.size() - 1)), gunzip(p.stored("cut.warc.gz")));
    }

    @Test
    void zstdWithACorruptFrameMidFileKeepsEveryIntactRecordAfterIt() throws Exception {
        List<byte[]> recs = records();
        for (boolean dictionary : new boolean[] {true, false}) {
            byte[] zst = zstd(recs, dictionary);
            long at = frameStart(zst, 10, dictionary); // the frame of the 6th URL's response
            int len = (int) (frameStart(zst, 11, dictionary) - at);
            byte[] bad = zst.clone();
            for (int i = (int) at + 12; i < at + len - 4; i += 5) bad[i] ^= 0x5a;
            String name = "bad-" + dictionary + ".warc.zst", stored = "bad-" + dictionary + ".warc.gz";
            Packaged p = pack(name, bad);
            TreeSet<String> want = allUrls(0, URLS);
            want.remove("https://example.org/api/v1/accounts/5");
            assertEquals(want, p.urls(stored), "every response but the damaged one, those after it included");
            assertTrue(p.warned(name + ": damaged", "offset " + at), p.result().warnings().toString());
            List<byte[]> kept = new ArrayList<>(recs);
            kept.remove(10);
            assertArrayEquals(concat(kept), gunzip(p.stored(stored)), "the intact frames' bytes, the damaged one's left out");
            Files.delete(dir.resolve("in").resolve(name));
            Files.delete(p.wacz());
        }
    }

    /** Offset of record {@code k}'s frame in a file {@link #zstd} wrote (frames walked by their compressed sizes). */
    static long frameStart(byte[] zst, int k, boolean dictionary) {
        long at = dictionary ? firstFrameOf(zst) : 0;
        for (int i = 0; i < k; i++) at += Zstd.findFrameCompressedSize(zst, (int) at);
        return at;
    }

    static int firstFrameOf(byte[] zst) {
        return 8 + ByteBuffer.wrap(zst, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Test
    void wholeFileGzipIsRecompressedOneMemberPerRecord() throws Exception {
        List<byte[]> recs = records();
        byte[] whole = gzip(concat(recs));
        assertRecompressed(pack("whole.warc.gz", whole), "whole.warc.gz", "whole.warc.gz", whole, concat(recs), "gzip over the whole file");
    }

    @Test
    void perRecordGzipWithAMemberOfSeveralRecordsIsRecompressed() throws Exception {
        List<byte[]> recs = records();
        // per record for the first half, then one member for the rest (cat a.warc.gz b.warc.gz)
        byte[] mixed = concat(List.of(perRecordGzip(recs.subList(0, 10)), gzip(concat(recs.subList(10, recs.size())))));
        Packaged p = pack("mixed.warc.gz", mixed);
        assertRecompressed(p, "mixed.warc.gz", "mixed.warc.gz", mixed, concat(recs), "gzip over the whole file");
    }

    @Test
    void perRecordGzipDamagedMidFileIsIndexedAfterTheDamageAsTheBuildReadsIt() throws Exception {
        List<byte[]> recs = new ArrayList<>(records());
        int bad = 10; // the 6th URL's response: its Content-Length runs into the next member
        String r = new String(recs.get(bad), StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Content-Length: (\\d+)").matcher(r);
        assertTrue(m.find());
        recs.set(bad, (r.substring(0, m.start(1)) + (Long.parseLong(m.group(1)) + 60) + r.substring(m.end(1))).getBytes(StandardCharsets.ISO_8859_1));
        byte[] file = perRecordGzip(recs);
        Packaged p = pack("g.warc.gz", file);
        TreeSet<String> want = allUrls(0, URLS);
        want.remove("https://example.org/api/v1/accounts/5");
        assertEquals(want, p.urls("g.warc.gz"), "every response after the damage is indexed too");
        long damagedAt = perRecordGzip(recs.subList(0, bad)).length;
        assertTrue(p.warned("g.warc.gz: damaged at offset " + damagedAt, "indexing resumes at offset"), p.result().warnings().toString());
        assertArrayEquals(file, p.stored("g.warc.gz"), "a per-record gzip file is stored unchanged");
        // the build reads the same records after the damage; it also hands on the damaged response itself (its body
        // runs 60 bytes into the next member), which no offset and length can point at
        TreeSet<String> build = buildReads(dir.resolve("in/g.warc.gz"));
        build.remove("https://example.org/api/v1/accounts/5");
        assertEquals(build, p.urls("g.warc.gz"), "the index holds the responses the build reads");
    }

    @Test
    void uncompressedWithGarbageMidFileIsIndexedAfterIt() throws Exception {
        List<byte[]> recs = new ArrayList<>(records());
        recs.add(8, "\r\nthis is not a WARC record\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Packaged p = pack("p.warc", concat(recs));
        assertEquals(allUrls(0, URLS), p.urls("p.warc"));
        assertTrue(p.warned("p.warc: damaged at offset", "indexing resumes at offset"), p.result().warnings().toString());
    }

    @Test
    void theIndexerRefusesZstdInsteadOfLoopingForever() throws Exception {
        byte[] zst = zstd(records(), false);
        IOException e = assertThrows(IOException.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                CdxjIndexer.scan(new ByteArrayInputStream(zst), "x.warc.zst", zst.length, line -> { })));
        assertTrue(e.getMessage().contains("x.warc.zst is zstd-compressed") && e.getMessage().contains("re-compress it as gzip per record"), e.getMessage());
    }

    /** URLs of the responses the build reads undamaged from {@code file}. */
    static TreeSet<String> buildReads(Path file) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        new WarcCaptureReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES).read(file, (i, c) -> {
            if ("response".equals(c.recordType()) && !"damaged".equals(c.status())) out.add(String.valueOf(c.targetUri()));
        });
        return out;
    }
}
