package io.lastlight.build;

import io.lastlight.core.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a build takes as its input: which WARC files, and what decides whether one already extracted is read again. */
class BuildInputsTest {
    @TempDir
    Path tmp;

    /**
     * A per-record gzip WARC of {@code users} Parler profile responses; its warcinfo names {@code platform}, or, as
     * other tools' warcinfo records do, none (null).
     */
    static Path warc(Path file, String platform, int users) throws Exception {
        return warc(file, platform, users, false);
    }

    /** ... and, if {@code revisit}, a revisit of the first response a day later (resolved by its record id). */
    static Path warc(Path file, String platform, int users, boolean revisit) throws Exception {
        Files.createDirectories(file.getParent());
        Instant t0 = Instant.parse("2021-01-10T12:00:00Z");
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("software", List.of("test"));
        if (platform != null) fields.put("platform", List.of(platform));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             WarcWriter w = new WarcWriter(ch, WarcCompression.GZIP)) {
            w.write(new Warcinfo.Builder().date(t0).fields(fields).build());
            for (int i = 0; i < users; i++) {
                String json = "{\"id\":\"" + String.format("%032x", i) + "\",\"username\":\"user" + i + "\",\"name\":\"User " + i
                        + "\",\"followers\":" + (i * 37) + "}";
                byte[] http = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json)
                        .getBytes(StandardCharsets.UTF_8);
                URI id = URI.create("urn:uuid:" + new UUID(file.hashCode(), i));
                URI target = URI.create("https://parler.example/v1/profile?username=user" + i);
                w.write(new WarcResponse.Builder(target).recordId(id).date(t0.plusSeconds(i)).body(MediaType.HTTP_RESPONSE, http).build());
                if (revisit && i == 0) {
                    w.write(new WarcRevisit.Builder(target, WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1).date(t0.plusSeconds(86_400))
                            .addHeader("WARC-Refers-To", "<" + id + ">").build());
                }
            }
        }
        return file;
    }

    static BuildReport build(Path in, Path ds, String platform, List<String> log) throws Exception {
        return new DatasetBuilder(Clock.systemUTC(), platform, log::add, 2).build(in, ds, false);
    }

    @Test
    void warcFilesOfOneNameInTwoWorkerFoldersStopTheBuildBeforeAnythingIsRead() throws Exception {
        Path in = tmp.resolve("in");
        Path a = warc(in.resolve("w0/warc/crawl.warc.gz"), "parler", 2);
        Path b = warc(in.resolve("w1/warc/crawl.warc.gz"), "parler", 3);
        warc(in.resolve("w1/warc/other.warc.gz"), "parler", 1);
        Path ds = tmp.resolve("ds");
        UserException e = assertThrows(UserException.class, () -> build(in, ds, "parler", new ArrayList<>()));
        assertTrue(e.getMessage().contains("crawl.warc.gz") && e.getMessage().contains(a.toString())
                && e.getMessage().contains(b.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("separately") && e.getMessage().contains("rename"), e.getMessage());
        assertFalse(e.getMessage().contains("other.warc.gz"), "only the clash is named: " + e.getMessage());
        assertFalse(Files.exists(ds.resolve("captures")), "nothing extracted");

        // renamed, both are built: every row of each
        Files.move(b, b.resolveSibling("crawl-w1.warc.gz"));
        BuildReport r = build(in, ds, "parler", new ArrayList<>());
        assertEquals(3, r.extracted);
        assertEquals(2L + 3 + 1 + 3, r.rows.get("captures"), "three warcinfo records and six responses");
    }

    @Test
    void aRebuildWithAnotherPlatformReExtractsTheFilesWhoseWarcinfoNamesNone() throws Exception {
        Path in = tmp.resolve("in");
        warc(in.resolve("warc/foreign.warc.gz"), null, 3, true);
        warc(in.resolve("warc/named.warc.gz"), "parler", 2);
        Path ds = tmp.resolve("ds");
        BuildReport first = build(in, ds, "parler", new ArrayList<>());
        assertEquals(2, first.extracted);
        assertEquals(6L, first.rows.get("profile_observations"), "parsed as Parler profiles, the revisit's too");
        assertEquals("parler", Manifest.read(ds).source("foreign.warc.gz").platform);
        assertEquals(Manifest.Source.FROM_OPTION, Manifest.read(ds).source("foreign.warc.gz").platformFrom);
        assertEquals(Manifest.Source.FROM_WARCINFO, Manifest.read(ds).source("named.warc.gz").platformFrom);

        List<String> log = new ArrayList<>();
        BuildReport second = build(in, ds, "mastodon", log);
        assertEquals(1, second.extracted, log.toString());
        assertEquals(1, second.skipped, "the file whose warcinfo names Parler is still Parler's: " + log);
        assertTrue(log.stream().anyMatch(l -> l.endsWith(" extracting foreign.warc.gz")), log.toString());
        assertEquals("mastodon", Manifest.read(ds).source("foreign.warc.gz").platform);
        assertEquals("parler", Manifest.read(ds).source("named.warc.gz").platform);
        assertEquals(2L, second.rows.get("profile_observations"), "only the named file's profiles are Parler's now (the revisit's too)");

        BuildReport third = build(in, ds, "mastodon", new ArrayList<>());
        assertEquals(0, third.extracted);
        assertEquals(2, third.skipped);
    }

    @Test
    void aStrictRebuildReadsAgainAFileALenientBuildFoundDamagedAndStopsAtTheDamage() throws Exception {
        Path in = tmp.resolve("in");
        Path f = warc(in.resolve("warc/damaged.warc.gz"), "parler", 2);
        Files.write(f, "not a gzip member, not a WARC record".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        Path ds = tmp.resolve("ds");
        BuildReport lenient = build(in, ds, "parler", new ArrayList<>());
        assertEquals(1, lenient.damage.size(), lenient.damage.toString());
        UserException e = assertThrows(UserException.class,
                () -> new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }, 2).strict(true).build(in, ds, false));
        assertTrue(e.getMessage().contains("damaged.warc.gz") && e.getMessage().contains("--strict"), e.getMessage());
    }

    @Test
    void filesBesideSubfoldersAreAllBuiltAndADamagedWaczOrEmptyFileIsListedAndLoggedNotDropped() throws Exception {
        Path in = tmp.resolve("in");
        warc(in.resolve("top.warc.gz"), "parler", 2);
        warc(in.resolve("2021-01/sub.warc.gz"), "parler", 3);
        warc(in.resolve("warc/crawl.warc.gz"), "parler", 1);
        Files.write(in.resolve("m.wacz"), new byte[] {'P', 'K', 3, 4});
        Files.write(in.resolve("empty.warc.gz"), new byte[0]);
        List<String> log = new ArrayList<>();
        BuildReport r = build(in, tmp.resolve("ds"), "parler", log);
        assertEquals(3, r.extracted, log.toString());
        assertEquals(3L + 2 + 3 + 1, r.rows.get("captures"), "three warcinfo records and six responses");
        assertEquals(2, r.ignored.size(), r.ignored.toString());
        // a WACZ is read in place (WaczInputTest); this one is four bytes of a zip's start: no readable zip
        assertTrue(r.ignored.get(0).startsWith("empty.warc.gz (empty file") && r.ignored.get(1).startsWith("m.wacz (not a readable zip file")
                && r.ignored.get(1).contains("copy it again from its source"), r.ignored.toString());
        for (String i : r.ignored) assertTrue(log.contains("warning: ignored " + i), log.toString());
        assertEquals(in.toAbsolutePath().normalize(), tmp.resolve("ds").toAbsolutePath().resolve(Manifest.read(tmp.resolve("ds")).warcDir).normalize(),
                "the files are not all in warc/, so evidence looks them up from --in");
    }

    @Test
    void aFolderOfNothingButIgnoredFilesFailsNamingThem() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.write(in.resolve("m.wacz"), new byte[] {'P', 'K', 3, 4});
        try (java.io.OutputStream o = new java.util.zip.GZIPOutputStream(Files.newOutputStream(in.resolve("z.warc.gz")))) {
            o.flush();
        }
        UserException e = assertThrows(UserException.class, () -> build(in, tmp.resolve("ds"), "parler", new ArrayList<>()));
        assertTrue(e.getMessage().startsWith("no WARC files in ") && e.getMessage().contains("m.wacz (not a readable zip file")
                && e.getMessage().contains("z.warc.gz (empty file: a gzip stream"), e.getMessage());
    }
}
