package io.lastlight.evidence;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.core.UserException;
import io.lastlight.extract.WarcSource;
import io.lastlight.query.Dataset;
import io.lastlight.query.ResultTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lastlight evidence} on a dataset built from a WACZ: a row's {@code warc_file} ({@code crawl.wacz#archive/…})
 * leads back to its record inside the zip, a revisit's original too, and the digest check reads the stored bytes there.
 */
class WaczEvidenceTest {

    @TempDir
    Path tmp;

    /** Parler profiles of alice, and a revisit of them a day later (its original in the same file). */
    static byte[] parlerWarc(Path file) throws Exception {
        Instant t0 = Instant.parse("2021-01-10T12:00:00Z");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             WarcWriter w = new WarcWriter(ch, WarcCompression.GZIP)) {
            w.write(new Warcinfo.Builder().date(t0).fields(Map.of("platform", List.of("parler"))).build());
            String json = "{\"id\":\"" + "a".repeat(32) + "\",\"username\":\"alice\",\"name\":\"Alice\",\"followers\":7}";
            byte[] http = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json)
                    .getBytes(StandardCharsets.UTF_8);
            URI id = URI.create("urn:uuid:" + new UUID(1, 1));
            URI target = URI.create("https://parler.example/v1/profile?username=alice");
            w.write(new WarcResponse.Builder(target).recordId(id).date(t0).body(MediaType.HTTP_RESPONSE, http).build());
            w.write(new WarcRevisit.Builder(target, WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1).date(t0.plusSeconds(86_400))
                    .addHeader("WARC-Refers-To", "<" + id + ">").build());
        }
        return Files.readAllBytes(file);
    }

    static void storedZip(Path file, Map<String, byte[]> entries) throws Exception {
        try (OutputStream o = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(o)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                ze.setMethod(ZipEntry.STORED);
                ze.setSize(e.getValue().length);
                ze.setCompressedSize(e.getValue().length);
                ze.setCrc(crc.getValue());
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }

    @Test
    void pointersIntoAWaczLeadBackToTheirRecordsAndTheirDigestsAreChecked() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        byte[] parler = parlerWarc(tmp.resolve("parler.warc.gz"));
        byte[] iana = Files.readAllBytes(io.lastlight.extract.RealWarcFiles.need("py-wacz/example-iana.warc")); // py-wacz's test fixture
        Path wacz = in.resolve("crawl.wacz");
        storedZip(wacz, new java.util.LinkedHashMap<>(Map.of("archive/parler.warc.gz", parler, "archive/example-iana.warc", iana)));
        Path ds = tmp.resolve("ds");
        new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }, 2).build(in, ds, false);
        Path warcs = EvidenceCommand.recordedWarcDir(ds);
        assertEquals(in.toRealPath(), warcs.toRealPath());
        assertEquals(wacz, EvidenceCommand.locate(tmp, "crawl.wacz#archive/parler.warc.gz").container(),
                "a WACZ in a subfolder of the WARC folder is found as the build found it");

        // the revisit's row names its original inside the WACZ; both are extracted from there
        ResultTable ev = EvidenceCommand.find(ds, "alice", null);
        assertEquals(2, ev.rows().size());
        assertEquals("crawl.wacz#archive/parler.warc.gz", ev.value(1, "warc_file"));
        assertEquals("revisit", ev.value(1, "record_type"));
        assertEquals("crawl.wacz#archive/parler.warc.gz", ev.value(1, "original_warc_file"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        for (int i = 0; i < 2; i++) EvidenceCommand.extract(warcs, ev, i, out, "e" + i);
        assertTrue(Files.readString(out.resolve("e0.http"), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
        assertTrue(Files.readString(out.resolve("e1.original.http"), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
        assertTrue(Files.readString(out.resolve("e1.body")).contains("\"username\":\"alice\""));

        // py-wacz's example-iana.warc carries digests: each response is verified where it lies in the zip
        int verified = 0;
        long lastOffset = -1, lastLength = -1;
        try (Connection c = Dataset.open(ds); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT warc_file, warc_offset, warc_length FROM captures WHERE record_type = 'response'"
                     + " AND warc_file = 'crawl.wacz#archive/example-iana.warc' ORDER BY warc_offset")) {
            while (rs.next()) {
                String check = DigestCheck.of(EvidenceCommand.locate(warcs, rs.getString(1)), rs.getLong(2));
                assertTrue(check.contains("verified") && !check.contains("MISMATCH"), check);
                verified++;
                lastOffset = rs.getLong(2);
                lastLength = rs.getLong(3);
            }
        }
        assertTrue(verified >= 5, "responses verified: " + verified);

        // a byte changed inside the stored entry (bit rot in the .wacz) shows as a mismatch of that record
        byte[] zip = Files.readAllBytes(wacz);
        int dataOffset = indexOf(zip, iana);
        assertTrue(dataOffset > 0);
        int at = (int) (dataOffset + lastOffset + lastLength - 20); // in the last response's body, before its trailer
        zip[at] = (byte) (zip[at] == 'x' ? 'y' : 'x');
        Path rotten = Files.createDirectories(tmp.resolve("rotten")).resolve("crawl.wacz");
        Files.write(rotten, zip);
        String check = DigestCheck.of(EvidenceCommand.locate(rotten.getParent(), "crawl.wacz#archive/example-iana.warc"), lastOffset);
        assertTrue(check.contains("BLOCK DIGEST MISMATCH"), check);

        // what cannot be found says so
        UserException gone = assertThrows(UserException.class, () -> EvidenceCommand.locate(Files.createDirectories(tmp.resolve("empty")), "other.wacz#archive/a.warc.gz"));
        assertTrue(gone.getMessage().contains("WACZ file") && gone.getMessage().contains("--warc"), gone.getMessage());
        UserException noEntry = assertThrows(UserException.class, () -> EvidenceCommand.locate(warcs, "crawl.wacz#archive/b.warc.gz"));
        assertTrue(noEntry.getMessage().contains("no entry archive/b.warc.gz in"), noEntry.getMessage());
        WarcSource direct = EvidenceCommand.locate(wacz, "crawl.wacz#archive/parler.warc.gz");
        assertEquals(parler.length, direct.size(), "--warc may name the WACZ file itself");
        assertFalse(direct.location().isEmpty());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < Math.min(needle.length, 4096); j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
