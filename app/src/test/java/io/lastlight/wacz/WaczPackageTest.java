package io.lastlight.wacz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimServer;
import io.lastlight.simulate.world.User;
import io.lastlight.warc.CdxjIndexer;
import io.lastlight.warc.SortedLines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.Warcinfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * simulate → crawl → package → verify on a small Parler world, plus tampering: a changed byte and an index
 * line pointing at the wrong offset must both fail verification with a message naming what is wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WaczPackageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    SimServer server;
    GroundTruth truth;
    Path crawl;
    Path warcDir;
    Path wacz;
    List<URI> html;
    io.lastlight.cli.MainTest.Run packaged;

    @BeforeAll
    void crawlAndPackage() throws Exception {
        server = WaczFixtures.startWorld(80);
        truth = server.truth();
        crawl = tmp.resolve("crawl");
        WaczFixtures.crawl(server, crawl);
        warcDir = crawl.resolve("warc");
        html = WaczFixtures.htmlPages(server, truth.seedUsers());
        WaczFixtures.captureHtml(html, warcDir);
        wacz = tmp.resolve("parler.wacz");
        packaged = io.lastlight.cli.MainTest.run("package", "--in", crawl.toString(), "--out", wacz.toString(), "--title", "Parler rehearsal",
                "--description", "a simulated platform");
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    List<Path> warcs() throws IOException {
        try (Stream<Path> s = Files.list(warcDir)) {
            return s.filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList();
        }
    }

    @Test
    void theCrawlerWritesASortedCdxjIndexBesideEveryWarcFile() throws Exception {
        List<Path> warcs = warcs();
        assertTrue(warcs.size() >= 3, "the crawl rotated files: " + warcs);
        for (Path w : warcs) {
            Path idx = CdxjIndexer.indexFileFor(w);
            assertTrue(Files.exists(idx), "no index beside " + w);
            List<String> lines = Files.readAllLines(idx);
            long responses;
            try (WarcReader r = new WarcReader(w)) {
                responses = r.records().filter(CdxjIndexer::isIndexable).count();
            }
            assertEquals(responses, lines.size(), w.toString());
            for (int i = 1; i < lines.size(); i++) assertTrue(SortedLines.inOrder(lines.get(i - 1), lines.get(i)));
        }
    }

    @Test
    void packagingSucceedsAndVerifies() {
        assertEquals(0, packaged.code(), packaged.err());
        assertTrue(packaged.out().startsWith("wrote "), packaged.out());
        io.lastlight.cli.MainTest.Run v = io.lastlight.cli.MainTest.run("package", "--verify", wacz.toString());
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().matches("OK: \\d+ resources, \\d+ index lines verified\\R"), v.out());
    }

    @Test
    void theZipHoldsTheWacz111LayoutWithWarcFilesStoredUnchanged() throws Exception {
        List<Path> warcs = warcs();
        try (ZipFile z = new ZipFile(wacz.toFile())) {
            Set<String> names = new TreeSet<>();
            for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                names.add(e.getName());
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName() + " is stored, not deflated");
            }
            Set<String> expected = new TreeSet<>(List.of("indexes/index.cdxj", "pages/pages.jsonl", "datapackage.json", "datapackage-digest.json"));
            for (Path w : warcs) expected.add("archive/" + w.getFileName());
            assertEquals(expected, names);
            for (Path w : warcs) {
                try (InputStream in = z.getInputStream(z.getEntry("archive/" + w.getFileName()))) {
                    assertEquals(sha256(Files.readAllBytes(w)), sha256(in.readAllBytes()), "bytes unchanged: " + w);
                }
            }
        }
    }

    @Test
    void datapackageDeclaresTheDigestsOfTheStoredBytes() throws Exception {
        try (ZipFile z = new ZipFile(wacz.toFile())) {
            byte[] dpBytes = z.getInputStream(z.getEntry("datapackage.json")).readAllBytes();
            JsonNode dp = JSON.readTree(dpBytes);
            assertEquals("data-package", dp.get("profile").asText());
            assertEquals("1.1.1", dp.get("wacz_version").asText());
            assertEquals("Parler rehearsal", dp.get("title").asText());
            assertEquals("a simulated platform", dp.get("description").asText());
            assertTrue(dp.get("software").asText().startsWith("lastlight/"), dp.toString());
            assertNotNull(Instant.parse(dp.get("created").asText()));
            assertEquals(warcs().size() + 2, dp.get("resources").size());
            for (JsonNode r : dp.get("resources")) {
                byte[] bytes = z.getInputStream(z.getEntry(r.get("path").asText())).readAllBytes();
                assertEquals("sha256:" + sha256(bytes), r.get("hash").asText(), r.get("path").asText());
                assertEquals(bytes.length, r.get("bytes").asLong());
                assertEquals(r.get("path").asText().substring(r.get("path").asText().lastIndexOf('/') + 1), r.get("name").asText());
            }
            // the crawl's config digest, as its warcinfo records it
            String configDigest = null;
            try (WarcReader r = new WarcReader(warcs().stream().filter(p -> !p.getFileName().toString().startsWith("parler-html")).findFirst().orElseThrow())) {
                WarcRecord first = r.next().orElseThrow();
                configDigest = ((Warcinfo) first).fields().first("config-digest").orElseThrow();
            }
            assertEquals(List.of(configDigest), JSON.convertValue(dp.get("config_digests"), List.class));
            JsonNode d = JSON.readTree(z.getInputStream(z.getEntry("datapackage-digest.json")).readAllBytes());
            assertEquals("datapackage.json", d.get("path").asText());
            assertEquals("sha256:" + sha256(dpBytes), d.get("hash").asText());
        }
    }

    @Test
    void theMergedIndexIsEveryFilesIndexSortedTogether() throws Exception {
        List<String> expected = new ArrayList<>();
        for (Path w : warcs()) expected.addAll(Files.readAllLines(CdxjIndexer.indexFileFor(w)));
        expected.sort(SortedLines.ORDER);
        try (ZipFile z = new ZipFile(wacz.toFile())) {
            List<String> merged = new String(z.getInputStream(z.getEntry("indexes/index.cdxj")).readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertEquals(expected, merged);
        }
    }

    @Test
    void pagesListEveryProfileCaptureAndTheHtmlPagesWithTitles() throws Exception {
        List<JsonNode> pages = new ArrayList<>();
        try (ZipFile z = new ZipFile(wacz.toFile())) {
            String text = new String(z.getInputStream(z.getEntry("pages/pages.jsonl")).readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = text.lines().toList();
            JsonNode header = JSON.readTree(lines.get(0));
            assertEquals("json-pages-1.0", header.get("format").asText());
            assertEquals("pages", header.get("id").asText());
            assertTrue(header.has("title"));
            for (String l : lines.subList(1, lines.size())) pages.add(JSON.readTree(l));
        }
        Map<String, JsonNode> byUrl = new HashMap<>();
        for (JsonNode p : pages) {
            for (String f : List.of("id", "url", "ts", "title")) assertTrue(p.hasNonNull(f), f + " in " + p);
            Instant.parse(p.get("ts").asText());
            byUrl.put(p.get("url").asText(), p);
        }
        long profilePages = pages.stream().filter(p -> p.get("url").asText().contains("/v1/profile?")).count();
        assertEquals(truth.reachableUsers(), profilePages, "one page per captured profile");
        for (String seed : truth.seedUsers()) {
            User u = WaczFixtures.user(truth, seed);
            JsonNode api = byUrl.get(server.baseUri().toString().replaceAll("/$", "") + "/v1/profile?username=" + seed);
            assertNotNull(api, "profile page of " + seed);
            assertEquals("@" + u.username() + " — " + u.name(), api.get("title").asText());
            JsonNode web = byUrl.get(server.baseUri().toString().replaceAll("/$", "") + "/profile/" + seed);
            assertNotNull(web, "HTML profile page of " + seed);
            assertTrue(web.get("title").asText().contains(u.name()) || web.get("title").asText().contains(seed), web.toString());
        }
        assertTrue(byUrl.containsKey(html.get(html.size() - 1).toString()), "HTML post page listed");
        assertTrue(pages.stream().noneMatch(p -> p.get("url").asText().contains("/v1/follow/")), "follower lists are not pages");
    }

    @Test
    void verifyNamesTheResourceWhoseByteWasChanged() throws Exception {
        byte[] zip = Files.readAllBytes(wacz);
        String entry = "archive/" + warcs().get(0).getFileName();
        long[] span = dataSpan(zip, entry);
        int at = (int) (span[0] + span[1] / 2);
        zip[at] ^= 0x5a;
        Path bad = tmp.resolve("tampered.wacz");
        Files.write(bad, zip);
        io.lastlight.cli.MainTest.Run v = io.lastlight.cli.MainTest.run("package", "--verify", bad.toString());
        assertEquals(1, v.code(), v.out() + v.err());
        assertTrue(v.err().startsWith("FAILED: "), v.err());
        assertTrue(v.err().contains(entry + ": sha256 mismatch"), v.err());
        assertFalse(v.out().contains("OK:"));
    }

    @Test
    void verifyCatchesAnIndexLinePointingAtTheWrongOffset() throws Exception {
        Map<String, byte[]> entries = readEntries(wacz);
        List<String> lines = new ArrayList<>(new String(entries.get("indexes/index.cdxj"), StandardCharsets.UTF_8).lines().toList());
        int victim = lines.size() / 2;
        String[] parts = lines.get(victim).split(" ", 3);
        ObjectNode j = (ObjectNode) JSON.readTree(parts[2]);
        // another record's offset in the same file: a real record, but not this URL
        String other = lines.stream().filter(l -> l.contains("\"filename\": \"" + j.get("filename").asText() + "\"")
                && !l.contains(j.get("offset").asText() + "\",")).findFirst().orElseThrow();
        String otherOffset = JSON.readTree(other.split(" ", 3)[2]).get("offset").asText();
        j.put("offset", otherOffset);
        lines.set(victim, parts[0] + " " + parts[1] + " " + JSON.writeValueAsString(j));
        entries.put("indexes/index.cdxj", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        Path bad = tmp.resolve("wrong-offset.wacz");
        rezipWithConsistentDigests(entries, bad);

        io.lastlight.cli.MainTest.Run v = io.lastlight.cli.MainTest.run("package", "--verify", bad.toString());
        assertEquals(1, v.code(), v.out() + v.err());
        assertTrue(v.err().contains("FAILED: " + bad + ": 1 problem"), v.err());
        assertTrue(v.err().contains("indexes/index.cdxj line " + (victim + 1)), v.err());
        assertFalse(v.err().contains("sha256 mismatch"), "the digests were made consistent: " + v.err());
    }

    @Test
    void verifyRejectsSomethingThatIsNotAWacz() throws Exception {
        Path notZip = tmp.resolve("x.wacz");
        Files.writeString(notZip, "hello");
        io.lastlight.cli.MainTest.Run v = io.lastlight.cli.MainTest.run("package", "--verify", notZip.toString());
        assertEquals(1, v.code());
        assertTrue(v.err().contains("not a readable zip file"), v.err());
        assertEquals(1, io.lastlight.cli.MainTest.run("package", "--verify", tmp.resolve("missing.wacz").toString()).code());
    }

    @Test
    void badUsageAndBadInputAreReportedClearly() throws Exception {
        io.lastlight.cli.MainTest.Run help = io.lastlight.cli.MainTest.run("package", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Exit codes"), help.out());
        assertEquals(2, io.lastlight.cli.MainTest.run("package", "--in", crawl.toString()).code(), "--out missing");
        io.lastlight.cli.MainTest.Run zipName = io.lastlight.cli.MainTest.run("package", "--in", crawl.toString(), "--out", tmp.resolve("a.zip").toString());
        assertEquals(2, zipName.code());
        assertTrue(zipName.err().contains(".wacz"), zipName.err());
        assertEquals(2, io.lastlight.cli.MainTest.run("package", "--verify", wacz.toString(), "--in", crawl.toString()).code());
        io.lastlight.cli.MainTest.Run exists = io.lastlight.cli.MainTest.run("package", "--in", crawl.toString(), "--out", wacz.toString());
        assertEquals(1, exists.code());
        assertTrue(exists.err().contains("already exists"), exists.err());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        io.lastlight.cli.MainTest.Run none = io.lastlight.cli.MainTest.run("package", "--in", empty.toString(), "--out", tmp.resolve("e.wacz").toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no closed WARC files"), none.err());
        assertFalse(Files.exists(tmp.resolve("e.wacz")));
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".work-") || p.getFileName().toString().endsWith(".partial")),
                    "no temporary files left");
        }
    }

    @Test
    void replayLinksUseTheFourteenDigitTimestamp() {
        Instant t = Instant.parse("2021-01-09T12:34:56.789Z");
        assertEquals("20210109123456/https://parler.com/profile/x", ReplayLinks.forCapture("https://parler.com/profile/x", t));
        assertEquals("https://replayweb.page/?source=https%3A%2F%2Fexample.org%2Fp.wacz#view=replay&url=https%3A%2F%2Fparler.com%2Fprofile%2Fx&ts=20210109123456",
                ReplayLinks.replayWebPage("https://replayweb.page", "https://example.org/p.wacz", "https://parler.com/profile/x", t));
    }

    // --- helpers ---

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Offset and length of a stored entry's data inside the zip bytes (from its local file header). */
    static long[] dataSpan(byte[] zip, String name) throws IOException {
        try (ZipFile z = new ZipFile(writeTemp(zip).toFile())) {
            long size = z.getEntry(name).getSize();
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i + 30 + n.length < zip.length; i++) {
                if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4) {
                    int nameLen = (zip[i + 26] & 0xff) | (zip[i + 27] & 0xff) << 8;
                    int extraLen = (zip[i + 28] & 0xff) | (zip[i + 29] & 0xff) << 8;
                    if (nameLen == n.length && java.util.Arrays.equals(zip, i + 30, i + 30 + nameLen, n, 0, n.length)) {
                        return new long[] {i + 30 + nameLen + extraLen, size};
                    }
                }
            }
        }
        throw new AssertionError("no local header for " + name);
    }

    static Path writeTemp(byte[] b) throws IOException {
        Path p = Files.createTempFile("wacz", ".zip");
        p.toFile().deleteOnExit();
        Files.write(p, b);
        return p;
    }

    static Map<String, byte[]> readEntries(Path wacz) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(wacz.toFile())) {
            for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                out.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }

    /** Writes entries as a WACZ whose datapackage digests match the (possibly edited) contents. */
    static void rezipWithConsistentDigests(Map<String, byte[]> entries, Path out) throws Exception {
        ObjectNode dp = (ObjectNode) JSON.readTree(entries.get("datapackage.json"));
        for (JsonNode r : dp.get("resources")) {
            byte[] b = entries.get(r.get("path").asText());
            ((ObjectNode) r).put("hash", "sha256:" + sha256(b));
            ((ObjectNode) r).put("bytes", b.length);
        }
        byte[] dpBytes = JSON.writeValueAsBytes(dp);
        entries.put("datapackage.json", dpBytes);
        entries.put("datapackage-digest.json", JSON.writeValueAsBytes(Map.of("path", "datapackage.json", "hash", "sha256:" + sha256(dpBytes))));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(buf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                ze.setMethod(ZipEntry.STORED);
                ze.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                ze.setCrc(crc.getValue());
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        Files.write(out, buf.toByteArray());
    }
}
