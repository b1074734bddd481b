package io.lastlight.evidence;

import io.lastlight.query.ResultTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code lastlight evidence --extract} finds the record the dataset points to in the WARC layouts the build reads: a
 * whole-file gzip (offsets in the decompressed bytes), a file in a worker's subfolder of the WARC folder, and a
 * resource record (a saved page, no HTTP exchange).
 */
class EvidenceExtractTest {
    @TempDir
    Path dir;

    @Test
    void aRecordInAWholeFileGzipIsFoundByItsDecompressedOffset() throws Exception {
        Path plain = dir.resolve("plain.warc");
        List<Long> offsets = write(plain, WarcCompression.NONE, false);
        Path warcs = Files.createDirectories(dir.resolve("warc"));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(warcs.resolve("whole.warc.gz")))) {
            Files.copy(plain, out);
        }
        Path out = Files.createDirectories(dir.resolve("out"));
        EvidenceCommand.extract(warcs, table("whole.warc.gz", offsets.get(1), "response"), 0, out, "001");
        assertEquals("{\"n\":1}", Files.readString(out.resolve("001.body")));
    }

    @Test
    void aRecordInAWorkersSubfolderIsFoundByItsFileName() throws Exception {
        Path warcs = Files.createDirectories(dir.resolve("in"));
        Path file = Files.createDirectories(warcs.resolve("w1").resolve("warc")).resolve("crawl-w1-00000.warc.gz");
        List<Long> offsets = write(file, WarcCompression.GZIP, false);
        Path out = Files.createDirectories(dir.resolve("out"));
        EvidenceCommand.extract(warcs, table("crawl-w1-00000.warc.gz", offsets.get(2), "response"), 0, out, "001");
        assertEquals("{\"n\":2}", Files.readString(out.resolve("001.body")));
    }

    @Test
    void aResourceRecordGivesItsBody() throws Exception {
        Path warcs = Files.createDirectories(dir.resolve("warc"));
        List<Long> offsets = write(warcs.resolve("saved.warc.gz"), WarcCompression.GZIP, true);
        Path out = Files.createDirectories(dir.resolve("out"));
        Path written = EvidenceCommand.extract(warcs, table("saved.warc.gz", offsets.get(0), "resource"), 0, out, "001");
        assertEquals(out.resolve("001.body"), written);
        assertEquals("{\"n\":0}", Files.readString(written));
    }

    /** A warcinfo and three records, {"n":i} each; returns the records' offsets. */
    private static List<Long> write(Path file, WarcCompression compression, boolean resources) throws Exception {
        List<Long> offsets = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             WarcWriter w = new WarcWriter(ch, compression)) {
            w.write(new Warcinfo.Builder().fields(java.util.Map.of("software", List.of("test"))).build());
            for (int i = 0; i < 3; i++) {
                byte[] json = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                URI target = URI.create("https://api.example.org/v1/post?id=" + i);
                offsets.add(ch.position());
                if (resources) {
                    w.write(new WarcResource.Builder(target).date(Instant.parse("2021-01-10T00:00:00Z"))
                            .body(MediaType.parse("application/json"), json).build());
                } else {
                    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1);
                    byte[] http = new byte[head.length + json.length];
                    System.arraycopy(head, 0, http, 0, head.length);
                    System.arraycopy(json, 0, http, head.length, json.length);
                    w.write(new WarcResponse.Builder(target).date(Instant.parse("2021-01-10T00:00:00Z"))
                            .body(MediaType.HTTP_RESPONSE, http).build());
                }
            }
        }
        return offsets;
    }

    private static ResultTable table(String file, long offset, String recordType) {
        List<Object> row = new ArrayList<>(List.of(file, offset, recordType));
        return new ResultTable(List.of("warc_file", "warc_offset", "record_type"), List.of(row));
    }
}
