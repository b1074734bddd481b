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
}
