package io.lastlight.spark;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictTrainer;
import io.lastlight.build.DatasetBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revisits whose originals lie in a WARC layout where a record's bytes cannot be read alone: a whole-file gzip (the
 * original's offset counts decompressed bytes) and a warc-zstd file with a dictionary (ArchiveTeam's: each frame needs
 * the dictionary frame at the file's start). Read through a FileSystem that is not {@code file:} (viewfs mounted over
 * the local folder, standing in for hdfs: or s3a:), the Spark job gives the local build's rows: no revisit loses its
 * posts and profiles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteOriginalsTest {
    @TempDir
    static Path tmp;
    Path parler;
    Path revisits;

    @BeforeAll
    void warcs() throws Exception {
        Path src = tmp.resolve("src");
        TestWarcs.write(src, 20);
        parler = TestWarcs.only(src, "parler-a-");
        revisits = TestWarcs.only(src, "revisits-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"whole-gzip", "zstd-dictionary"})
    void revisitsOfOriginalsInAWholeFileGzipOrAZstdWithADictionaryKeepTheirRowsOnARemoteFileSystem(String layout) throws Exception {
        Path in = Files.createDirectories(tmp.resolve(layout).resolve("in"));
        String base = parler.getFileName().toString().replace(".warc.gz", "");
        byte[] raw;
        try (InputStream s = new GZIPInputStream(Files.newInputStream(parler))) {
            raw = s.readAllBytes();
        }
        if (layout.equals("whole-gzip")) Files.write(in.resolve(base + ".warc.gz"), wholeGzip(raw));
        else Files.write(in.resolve(base + ".warc.zst"), zstdWithDictionary(records(raw)));
        Files.copy(revisits, in.resolve(revisits.getFileName()));

        Path local = tmp.resolve(layout).resolve("local");
        new DatasetBuilder(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), "parler", s -> { }, 2)
                .build(in, local, false);
        Map<String, String> expected = DatasetComparison.fingerprint(local);
        long resolved = DatasetComparison.count(local, "SELECT count(*) FROM captures WHERE record_type = 'revisit' AND parse_status = 'ok'");
        assertTrue(resolved > 0, "the fixture's revisits resolve locally");

        Path out = tmp.resolve(layout).resolve("spark");
        String mount = "spark.hadoop.fs.viewfs.mounttable." + layout + ".link./data";
        System.setProperty(mount, in.toUri().toString());
        try {
            int code = SparkBuildEqualityTest.withMaster("local[2]", () -> BuildJob.run("--quiet", "--in", "viewfs://" + layout + "/data",
                    "--out", out.toUri().toString()));
            assertEquals(0, code);
        } finally {
            System.clearProperty(mount);
        }
        assertEquals(resolved, DatasetComparison.count(out, "SELECT count(*) FROM captures WHERE record_type = 'revisit' AND parse_status = 'ok'"));
        assertEquals(expected, DatasetComparison.fingerprint(out));
    }

    /** The decompressed file as one gzip member. */
    static byte[] wholeGzip(byte[] raw) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(raw);
        }
        return b.toByteArray();
    }

    /** Each record's bytes of an uncompressed WARC (cut where jwarc says each record begins). */
    static List<byte[]> records(byte[] raw) throws Exception {
        List<Long> starts = new ArrayList<>();
        try (WarcReader r = new WarcReader(new java.io.ByteArrayInputStream(raw))) {
            for (WarcRecord rec : r) starts.add(r.position());
        }
        starts.add((long) raw.length);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < starts.size(); i++) out.add(Arrays.copyOfRange(raw, starts.get(i).intValue(), starts.get(i + 1).intValue()));
        return out;
    }

    /** warc-zstd as ArchiveTeam writes it: a skippable frame holding a trained dictionary, then a frame per record using it. */
    static byte[] zstdWithDictionary(List<byte[]> records) throws Exception {
        ZstdDictTrainer trainer = new ZstdDictTrainer(records.stream().mapToInt(r -> r.length).sum(), 8 * 1024);
        for (byte[] r : records) trainer.addSample(r);
        byte[] dictionary = trainer.trainSamples();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0x184D2A5D).putInt(dictionary.length).array());
        out.write(dictionary);
        try (ZstdDictCompress dict = new ZstdDictCompress(dictionary, 3)) {
            for (byte[] r : records) out.write(Zstd.compress(r, dict));
        }
        return out.toByteArray();
    }
}
