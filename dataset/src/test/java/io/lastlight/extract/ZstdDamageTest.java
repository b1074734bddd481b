package io.lastlight.extract;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import io.lastlight.revisit.RevisitScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A per-record zstd WARC file (one frame per record, ArchiveTeam's layout, with or without the dictionary frame) with
 * damage in it costs the damaged stretch only, as a per-record gzip file does: one damaged row naming its offset, and
 * every intact record after it read with its own compressed offset and length (re-readable at that offset).
 */
class ZstdDamageTest {
    static final Duration FAST = Duration.ofSeconds(60);
    /** The record damaged mid-file: a response (the one after it is its request). */
    static final int VICTIM = 9;

    @TempDir
    Path tmp;

    /** A per-record zstd file as built: its bytes and each record's frame offset and length. */
    record Built(byte[] bytes, long[] offsets, long[] lengths, int dictionaryFrame) {}

    static List<byte[]> records() throws Exception {
        return WarcZstdTest.records().subList(0, 41); // warcinfo, then 20 responses and their requests
    }

    /** One frame per record (with a content checksum when {@code dictionary}, as the zstd tool writes by default). */
    static Built build(List<byte[]> records, boolean dictionary) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] dict = dictionary ? WarcZstdTest.trainDictionary(records) : null;
        if (dict != null) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(WarcZstdTest.DICTIONARY_FRAME).putInt(dict.length).array());
            out.writeBytes(dict);
        }
        long[] offsets = new long[records.size()], lengths = new long[records.size()];
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(3);
            ctx.setChecksum(dictionary);
            if (dict != null) ctx.loadDict(new ZstdDictCompress(dict, 3));
            for (int i = 0; i < records.size(); i++) {
                byte[] frame = ctx.compress(records.get(i));
                offsets[i] = out.size();
                lengths[i] = frame.length;
                out.writeBytes(frame);
            }
        }
        return new Built(out.toByteArray(), offsets, lengths, dict == null ? 0 : 8 + dict.length);
    }

    /** How a frame is damaged, and the bytes of the damaged file. */
    enum Damage {
        CORRUPT, TRUNCATED, STRAY_BYTES, FIRST_FRAME_CORRUPT;

        /** The record whose frame is damaged (for STRAY_BYTES, the one the stray bytes follow, itself intact). */
        int victim() {
            return this == FIRST_FRAME_CORRUPT ? 0 : VICTIM;
        }
    }

    static final byte[] STRAY = "HTTP/1.1 200 OK stray bytes from a bad copy\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The damaged file; {@code at} receives the damaged stretch's offset and length in it. */
    static byte[] damage(Built b, Damage how, long[] at) {
        int v = how.victim();
        int start = (int) b.offsets()[v], len = (int) b.lengths()[v];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b.bytes(), 0, start);
        byte[] frame = Arrays.copyOfRange(b.bytes(), start, start + len);
        switch (how) {
            case CORRUPT, FIRST_FRAME_CORRUPT -> {
                // flipped bytes inside the frame, its header (magic and descriptor) intact
                for (int i = 12; i < frame.length - 4; i += 5) frame[i] ^= 0x5a;
                at[0] = start;
                at[1] = len;
            }
            case TRUNCATED -> {
                frame = Arrays.copyOf(frame, len / 2);
                at[0] = start;
                at[1] = frame.length;
            }
            case STRAY_BYTES -> {
                out.writeBytes(frame);
                frame = STRAY;
                at[0] = start + len;
                at[1] = STRAY.length;
            }
        }
        out.writeBytes(frame);
        out.write(b.bytes(), start + len, b.bytes().length - start - len);
        return out.toByteArray();
    }

    static Stream<Arguments> cases() {
        return Stream.of(Damage.values()).flatMap(d -> Stream.of(Arguments.of(d, true), Arguments.of(d, false)));
    }

    List<WarcCapture> read(Path f, WarcCaptureReader.FileInfo[] info) {
        List<WarcCapture> out = new ArrayList<>();
        info[0] = assertTimeoutPreemptively(FAST, () ->
                new WarcCaptureReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES).read(f, (i, c) -> out.add(c)));
        return out;
    }

    static List<WarcCapture> damaged(List<WarcCapture> rows) {
        return rows.stream().filter(c -> CaptureDecoder.DAMAGED.equals(c.status())).collect(Collectors.toList());
    }

    static List<WarcCapture> intact(List<WarcCapture> rows) {
        return rows.stream().filter(c -> !CaptureDecoder.DAMAGED.equals(c.status())).collect(Collectors.toList());
    }

    /** The record id jwarc reads at {@code offset} of the file (as evidence and revisit resolution re-read one). */
    static String idAt(Path f, long offset) throws Exception {
        try (ReadableByteChannel ch = WarcFormat.openAt(f, WarcFormat.ZSTD, offset); WarcReader r = new WarcReader(ch)) {
            WarcRecord rec = r.next().orElseThrow();
            return rec.id().toString();
        }
    }

    @ParameterizedTest(name = "{0}, dictionary {1}")
    @MethodSource("cases")
    void aDamagedStretchIsOneDamagedRowAndEveryIntactRecordAfterItIsRead(Damage how, boolean dictionary) throws Exception {
        List<byte[]> records = records();
        Built clean = build(records, dictionary);
        Path cleanFile = Files.write(tmp.resolve("clean.warc.zst"), clean.bytes());
        WarcCaptureReader.FileInfo[] info = new WarcCaptureReader.FileInfo[1];
        List<WarcCapture> all = read(cleanFile, info);
        assertEquals(records.size(), all.size());
        assertTrue(damaged(all).isEmpty(), damaged(all).toString());

        long[] at = new long[2];
        String name = "damaged-" + how + "-" + dictionary + ".warc.zst";
        Path f = Files.write(tmp.resolve(name), damage(clean, how, at));
        assertEquals(WarcFormat.ZSTD, WarcFormat.sniff(f));
        List<WarcCapture> rows = read(f, info);

        // every record but the damaged one, in order, each at its frame's offset (shifted by the damage) and length
        long shift = switch (how) {
            case TRUNCATED -> at[1] - clean.lengths()[VICTIM];
            case STRAY_BYTES -> STRAY.length;
            default -> 0;
        };
        List<String> want = new ArrayList<>(), got = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (i == how.victim() && how != Damage.STRAY_BYTES) continue;
            long off = clean.offsets()[i] + (i > how.victim() ? shift : 0);
            want.add(all.get(i).recordId() + "@" + off + "+" + clean.lengths()[i]);
        }
        for (WarcCapture c : intact(rows)) got.add(c.recordId() + "@" + c.offset() + "+" + c.length());
        assertEquals(want, got);

        List<WarcCapture> bad = damaged(rows);
        assertEquals(1, bad.size(), bad.toString());
        WarcCapture d = bad.get(0);
        assertEquals(name, d.warcFile());
        assertEquals(at[0], d.offset(), "the damaged row is where the damage begins");
        assertEquals(at[1], d.length(), "and runs to the next frame");
        assertTrue(d.error() != null && !d.error().isBlank(), "says what was wrong");
        assertTrue(info[0].damage.contains(name) && info[0].damage.contains("offset " + at[0]), info[0].damage);
        if (how == Damage.FIRST_FRAME_CORRUPT) assertEquals(clean.dictionaryFrame(), at[0], "the first frame after the dictionary");

        // the records after the damage are re-read at their offsets, as evidence fetches them
        for (WarcCapture c : intact(rows).subList(intact(rows).size() - 3, intact(rows).size())) {
            assertEquals(c.recordId(), idAt(f, c.offset()));
        }
        // the revisit scan resumes at the same places, and ends
        assertEquals(0, assertTimeoutPreemptively(FAST, () -> RevisitScanner.scan(f, r -> { })));
    }

    /** Two damaged frames and a file cut inside its last frame: three damaged rows, every other record read. */
    @Test
    void severalDamagedFramesAndACutEndAreEachOneRow() throws Exception {
        List<byte[]> records = records();
        Built clean = build(records, true);
        byte[] b = clean.bytes().clone();
        int[] victims = {5, 20};
        for (int v : victims) for (int i = (int) clean.offsets()[v] + 12; i < clean.offsets()[v] + clean.lengths()[v] - 4; i += 5) b[i] ^= 0x5a;
        int last = records.size() - 1;
        b = Arrays.copyOf(b, (int) (clean.offsets()[last] + clean.lengths()[last] / 2));
        Path f = Files.write(tmp.resolve("several.warc.zst"), b);
        WarcCaptureReader.FileInfo[] info = new WarcCaptureReader.FileInfo[1];
        List<WarcCapture> rows = read(f, info);
        assertEquals(records.size() - 3, intact(rows).size());
        assertEquals(List.of(clean.offsets()[5], clean.offsets()[20], clean.offsets()[last]),
                damaged(rows).stream().map(WarcCapture::offset).collect(Collectors.toList()));
    }

    /**
     * A record too large for one zstd block (its frame holds several) damaged in a later block: its head decodes, so
     * it is a damaged row of its own (record id and all), and the records after it are read.
     */
    @Test
    void aLargeRecordDamagedInALaterBlockIsItsOwnDamagedRow() throws Exception {
        List<byte[]> records = new ArrayList<>(records());
        byte[] noise = new byte[400_000];
        new Random(7).nextBytes(noise); // incompressible: the frame holds several raw blocks
        String hex = java.util.HexFormat.of().formatHex(noise);
        String json = "{\"blob\":\"" + hex + "\"}";
        byte[] http = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json)
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        new org.netpreserve.jwarc.WarcWriter(rec).write(new org.netpreserve.jwarc.WarcResponse.Builder(
                java.net.URI.create("https://parler.example/big")).body(org.netpreserve.jwarc.MediaType.HTTP_RESPONSE, http).build());
        records.add(VICTIM, rec.toByteArray());
        Built clean = build(records, true);
        byte[] b = clean.bytes().clone();
        int mid = (int) (clean.offsets()[VICTIM] + clean.lengths()[VICTIM] * 3 / 4);
        for (int i = mid; i < mid + 40; i++) b[i] ^= 0x5a;
        Path f = Files.write(tmp.resolve("big.warc.zst"), b);
        WarcCaptureReader.FileInfo[] info = new WarcCaptureReader.FileInfo[1];
        List<WarcCapture> rows = read(f, info);
        List<WarcCapture> bad = damaged(rows);
        assertEquals(1, bad.size(), bad.toString());
        assertEquals(clean.offsets()[VICTIM], bad.get(0).offset());
        assertEquals(clean.lengths()[VICTIM], bad.get(0).length());
        assertEquals(records.size() - 1, intact(rows).size());
        assertEquals(clean.offsets()[VICTIM + 1], intact(rows).get(VICTIM).offset());
    }

    /**
     * A file larger than the read buffer (jwarc 0.36.0's own zstd reader placed the records of the last buffer-full
     * hundreds of KiB off): every record at its frame's offset, with its frame's length.
     */
    @Test
    void aFileLargerThanTheReadBufferKeepsEveryOffset() throws Exception {
        List<byte[]> records = new ArrayList<>();
        Random rnd = new Random(3);
        for (int i = 0; i < 2500; i++) {
            byte[] noise = new byte[600];
            rnd.nextBytes(noise);
            String json = "{\"id\":" + i + ",\"b\":\"" + java.util.HexFormat.of().formatHex(noise) + "\"}";
            byte[] http = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json)
                    .getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream rec = new ByteArrayOutputStream();
            new org.netpreserve.jwarc.WarcWriter(rec).write(new org.netpreserve.jwarc.WarcResponse.Builder(
                    java.net.URI.create("https://parler.example/" + i)).body(org.netpreserve.jwarc.MediaType.HTTP_RESPONSE, http).build());
            records.add(rec.toByteArray());
        }
        Built b = build(records, false);
        assertTrue(b.bytes().length > 2 * WarcCaptureReader.READ_BUFFER, "larger than two read buffers: " + b.bytes().length);
        Path f = Files.write(tmp.resolve("large.warc.zst"), b.bytes());
        WarcCaptureReader.FileInfo[] info = new WarcCaptureReader.FileInfo[1];
        List<WarcCapture> rows = read(f, info);
        assertEquals(records.size(), rows.size());
        assertTrue(damaged(rows).isEmpty(), damaged(rows).toString());
        long wrong = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).offset() != b.offsets()[i] || rows.get(i).length() != b.lengths()[i]) wrong++;
        }
        assertEquals(0, wrong, "records at another offset than their frame's");
        assertEquals(rows.get(rows.size() - 1).recordId(), idAt(f, b.offsets()[rows.size() - 1]));
    }
}
