package io.lastlight.build;

import io.lastlight.core.UserException;
import io.lastlight.extract.WarcSource;
import io.lastlight.query.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lastlight build --in} reading WACZ packages: each WARC file under a WACZ's {@code archive/} is built as the
 * same file on disk would be, read in place from the zip; what cannot be read is listed as ignored with the reason.
 */
class WaczInputTest {
    @TempDir
    Path tmp;

    /** A zip of {@code entries} (name → bytes), each stored (method 0) as WACZ 1.1.1 requires, or deflated. */
    static Path zip(Path file, Map<String, byte[]> entries, boolean stored) throws Exception {
        Files.createDirectories(file.getParent());
        try (OutputStream o = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(o)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                if (stored) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(e.getValue().length);
                    ze.setCompressedSize(e.getValue().length);
                    ze.setCrc(crc.getValue());
                } else {
                    ze.setMethod(ZipEntry.DEFLATED);
                }
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }

    /** A WACZ-shaped zip: the WARC files under archive/, with a datapackage.json before them (so offsets are not 0). */
    static Path wacz(Path file, boolean stored, Path... warcs) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("datapackage.json", "{\"profile\":\"data-package\",\"wacz_version\":\"1.1.1\",\"resources\":[]}".getBytes());
        for (Path w : warcs) entries.put("archive/" + w.getFileName(), Files.readAllBytes(w));
        entries.put("indexes/index.cdxj", new byte[0]);
        return zip(file, entries, stored);
    }

    static BuildReport build(Path in, Path ds) throws Exception {
        return new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }, 2).build(in, ds, false);
    }

    /** Every row of {@code table}, {@code warc_file} cut to its name after the last {@code /} or {@code #} (a WACZ's entry). */
    static List<List<Object>> rows(Path ds, String table, String order) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = Dataset.open(ds); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * EXCLUDE (warc_file), regexp_replace(warc_file, '^.*[/#]', '') AS warc_name"
                     + " FROM " + table + " ORDER BY " + order)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) row.add(rs.getObject(i) == null ? null : rs.getObject(i).toString());
                out.add(row);
            }
        }
        return out;
    }

    static List<String> strings(Path ds, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = Dataset.open(ds); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    @Test
    void warcFilesInsideAWaczBuildTheSameRowsAsOnDiskWithOffsetsIntoTheInnerFile() throws Exception {
        Path plain = tmp.resolve("plain");
        Path a = BuildInputsTest.warc(plain.resolve("a.warc.gz"), "parler", 3, true); // a revisit: its original read again
        Path b = BuildInputsTest.warc(plain.resolve("b.warc.gz"), "parler", 2);
        Files.createDirectories(plain);
        Files.copy(io.lastlight.extract.RealWarcFiles.need("py-wacz/example-collection.warc"), plain.resolve("example-collection.warc"));
        Path packed = tmp.resolve("packed");
        Path wacz = wacz(packed.resolve("crawl.wacz"), true, a, b, plain.resolve("example-collection.warc"));

        BuildReport direct = build(plain, tmp.resolve("ds-plain"));
        List<String> log = new ArrayList<>();
        BuildReport inWacz = new DatasetBuilder(Clock.systemUTC(), "parler", log::add, 2).build(packed, tmp.resolve("ds-wacz"), false);

        assertEquals(3, inWacz.warcFiles);
        assertEquals(direct.rows, inWacz.rows);
        assertEquals(direct.parseStatus, inWacz.parseStatus);
        assertTrue(inWacz.ignored.isEmpty(), inWacz.ignored.toString());
        assertEquals(List.of("crawl.wacz#archive/a.warc.gz", "crawl.wacz#archive/b.warc.gz", "crawl.wacz#archive/example-collection.warc"),
                strings(tmp.resolve("ds-wacz"), "SELECT DISTINCT warc_file FROM captures ORDER BY 1"));
        for (String t : List.of("captures", "profile_observations")) {
            assertEquals(rows(tmp.resolve("ds-plain"), t, "ALL"), rows(tmp.resolve("ds-wacz"), t, "ALL"), t);
        }
        assertEquals(1L, Long.parseLong(strings(tmp.resolve("ds-wacz"),
                "SELECT count(*) FROM profile_observations WHERE warc_file = 'crawl.wacz#archive/a.warc.gz' AND capture_time >= TIMESTAMP '2021-01-11'").get(0)),
                "the revisit of a.warc.gz parsed from its original's payload, read again from inside the WACZ");

        // the manifest's sha256 and bytes are the inner WARC file's, not the zip's
        Manifest m = Manifest.read(tmp.resolve("ds-wacz"));
        Manifest.Source s = m.source("crawl.wacz#archive/a.warc.gz");
        assertEquals(Digests.sha256(a), s.sha256);
        assertEquals(Files.size(a), s.bytes);
        assertEquals(tmp.resolve("ds-wacz").relativize(packed).toString(), m.warcDir);

        // every pointer fetches its record again, from the slice of the zip at the entry's data offset
        List<WarcSource> sources = DatasetBuilder.warcInputs(packed, new ArrayList<>());
        Map<String, WarcSource> byName = new LinkedHashMap<>();
        for (WarcSource w : sources) byName.put(w.name(), w);
        try (Connection c = Dataset.open(tmp.resolve("ds-wacz")); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT warc_file, warc_offset, warc_length FROM captures WHERE warc_length > 0")) {
            int n = 0;
            while (rs.next()) {
                Path onDisk = plain.resolve(rs.getString(1).substring(rs.getString(1).lastIndexOf('/') + 1));
                byte[] want = new byte[rs.getInt(3)];
                try (SeekableByteChannel ch = Files.newByteChannel(onDisk)) {
                    ch.position(rs.getLong(2)).read(ByteBuffer.wrap(want));
                }
                byte[] got = new byte[rs.getInt(3)];
                try (SeekableByteChannel ch = byName.get(rs.getString(1)).bytes().open()) {
                    ch.position(rs.getLong(2)).read(ByteBuffer.wrap(got));
                }
                assertArrayEquals(want, got, rs.getString(1) + " at " + rs.getLong(2));
                n++;
            }
            assertTrue(n > 10, "records checked: " + n);
        }

        // a second build reads nothing again: the inner files' sha256 are compared, not the zip's
        BuildReport again = build(packed, tmp.resolve("ds-wacz"));
        assertEquals(0, again.extracted);
        assertEquals(3, again.skipped);
        assertTrue(Files.exists(tmp.resolve("ds-wacz/captures/crawl.wacz#archive%2Fa.warc.gz.parquet")));

        // --in the WACZ file itself
        BuildReport one = build(wacz, tmp.resolve("ds-one"));
        assertEquals(direct.rows, one.rows);
        assertEquals(tmp.resolve("ds-one").relativize(packed).toString(), Manifest.read(tmp.resolve("ds-one")).warcDir);
    }

    @Test
    void damagedOrForeignZipsAndCompressedEntriesAreIgnoredWithTheReasonAndTheRestBuilds() throws Exception {
        Path in = tmp.resolve("in");
        Path good = BuildInputsTest.warc(tmp.resolve("src/good.warc.gz"), "parler", 2);
        Path other = BuildInputsTest.warc(tmp.resolve("src/other.warc.gz"), "parler", 1);
        BuildInputsTest.warc(in.resolve("disk.warc.gz"), "parler", 1);
        wacz(in.resolve("good.wacz"), true, good);
        // deflated archive/ entries: a non-conforming WACZ, whose records have no byte range in the zip
        wacz(in.resolve("deflated.wacz"), false, other);
        // cut short: the central directory at its end is lost
        byte[] whole = Files.readAllBytes(wacz(tmp.resolve("src/cut.wacz"), true, other));
        Files.write(in.resolve("cut.wacz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        // not a zip at all
        Files.writeString(in.resolve("text.wacz"), "not a zip\n");
        // a zip without archive/, and one with WARC files elsewhere
        zip(in.resolve("no-archive.wacz"), Map.of("datapackage.json", "{}".getBytes()), true);
        zip(in.resolve("elsewhere.wacz"), Map.of("warc/other.warc.gz", Files.readAllBytes(other)), true);
        // under archive/ but no WARC name, and empty
        zip(in.resolve("odd.wacz"), new LinkedHashMap<>(Map.of("archive/notes.txt", "x".getBytes(),
                "archive/empty.warc.gz", new byte[0])), true);
        Files.write(in.resolve("zero.wacz"), new byte[0]);

        List<String> ignored = new ArrayList<>();
        List<String> names = DatasetBuilder.warcInputs(in, ignored).stream().map(WarcSource::name).toList();
        assertEquals(List.of("disk.warc.gz", "good.wacz#archive/good.warc.gz"), names);
        String all = String.join("\n", ignored);
        assertTrue(all.contains("deflated.wacz#archive/other.warc.gz (compressed in the zip (zip method 8)"), all);
        assertTrue(all.contains("cut.wacz (not a readable zip file"), all);
        assertTrue(all.contains("text.wacz (not a readable zip file"), all);
        assertTrue(all.contains("no-archive.wacz (a zip with no WARC files under archive/"), all);
        assertTrue(all.contains("elsewhere.wacz (a zip holding WARC files outside archive/ (warc/other.warc.gz)"), all);
        assertTrue(all.contains("odd.wacz#archive/notes.txt (not a WARC file name"), all);
        assertTrue(all.contains("odd.wacz#archive/empty.warc.gz (empty entry"), all);
        assertTrue(all.contains("zero.wacz (empty file"), all);
        assertEquals(8, ignored.size(), all);

        BuildReport r = build(in, tmp.resolve("ds"));
        assertEquals(2, r.warcFiles);
        assertEquals(8, r.ignored.size());
        assertEquals(List.of("disk.warc.gz", "good.wacz#archive/good.warc.gz"),
                strings(tmp.resolve("ds"), "SELECT DISTINCT warc_file FROM captures ORDER BY 1"));
    }

    @Test
    void aWarcFileWhoseBytesAreNotThoseTheDatapackageDeclaresIsBuiltAndReportedAsDamaged() throws Exception {
        Path ok = BuildInputsTest.warc(tmp.resolve("src/ok.warc.gz"), "parler", 1);
        Path changed = BuildInputsTest.warc(tmp.resolve("src/changed.warc.gz"), "parler", 2);
        String wrong = "0".repeat(64);
        String dp = "{\"profile\":\"data-package\",\"wacz_version\":\"1.1.1\",\"resources\":["
                + "{\"name\":\"ok.warc.gz\",\"path\":\"archive/ok.warc.gz\",\"hash\":\"sha256:" + Digests.sha256(ok) + "\"},"
                + "{\"name\":\"changed.warc.gz\",\"path\":\"archive/changed.warc.gz\",\"hash\":\"sha256:" + wrong + "\"}]}";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("datapackage.json", dp.getBytes());
        entries.put("archive/ok.warc.gz", Files.readAllBytes(ok));
        entries.put("archive/changed.warc.gz", Files.readAllBytes(changed));
        Path in = tmp.resolve("in");
        zip(in.resolve("c.wacz"), entries, true);
        List<String> log = new ArrayList<>();
        BuildReport r = new DatasetBuilder(Clock.systemUTC(), "parler", log::add, 2).build(in, tmp.resolve("ds"), false);
        assertEquals(2, r.extracted);
        assertEquals(1, r.damage.size(), r.damage.toString());
        assertTrue(r.damage.get(0).startsWith("c.wacz#archive/changed.warc.gz: its sha256 is " + Digests.sha256(changed)
                + ", the WACZ's datapackage.json declares " + wrong), r.damage.get(0));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("warning: c.wacz#archive/changed.warc.gz: its sha256")), log.toString());
        assertEquals(2L + 3, r.rows.get("captures"), "both files built: two warcinfo records and three responses");
        // still reported when the unchanged file is skipped
        BuildReport again = build(in, tmp.resolve("ds"));
        assertEquals(2, again.skipped);
        assertEquals(r.damage, again.damage);
    }

    @Test
    void aWaczPackagedFromTheWarcFilesBesideItIsNotReadTwice() throws Exception {
        Path in = tmp.resolve("crawl");
        Path w = BuildInputsTest.warc(in.resolve("warc/crawl-0.warc.gz"), "parler", 2);
        wacz(in.resolve("crawl.wacz"), true, w);
        List<String> ignored = new ArrayList<>();
        List<WarcSource> got = DatasetBuilder.warcInputs(in, ignored);
        assertEquals(List.of("crawl-0.warc.gz"), got.stream().map(WarcSource::name).toList());
        assertEquals(1, ignored.size());
        assertTrue(ignored.get(0).startsWith("crawl.wacz#archive/crawl-0.warc.gz (a WARC file of this name is read from warc/crawl-0.warc.gz"),
                ignored.get(0));
        // the Spark job and 'lastlight package' read no WACZ: still listed as ignored there, with what to do
        List<String> plain = new ArrayList<>();
        assertEquals(1, DatasetBuilder.warcFiles(in, plain).size());
        assertTrue(plain.get(0).startsWith("crawl.wacz (a WACZ package: only the local build"), plain.toString());
    }

    @Test
    void twoWaczFilesOfOneNameStopTheBuildAndANonWaczFileAsInIsRefused() throws Exception {
        Path in = tmp.resolve("in");
        Path w = BuildInputsTest.warc(tmp.resolve("src/a.warc.gz"), "parler", 1);
        wacz(in.resolve("w0/crawl.wacz"), true, w);
        wacz(in.resolve("w1/crawl.wacz"), true, w);
        UserException e = assertThrows(UserException.class, () -> DatasetBuilder.warcInputs(in, new ArrayList<>()));
        assertTrue(e.getMessage().contains("crawl.wacz"), e.getMessage());
        UserException notDir = assertThrows(UserException.class, () -> DatasetBuilder.warcInputs(w, new ArrayList<>()));
        assertTrue(notDir.getMessage().contains("is not a directory or a .wacz file"), notDir.getMessage());
        assertFalse(Files.exists(tmp.resolve("ds")));
    }
}
