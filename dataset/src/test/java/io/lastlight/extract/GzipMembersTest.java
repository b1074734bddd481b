package io.lastlight.extract;

import io.lastlight.revisit.OriginalPayload;
import io.lastlight.revisit.OriginalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gzip WARC files whose members are not one per record: two whole-file gzips concatenated
 * ({@code cat a.warc.gz b.warc.gz}) and bgzip-style blocks of a fixed size, which cut records anywhere. They are read
 * as one decompressed stream, so every record has an offset of its own that re-reads it (a revisit's original inside
 * such a member is found); a per-record file whose later members hold several records has those records noted.
 */
class GzipMembersTest {
    @TempDir
    Path tmp;

    static byte[] gzip(byte[] b, int from, int to) throws Exception {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(m)) {
            g.write(b, from, to - from);
        }
        return m.toByteArray();
    }

    static byte[] concat(List<byte[]> records, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) out.writeBytes(records.get(i));
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"concatenated", "blocks"})
    void recordsOfMembersHoldingSeveralHaveOffsetsOfTheirOwnThatReReadThem(String layout) throws Exception {
        List<byte[]> records = WarcZstdTest.records();
        byte[] plain = concat(records, 0, records.size());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        if (layout.equals("concatenated")) {
            int half = concat(records, 0, records.size() / 2).length;
            file.writeBytes(gzip(plain, 0, half));
            file.writeBytes(gzip(plain, half, plain.length));
        } else {
            for (int at = 0; at < plain.length; at += 4096) file.writeBytes(gzip(plain, at, Math.min(plain.length, at + 4096)));
        }
        Path warc = Files.write(tmp.resolve(layout + ".warc.gz"), file.toByteArray());
        assertEquals(WarcFormat.GZIP_WHOLE, WarcFormat.sniff(warc));
        assertOffsetsInTheDecompressedBytesReReadTheRecords(warc, records);
    }

    /** Every record read, its offset its place in the decompressed stream, and each response re-read from there. */
    static void assertOffsetsInTheDecompressedBytesReReadTheRecords(Path warc, List<byte[]> records) throws Exception {
        List<WarcCapture> read = new ArrayList<>();
        WarcCaptureReader.FileInfo info = new WarcCaptureReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES).read(warc, (i, c) -> read.add(c));
        assertNull(info.damage, info.damage);
        assertEquals(records.size(), read.size());
        long at = 0;
        for (int i = 0; i < records.size(); i++) {
            assertEquals(List.of(at, (long) records.get(i).length), List.of(read.get(i).offset(), read.get(i).length()), "record " + i);
            at += records.get(i).length;
        }
        // as a revisit's original is
        OriginalReader reader = new OriginalReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES);
        for (WarcCapture c : read) {
            if (!"response".equals(c.recordType())) continue;
            OriginalPayload p = reader.read(warc, c.offset(), c.recordId());
            assertNull(p.error(), p.error());
            assertTrue(Arrays.equals(c.capture().body(), p.body()), c.recordId());
        }
    }

    /**
     * {@code zstd crawl.warc}: one zstd stream over every record (no dictionary frame), read as a whole-file gzip is,
     * offsets in the decompressed bytes that re-read their records (an audit found 121 records sharing 7 offsets, and
     * evidence returning the wrong ones).
     */
    @ParameterizedTest(name = "{0} frame(s)")
    @ValueSource(ints = {1, 2})
    void aWholeFileZstdHasOffsetsOfItsOwnThatReReadTheRecords(int frames) throws Exception {
        List<byte[]> records = WarcZstdTest.records();
        byte[] plain = concat(records, 0, records.size());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int half = frames == 1 ? plain.length : concat(records, 0, records.size() / 2).length;
        file.writeBytes(com.github.luben.zstd.Zstd.compress(Arrays.copyOfRange(plain, 0, half), 3));
        if (half < plain.length) file.writeBytes(com.github.luben.zstd.Zstd.compress(Arrays.copyOfRange(plain, half, plain.length), 3));
        Path warc = Files.write(tmp.resolve("whole-" + frames + ".warc.zst"), file.toByteArray());
        assertEquals(WarcFormat.ZSTD_WHOLE, WarcFormat.sniff(warc));
        assertOffsetsInTheDecompressedBytesReReadTheRecords(warc, records);
    }

    @Test
    void aPerRecordFileWhoseLaterMembersHoldSeveralRecordsHasThemNoted() throws Exception {
        // warcinfo alone (so the file is taken for one member per record), then members of 1, 3, 1, 2, 1... records
        List<byte[]> records = WarcZstdTest.records().subList(0, 21);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int[] sizes = {1, 1, 3, 1, 2, 1, 4, 1, 1, 3, 1, 2};
        int i = 0;
        for (int n : sizes) {
            byte[] member = concat(records, i, i + n);
            file.writeBytes(gzip(member, 0, member.length));
            i += n;
        }
        assertEquals(records.size(), i);
        Path warc = Files.write(tmp.resolve("mixed.warc.gz"), file.toByteArray());
        assertEquals(WarcFormat.GZIP, WarcFormat.sniff(warc));

        List<WarcCapture> read = new ArrayList<>();
        new WarcCaptureReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES).read(warc, (x, c) -> read.add(c));
        assertEquals(records.size(), read.size());
        // a record that no note marks is where its offset says: re-reading there gives that record
        OriginalReader reader = new OriginalReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES);
        Set<Long> unnoted = new HashSet<>();
        for (WarcCapture c : read) {
            boolean noted = c.note() != null && c.note().contains(WarcCaptureReader.SHARED_MEMBER);
            if (noted || !"response".equals(c.recordType())) continue;
            assertTrue(unnoted.add(c.offset()), "two records without a note at offset " + c.offset());
            OriginalPayload p = reader.read(warc, c.offset(), c.recordId());
            assertNull(p.error(), p.error());
        }
        assertTrue(read.stream().filter(c -> c.note() != null && c.note().contains(WarcCaptureReader.SHARED_MEMBER)).count() >= 7,
                "the records after the first of each shared member");
    }
}
