package io.lastlight.wacz;

import io.lastlight.core.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lastlight package} refuses files named like WARC files whose bytes are not WARC (the review packaged a text
 * file and a copy of /etc/hosts: "2 WARC files, 0 index lines", exit 0, and --verify said OK), and still packages a
 * real WARC file damaged part-way, with a warning.
 */
class WaczPackagerInputsTest {
    @TempDir
    Path dir;

    final List<String> log = new ArrayList<>();

    WaczPackager packager() {
        return new WaczPackager(Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC), log::add);
    }

    static void writeWarc(Path file, WarcCompression compression, int records) throws Exception {
        try (WarcWriter w = new WarcWriter(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), compression)) {
            for (int i = 0; i < records; i++) {
                byte[] http = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                w.write(new WarcResponse.Builder(URI.create("http://127.0.0.1:9/v1/profile?username=u" + i))
                        .date(Instant.parse("2021-01-08T00:00:00Z").plusSeconds(i))
                        .body(MediaType.HTTP_RESPONSE, http).build());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "hosts", "gzipped-text"})
    void aFileThatIsNotAWarcIsRefusedByName(String kind) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        writeWarc(in.resolve("good.warc.gz"), WarcCompression.GZIP, 2);
        Path bad;
        switch (kind) {
            case "text" -> bad = Files.writeString(in.resolve("x.warc.gz"), "hello this is not a warc\n");
            case "hosts" -> bad = Files.writeString(in.resolve("y.warc"), "127.0.0.1 localhost\n::1 localhost ip6-localhost\n");
            default -> {
                bad = in.resolve("z.warc.gz");
                try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(bad))) {
                    o.write("just some text, gzipped\n".getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        Path out = dir.resolve("p.wacz");
        UserException e = assertThrows(UserException.class, () -> packager().pack(in, out, null, null));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("not a WARC file"), e.getMessage());
        assertFalse(e.getMessage().contains("good.warc.gz"), e.getMessage());
        assertFalse(Files.exists(out));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".p.wacz")), "no temporary files left");
        }
    }

    @Test
    void everyNonWarcFileIsNamedAtOnce() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("x.warc.gz"), "hello\n");
        Files.writeString(in.resolve("y.warc"), "127.0.0.1 localhost\n");
        UserException e = assertThrows(UserException.class, () -> packager().pack(in, dir.resolve("n.wacz"), null, null));
        assertTrue(e.getMessage().startsWith("2 files are not WARC files"), e.getMessage());
        assertTrue(e.getMessage().contains("x.warc.gz") && e.getMessage().contains("y.warc"), e.getMessage());
    }

    @Test
    void aWarcDamagedPartWayIsStillPackagedWithAWarning() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path whole = dir.resolve("whole.warc");
        writeWarc(whole, WarcCompression.NONE, 3);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = in.resolve("cut.warc");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 40)); // the last record loses its end
        WaczPackager.Result r = packager().pack(in, dir.resolve("d.wacz"), null, null);
        assertEquals(1, r.warcFiles());
        assertTrue(r.indexLines() >= 2, "the readable records are indexed: " + r.indexLines());
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("cut.warc: damaged")), r.warnings().toString());
    }
}
