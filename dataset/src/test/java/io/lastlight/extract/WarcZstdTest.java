package io.lastlight.extract;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictTrainer;
import io.lastlight.build.BuildReport;
import io.lastlight.build.DatasetBuilder;
import io.lastlight.revisit.OriginalPayload;
import io.lastlight.revisit.OriginalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code .warc.zst} as ArchiveTeam writes it (IIPC warc-zstd: a dictionary trained on the records in a skippable
 * frame at the start, then one zstd frame per record, compressed with that dictionary) is read back equal to its
 * per-record gzip twin, re-read at an offset (revisit originals), and built like any WARC.
 */
class WarcZstdTest {
    static final int RECORDS = 240;
    /** Magic of the skippable frame that carries the dictionary (warc-zstd). */
    static final int DICTIONARY_FRAME = 0x184D2A5D;

    @TempDir
    Path tmp;

    /** The uncompressed bytes of each record of a small crawl: warcinfo, then a response and a request per URL. */
    static List<byte[]> records() throws Exception {
        List<WarcRecord> recs = new ArrayList<>();
        Instant t0 = Instant.parse("2021-01-10T12:00:00Z");
        recs.add(new Warcinfo.Builder().recordId(new UUID(0, 1)).date(t0).fields(Map.of("software", List.of("test"))).build());
        for (int i = 0; i < RECORDS / 2; i++) {
            URI uri = URI.create("https://parler.example/v1/profile?username=user" + i);
            String json = "{\"id\":\"" + String.format("%032x", i) + "\",\"username\":\"user" + i + "\",\"name\":\"User " + i
                    + "\",\"bio\":\"" + "words ".repeat(i % 17) + "\",\"followers\":" + (i * 37) + "}";
            byte[] http = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json)
                    .getBytes(StandardCharsets.UTF_8);
            Instant t = t0.plusSeconds(i);
            UUID id = new UUID(1, i);
            recs.add(new WarcResponse.Builder(uri).recordId(id).date(t).body(MediaType.HTTP_RESPONSE, http).build());
            recs.add(new WarcRequest.Builder(uri).recordId(new UUID(2, i)).date(t).concurrentTo(URI.create("urn:uuid:" + id))
                    .body(MediaType.HTTP_REQUEST, ("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: parler.example\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII)).build());
        }
        List<byte[]> out = new ArrayList<>();
        for (WarcRecord r : recs) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            new WarcWriter(b).write(r);
            out.add(b.toByteArray());
        }
        return out;
    }

    /** Per-record gzip: one gzip member per record. */
    static byte[] gzipTwin(List<byte[]> records) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) {
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(m)) {
                g.write(r);
            }
            out.write(m.toByteArray());
        }
        return out.toByteArray();
    }

    /** warc-zstd: skippable frame (magic, little-endian size, dictionary), then one frame per record with the dictionary. */
    static byte[] zstdWithDictionary(List<byte[]> records, byte[] dictionary) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(DICTIONARY_FRAME).putInt(dictionary.length);
        out.write(head.array());
        out.write(dictionary);
        try (ZstdDictCompress dict = new ZstdDictCompress(dictionary, 19)) {
            for (byte[] r : records) {
                byte[] frame = Zstd.compress(r, dict);
                assertTrue(Zstd.getDictIdFromFrame(frame) != 0, "each frame names the dictionary");
                out.write(frame);
            }
        }
        return out.toByteArray();
    }

    static byte[] trainDictionary(List<byte[]> records) {
        int total = records.stream().mapToInt(r -> r.length).sum();
        ZstdDictTrainer trainer = new ZstdDictTrainer(total, 8 * 1024);
        for (byte[] r : records) trainer.addSample(r);
        return trainer.trainSamples();
    }

    /** What the reader hands on, without the pointer (offsets and lengths differ between the twins). */
    static List<String> read(Path file, List<long[]> offsets) throws Exception {
        List<String> out = new ArrayList<>();
        WarcCaptureReader.FileInfo info = new WarcCaptureReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES).read(file, (i, c) -> {
            offsets.add(new long[] {c.offset(), c.length()});
            out.add(String.join("|", c.recordType(), c.recordId(), String.valueOf(c.targetUri()), String.valueOf(c.date()),
                    String.valueOf(c.httpStatus()), String.valueOf(c.status()), String.valueOf(c.payloadLength()),
                    c.capture() == null ? "-" : HexFormat.of().formatHex(c.capture().body())));
        });
        assertNull(info.damage, file + ": " + info.damage);
        return out;
    }

    @Test
    void aZstdWarcWithATrainedDictionaryReadsBackEqualToItsGzipTwin() throws Exception {
        List<byte[]> records = records();
        byte[] dictionary = trainDictionary(records);
        Path zst = Files.write(tmp.resolve("crawl-00000.warc.zst"), zstdWithDictionary(records, dictionary));
        Path gz = Files.write(tmp.resolve("crawl-00000.warc.gz"), gzipTwin(records));
        assertEquals(WarcFormat.ZSTD, WarcFormat.sniff(zst));
        assertEquals(WarcFormat.GZIP, WarcFormat.sniff(gz));
        assertTrue(Files.size(zst) < Files.size(gz), "the dictionary pays: " + Files.size(zst) + " vs " + Files.size(gz) + " bytes");

        List<long[]> zstOffsets = new ArrayList<>();
        List<long[]> gzOffsets = new ArrayList<>();
        List<String> fromZst = read(zst, zstOffsets);
        List<String> fromGz = read(gz, gzOffsets);
        assertEquals(RECORDS + 1, fromZst.size(), "every record");
        assertEquals(fromGz, fromZst);

        // offsets are frame starts in the file: the first record right after the dictionary frame, lengths add up
        assertEquals(8L + dictionary.length, zstOffsets.get(0)[0]);
        for (int i = 1; i < zstOffsets.size(); i++) {
            assertEquals(zstOffsets.get(i - 1)[0] + zstOffsets.get(i - 1)[1], zstOffsets.get(i)[0], "record " + i);
        }
        assertEquals(Files.size(zst), zstOffsets.get(zstOffsets.size() - 1)[0] + zstOffsets.get(zstOffsets.size() - 1)[1]);

        // random access, as revisit resolution reads an original: the dictionary is found at the start of the file
        OriginalReader reader = new OriginalReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES);
        for (int k : new int[] {1, 101, RECORDS - 1}) {
            String[] fields = fromZst.get(k).split("\\|");
            assertEquals("response", fields[0]);
            OriginalPayload p = reader.read(zst, zstOffsets.get(k)[0], fields[1]);
            assertNull(p.error(), p.error());
            assertEquals(200, p.status());
            assertArrayEquals(HexFormat.of().parseHex(fields[7]), p.body());
        }
    }

    @Test
    void aZstdWarcBuildsLikeItsGzipTwin() throws Exception {
        List<byte[]> records = records();
        byte[] dictionary = trainDictionary(records);
        Path zdir = Files.createDirectories(tmp.resolve("zst"));
        Path gdir = Files.createDirectories(tmp.resolve("gz"));
        Files.write(zdir.resolve("crawl-00000.warc.zst"), zstdWithDictionary(records, dictionary));
        Files.write(gdir.resolve("crawl-00000.warc.gz"), gzipTwin(records));
        BuildReport z = new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }, 2).build(zdir, tmp.resolve("zds"), false);
        BuildReport g = new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }, 2).build(gdir, tmp.resolve("gds"), false);
        assertEquals(g.rows, z.rows);
        assertEquals(g.parseStatus, z.parseStatus);
        assertEquals((long) RECORDS + 1, z.rows.get("captures"), "every record is a captures row");
        assertEquals((long) RECORDS / 2 + 1, z.parseStatus.get("not-capture"), "warcinfo and requests: " + z.parseStatus);
        assertTrue(z.damage.isEmpty(), z.damage.toString());
        assertEquals(List.of(), Arrays.asList(z.ignored.toArray()));
    }
}
