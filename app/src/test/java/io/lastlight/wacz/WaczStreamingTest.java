package io.lastlight.wacz;

import io.lastlight.simulate.SimServer;
import io.lastlight.warc.CaptureRecord;
import io.lastlight.warc.CdxjIndexer;
import io.lastlight.warc.WarcSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Packaging streams (a WARC file larger than the heap), and the crawler re-indexes on --resume. */
class WaczStreamingTest {
    @TempDir
    Path tmp;

    @Test
    void packagesAWarcFileLargerThanTheHeapOfAChildJvm() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("warc"));
        Instant t = Instant.parse("2021-01-09T00:00:00Z");
        Random rnd = new Random(1);
        try (WarcSink sink = new WarcSink(dir, "big", 1L << 30, Clock.fixed(t, ZoneOffset.UTC),
                Map.of("platform", List.of("parler")), p -> { })) {
            for (int i = 0; i < 64; i++) {
                byte[] body = new byte[1 << 20];
                rnd.nextBytes(body); // incompressible: the gzipped WARC stays about 64 MiB
                sink.write(new CaptureRecord(URI.create("http://127.0.0.1:9/media/" + i + ".bin"), t.plusSeconds(i), "GET", List.of(),
                        200, "OK", List.of(new AbstractMap.SimpleImmutableEntry<>("Content-Type", "application/octet-stream")),
                        body, false, Map.of()));
            }
        }
        Path warc;
        try (Stream<Path> s = Files.list(dir)) {
            warc = s.filter(p -> p.toString().endsWith(".warc.gz")).findFirst().orElseThrow();
        }
        long size = Files.size(warc);
        assertTrue(size > 64L << 20, "WARC of " + size + " bytes");
        Path out = tmp.resolve("big.wacz");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", childClasspath(), "io.lastlight.cli.Main",
                "package", "--in", dir.toString(), "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "packaging finished");
        assertEquals(0, p.exitValue(), "packaging a " + (size >> 20) + " MiB WARC with a 32 MiB heap: " + output);
        assertFalse(output.contains("OutOfMemoryError"), output);
        try (ZipFile z = new ZipFile(out.toFile())) {
            assertEquals(size, z.getEntry("archive/" + warc.getFileName()).getSize());
        }
        WaczVerifier.Report r = new WaczVerifier().verify(out);
        assertTrue(r.ok(), r.problems.toString());
        assertEquals(64, r.indexLines);
        assertEquals(0, r.pages, "media are not pages");
    }

    @Test
    void resumingACrawlIndexesWarcFilesThatHaveNoIndex() throws Exception {
        try (SimServer server = WaczFixtures.startWorld(20)) {
            Path crawl = tmp.resolve("crawl");
            WaczFixtures.crawl(server, crawl);
            List<Path> warcs;
            try (Stream<Path> s = Files.list(crawl.resolve("warc"))) {
                warcs = s.filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList();
            }
            Path idx = CdxjIndexer.indexFileFor(warcs.get(0));
            List<String> before = Files.readAllLines(idx);
            Files.delete(idx); // as if the crawler was killed between closing the file and indexing it
            List<String> args = new ArrayList<>(List.of("crawl", "--resume", "--out", crawl.toString(), "--rate", "0", "--quiet"));
            io.lastlight.cli.MainTest.Run r = io.lastlight.cli.MainTest.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            assertEquals(before, Files.readAllLines(idx));
        }
    }

    /** The test classpath minus the s3a test's AWS SDK bundle (~600 MB: its zip index alone exceeds a 32 MiB heap). */
    private static String childClasspath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.contains("awssdk"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }
}
