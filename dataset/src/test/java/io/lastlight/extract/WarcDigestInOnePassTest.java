package io.lastlight.extract;

import io.lastlight.bench.WarcGen;
import io.lastlight.build.Digests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sha256 the reader computes while extracting is the file's own, whole and damaged files alike: reading
 * that stops early (truncated file, garbage after the last record) still digests every byte.
 */
class WarcDigestInOnePassTest {
    @TempDir
    Path tmp;

    @Test
    void digestCoversTheWholeFileEvenWhenReadingStopsEarly() throws Exception {
        Path dir = tmp.resolve("warc");
        WarcGen.main(new String[] {"--users", "60", "--seed", "3", "--threads", "1", "--out", dir.toString()});
        Path whole;
        try (Stream<Path> s = Files.list(dir)) {
            whole = s.filter(p -> p.toString().endsWith(".warc.gz")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = tmp.resolve("truncated.warc.gz");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        Path garbage = tmp.resolve("garbage.warc.gz");
        Files.write(garbage, bytes);
        Files.write(garbage, "this is not a gzip member\n".repeat(50_000).getBytes(), StandardOpenOption.APPEND);

        WarcCaptureReader reader = new WarcCaptureReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES);
        List<WarcCapture> all = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        WarcCaptureReader.FileInfo info = reader.read(whole, (i, c) -> {
            all.add(c);
            seen.add(i.bytesRead);
        });
        assertNull(info.damage);
        assertEquals(Files.size(whole), info.bytesRead, "every byte is read (and digested)");
        for (int k = 1; k < seen.size(); k++) assertTrue(seen.get(k) >= seen.get(k - 1) && seen.get(k) <= bytes.length);
        assertTrue(all.size() > 100, "captures read: " + all.size());
        assertEquals(Digests.sha256(whole), info.sha256);

        for (Path damaged : List.of(truncated, garbage)) {
            List<WarcCapture> some = new ArrayList<>();
            WarcCaptureReader.FileInfo d = reader.read(damaged, (i, c) -> some.add(c));
            assertNotNull(d.damage, damaged + " is reported damaged");
            assertTrue(some.size() > 10, "records before the damage are kept: " + some.size());
            assertEquals(Digests.sha256(damaged), d.sha256, damaged.toString());
            assertEquals(Files.size(damaged), d.bytesRead, damaged.toString());
        }

        // gzipped whole: record offsets are positions in the decompressed bytes, bytes read stay within the file
        Path oneMember = tmp.resolve("one-member.warc.gz");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(whole));
             var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(oneMember))) {
            in.transferTo(out);
        }
        long size = Files.size(oneMember);
        List<long[]> read = new ArrayList<>();
        WarcCaptureReader.FileInfo one = reader.read(oneMember, (i, c) -> read.add(new long[] {c.offset(), i.bytesRead}));
        assertEquals(all.size(), read.size());
        assertTrue(read.get(read.size() - 1)[0] > size, "offsets beyond the file's size: " + read.get(read.size() - 1)[0]);
        for (long[] r : read) assertTrue(r[1] <= size, r[1] + " of " + size);
        assertEquals(size, one.bytesRead);
    }
}
