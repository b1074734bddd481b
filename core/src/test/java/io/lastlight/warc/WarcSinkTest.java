package io.lastlight.warc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;

import java.io.IOException;
import java.net.URI;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarcSinkTest {
    @TempDir
    Path dir;

    static CaptureRecord capture(int i, String body) {
        return new CaptureRecord(URI.create("http://127.0.0.1:1/v1/profile?username=u" + i), Instant.parse("2021-01-10T00:00:00Z"),
                "GET", List.of(new AbstractMap.SimpleImmutableEntry<>("User-Agent", "test")), 200, "OK",
                List.of(new AbstractMap.SimpleImmutableEntry<>("Content-Type", "application/json")),
                body.getBytes(StandardCharsets.UTF_8), false, Map.of("lastlight-kind", List.of("profile")));
    }

    WarcSink sink(long maxSize, List<Path> closed) throws IOException {
        return new WarcSink(dir, "test", maxSize, Clock.fixed(Instant.parse("2021-01-10T00:00:00Z"), ZoneOffset.UTC),
                Map.of("software", List.of("lastlight-test")), closed == null ? null : closed::add);
    }

    @Test
    void eachCaptureIsInTheFileInOneWriteWhenWriteReturns() throws Exception {
        int[] writes = {0};
        try (WarcSink s = sink(1L << 30, null).openWith(p -> new CountingChannel(
                FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), writes))) {
            String name = s.open();
            Path open = dir.resolve(name + WarcFileNames.OPEN_SUFFIX);
            assertEquals(s.position(), Files.size(open), "the warcinfo is on disk once the file is opened");
            for (int i = 0; i < 5; i++) {
                int before = writes[0];
                WarcPosition p = s.write(capture(i, "{\"id\":\"" + i + "\",\"text\":\"" + "x".repeat(i * 40_000) + "\"}"));
                assertEquals(p.end(), Files.size(open), "capture " + i + " is in the file when write returns");
                assertEquals(1, writes[0] - before, "capture " + i + ": one write for its three records");
            }
        }
    }

    /** A file channel that counts its writes. */
    static final class CountingChannel extends FileChannel {
        private final FileChannel d;
        private final int[] writes;

        CountingChannel(FileChannel d, int[] writes) {
            this.d = d;
            this.writes = writes;
        }

        @Override public int write(java.nio.ByteBuffer src) throws IOException { writes[0]++; return d.write(src); }
        @Override public long write(java.nio.ByteBuffer[] srcs, int offset, int length) throws IOException { writes[0]++; return d.write(srcs, offset, length); }
        @Override public int write(java.nio.ByteBuffer src, long position) throws IOException { writes[0]++; return d.write(src, position); }
        @Override public int read(java.nio.ByteBuffer dst) throws IOException { return d.read(dst); }
        @Override public long read(java.nio.ByteBuffer[] dsts, int offset, int length) throws IOException { return d.read(dsts, offset, length); }
        @Override public int read(java.nio.ByteBuffer dst, long position) throws IOException { return d.read(dst, position); }
        @Override public long position() throws IOException { return d.position(); }
        @Override public FileChannel position(long p) throws IOException { d.position(p); return this; }
        @Override public long size() throws IOException { return d.size(); }
        @Override public FileChannel truncate(long size) throws IOException { d.truncate(size); return this; }
        @Override public void force(boolean metaData) throws IOException { d.force(metaData); }
        @Override public long transferTo(long position, long count, java.nio.channels.WritableByteChannel target) throws IOException { return d.transferTo(position, count, target); }
        @Override public long transferFrom(java.nio.channels.ReadableByteChannel src, long position, long count) throws IOException { return d.transferFrom(src, position, count); }
        @Override public java.nio.MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { return d.map(mode, position, size); }
        @Override public java.nio.channels.FileLock lock(long position, long size, boolean shared) throws IOException { return d.lock(position, size, shared); }
        @Override public java.nio.channels.FileLock tryLock(long position, long size, boolean shared) throws IOException { return d.tryLock(position, size, shared); }
        @Override protected void implCloseChannel() throws IOException { d.close(); }
    }

    @Test
    void writesValidWarcWithPointersThatLeadBackToTheResponse() throws Exception {
        List<Path> closed = new ArrayList<>();
        List<WarcPosition> positions = new ArrayList<>();
        try (WarcSink s = sink(1L << 30, closed)) {
            for (int i = 0; i < 20; i++) positions.add(s.write(capture(i, "{\"id\":\"" + i + "\"}")));
        }
        assertEquals(1, closed.size());
        Path file = closed.get(0);
        assertTrue(file.getFileName().toString().matches("test-20210110000000000-00000\\.warc\\.gz"), file.toString());
        JwarcValidate.Result v = JwarcValidate.validate(List.of(file));
        assertTrue(v.ok(), v.output());
        for (int i = 0; i < positions.size(); i++) {
            WarcPosition p = positions.get(i);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.position(p.offset());
                WarcRecord r = new WarcReader(ch).next().orElseThrow();
                assertTrue(r instanceof WarcResponse);
                assertEquals(p.recordId(), r.id());
                String body = new String(((WarcResponse) r).http().body().stream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals("{\"id\":\"" + i + "\"}", body);
            }
        }
        try (WarcReader reader = new WarcReader(file)) {
            long requests = 0;
            for (WarcRecord r : reader) {
                if (r instanceof WarcRequest) {
                    requests++;
                    assertTrue(((WarcRequest) r).concurrentTo().size() == 1);
                }
            }
            assertEquals(20, requests);
        }
    }

    @Test
    void capturesPreparedOnOtherThreadsNameTheWarcinfoOfTheFileTheyLandIn() throws Exception {
        List<Path> closed = new ArrayList<>();
        List<WarcPosition> positions = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try (WarcSink s = sink(3_000, closed)) {
            assertEquals(null, s.prepare(capture(0, "{}"), null)); // no file open yet: the write makes the records itself
            positions.add(s.write(capture(0, "{\"id\":\"0\"}"), null));
            // made in batches ahead of the writes, as the crawler's pool does: files rotate under them
            for (int batch = 0; batch < 6; batch++) {
                List<java.util.concurrent.Future<PreparedCapture>> made = new ArrayList<>();
                List<CaptureRecord> records = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    int n = batch * 5 + i;
                    CaptureRecord c = capture(n, "{\"id\":\"" + n + "\",\"pad\":\"" + "y".repeat(300 + n) + "\"}");
                    records.add(c);
                    // every third with its metadata record made there too (the crawler does when it knows the parent's URL)
                    made.add(pool.submit(() -> s.prepare(c, n % 2 == 0 ? WarcSink.sha1(c.body()) : null, n % 3 == 0)));
                }
                for (int i = 0; i < records.size(); i++) positions.add(s.write(records.get(i), made.get(i).get()));
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(closed.size() > 3, "rotated into " + closed.size());
        JwarcValidate.Result v = JwarcValidate.validate(closed);
        assertTrue(v.ok(), v.output());
        int responses = 0;
        Map<URI, Integer> metadataPerResponse = new HashMap<>();
        List<URI> responseIds = new ArrayList<>();
        for (Path file : closed) {
            try (WarcReader reader = new WarcReader(file)) {
                URI info = null;
                for (WarcRecord r : reader) {
                    if (r instanceof WarcResponse) responseIds.add(r.id());
                    if (r instanceof org.netpreserve.jwarc.WarcMetadata m) {
                        assertEquals(List.of(responseIds.get(responseIds.size() - 1)), m.concurrentTo(), "metadata follows its capture");
                        assertTrue(new String(m.body().stream().readAllBytes(), StandardCharsets.UTF_8).contains("lastlight-kind: profile"));
                        metadataPerResponse.merge(m.concurrentTo().get(0), 1, Integer::sum);
                    }
                    if (r instanceof org.netpreserve.jwarc.Warcinfo) info = r.id();
                    else assertEquals(java.util.Optional.of(info), r.headers().first("WARC-Warcinfo-ID").map(x -> URI.create(x.substring(1, x.length() - 1))),
                            file + " " + r.type());
                    if (r instanceof WarcResponse) responses++;
                }
            }
        }
        assertEquals(31, responses);
        for (URI id : responseIds) assertEquals(1, metadataPerResponse.getOrDefault(id, 0), "one metadata record for " + id);
        for (int i = 0; i < positions.size(); i++) {
            WarcPosition p = positions.get(i);
            Path file = closed.stream().filter(f -> f.getFileName().toString().equals(p.file())).findFirst().orElseThrow();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.position(p.offset());
                WarcRecord r = new WarcReader(ch).next().orElseThrow();
                assertEquals(p.recordId(), r.id());
                String body = new String(((WarcResponse) r).http().body().stream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(body.startsWith("{\"id\":\"" + i + "\""), body);
                ch.position(p.offset() + p.length()); // the response's member ends where its request's begins
                WarcRecord next = new WarcReader(ch).next().orElseThrow();
                assertEquals(List.of(p.recordId()), ((WarcRequest) next).concurrentTo());
                assertTrue(p.end() <= Files.size(file) && p.end() > p.offset() + p.length(), p.toString());
            }
        }
    }

    @Test
    void rotatesAtTheSizeLimitAndNeverLeavesOpenFilesAfterClose() throws Exception {
        List<Path> closed = new ArrayList<>();
        try (WarcSink s = sink(2_000, closed)) {
            for (int i = 0; i < 30; i++) s.write(capture(i, "x".repeat(500)));
        }
        assertTrue(closed.size() > 3, "rotated into " + closed.size());
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".open")));
        }
        assertTrue(JwarcValidate.validate(closed).ok());
    }

    @Test
    void recoveryCutsAnOpenFileAtTheCommittedEnd() throws Exception {
        WarcSink s = sink(1L << 30, null);
        WarcPosition last = null;
        for (int i = 0; i < 5; i++) last = s.write(capture(i, "{\"n\":" + i + "}"));
        s.write(capture(99, "{\"uncommitted\":true}"));
        String name = last.file();
        Path open = dir.resolve(name + ".open");
        // Simulate a crash mid-record: append half a gzip member.
        Files.write(open, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0}, StandardOpenOption.APPEND);
        Map<String, Long> committed = new HashMap<>();
        committed.put(name, last.end());
        List<WarcRecovery.Recovered> rec = WarcRecovery.recover(dir, committed);
        assertEquals(1, rec.size());
        assertEquals(last.end(), Files.size(dir.resolve(name)));
        assertTrue(JwarcValidate.validate(List.of(dir.resolve(name))).ok());
    }

    @Test
    void recoveryWithoutACommitRecordKeepsEveryCompleteRecord() throws Exception {
        WarcSink s = sink(1L << 30, null);
        WarcPosition last = null;
        for (int i = 0; i < 5; i++) last = s.write(capture(i, "{\"n\":" + i + "}"));
        Path open = dir.resolve(last.file() + ".open");
        byte[] all = Files.readAllBytes(open);
        Files.write(open, java.util.Arrays.copyOf(all, all.length - 7)); // cut inside the last record
        WarcRecovery.recover(dir, Map.of());
        Path done = dir.resolve(last.file());
        assertTrue(Files.size(done) < all.length - 7);
        assertTrue(JwarcValidate.validate(List.of(done)).ok());
    }

    @Test
    void recoveryCutsBackToARecordEndWhenTheFileLostBytesTheFrontierCountedAsCommitted() throws Exception {
        WarcSink s = sink(1L << 30, null);
        List<WarcPosition> pos = new ArrayList<>();
        for (int i = 0; i < 5; i++) pos.add(s.write(capture(i, "{\"n\":" + i + "}")));
        WarcPosition third = pos.get(2), last = pos.get(4);
        Path open = dir.resolve(last.file() + ".open");
        byte[] all = Files.readAllBytes(open);
        // a power cut: the frontier had committed every capture, the disk kept the file only to inside the fourth's response
        long cut = pos.get(3).offset() + 20;
        Files.write(open, java.util.Arrays.copyOf(all, (int) cut));
        List<WarcRecovery.Recovered> rec = WarcRecovery.recover(dir, Map.of(last.file(), last.end()));
        Path done = dir.resolve(last.file());
        assertEquals(third.end(), Files.size(done), "cut back to the end of the last complete capture");
        assertEquals(last.end() - third.end(), rec.get(0).lost());
        assertTrue(JwarcValidate.validate(List.of(done)).ok());
    }

    @Test
    void recoveryKeepsACommittedEndThatFallsInsideTheFileButNotOnARecordBoundaryOnlyUpToTheRecordBeforeIt() throws Exception {
        WarcSink s = sink(1L << 30, null);
        WarcPosition second = null, last = null;
        for (int i = 0; i < 4; i++) {
            last = s.write(capture(i, "{\"n\":" + i + "}"));
            if (i == 1) second = last;
        }
        WarcRecovery.recover(dir, Map.of(last.file(), second.end() + 5));
        Path done = dir.resolve(last.file());
        assertEquals(second.end(), Files.size(done));
        assertTrue(JwarcValidate.validate(List.of(done)).ok());
    }
}
