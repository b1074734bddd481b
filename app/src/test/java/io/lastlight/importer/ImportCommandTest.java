package io.lastlight.importer;

import io.lastlight.cli.Main;
import io.lastlight.e2e.ParlerWebPagesBuildTestAccess;
import io.lastlight.query.QueryCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.Warcinfo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lastlight import} on a folder in the leaked-dump shape (one HTML file per post, named by its id), with an
 * empty file among them: the empty one is reported and skipped, the others become resource records with their
 * metadata, and {@code lastlight build} turns them into the same posts a crawl of those pages gives, each row
 * pointing at its resource record.
 */
class ImportCommandTest {
    static final Instant SAVED = Instant.parse("2021-01-10T12:00:00Z");

    @TempDir
    Path tmp;

    static byte[] page(String name) throws Exception {
        return io.lastlight.e2e.ParlerWebPagesBuildTest.page(name);
    }

    @Test
    void importsAFolderOfSavedPagesAndBuildsPostsFromThem() throws Exception {
        Path pages = tmp.resolve("dump");
        Files.createDirectories(pages.resolve("part2"));
        Path real = pages.resolve("b9a68d4725a347b3950e13c591942c79.html");
        Path own = pages.resolve("part2").resolve("1a2b3c4d5e6f40718293a4b5c6d7e8f9");
        Path empty = pages.resolve("0000000000000000000000000000dead.html");
        Files.write(real, page("real-echo--parent-no-comment.html"));
        Files.write(own, page("post-with-comments.html"));
        Files.write(empty, new byte[0]);
        Files.write(pages.resolve(".DS_Store"), new byte[] {1, 2, 3});
        for (Path p : List.of(real, own, empty)) Files.setLastModifiedTime(p, FileTime.from(SAVED));

        Path out = tmp.resolve("imported");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream(), stderr = new ByteArrayOutputStream();
        int code = withOutput(stdout, stderr, () -> Main.run("import", "--in", pages.toString(), "--out", out.toString()));
        String report = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(3, code, "some files skipped: " + report + stderr);
        assertTrue(report.contains("\"imported\" : 2"), report);
        assertTrue(report.contains("\"path\" : \"0000000000000000000000000000dead.html\"")
                && report.contains("\"reason\" : \"empty file (0 bytes): nothing to import\""), report);
        assertTrue(report.contains("\"hidden_files_ignored\" : 1"), report);
        assertTrue(report.contains("\"capture_time_from\" : \"file modification time\""), report);
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("skipped 0000000000000000000000000000dead.html: empty file"), stderr.toString());

        List<Path> warcs;
        try (var s = Files.list(out.resolve("warc"))) {
            warcs = s.toList();
        }
        assertEquals(1, warcs.size(), warcs.toString());
        assertTrue(warcs.get(0).getFileName().toString().matches("import-\\d{17}-00000\\.warc\\.gz"), warcs.toString());
        List<String> types = new ArrayList<>();
        List<String> resourceIds = new ArrayList<>();
        try (WarcReader r = new WarcReader(warcs.get(0))) {
            String lastResource = null;
            for (WarcRecord rec : r) {
                types.add(rec.type());
                if (rec instanceof Warcinfo info) {
                    assertEquals(List.of("parler"), info.fields().all("platform"));
                } else if (rec instanceof WarcResource res) {
                    lastResource = res.id().toString();
                    resourceIds.add(lastResource);
                    assertEquals(SAVED, res.date(), "dated by the file's modification time");
                    assertTrue(res.target().equals("https://parler.com/post/b9a68d4725a347b3950e13c591942c79")
                            || res.target().equals("https://parler.com/post/1a2b3c4d5e6f40718293a4b5c6d7e8f9"), res.target());
                } else if (rec instanceof WarcMetadata meta) {
                    assertEquals("<" + lastResource + ">", meta.headers().first("WARC-Concurrent-To").orElseThrow());
                    Map<String, List<String>> f = meta.fields().map();
                    String path = f.get("original-path").get(0);
                    byte[] original = Files.readAllBytes(pages.resolve(path));
                    assertEquals(List.of(Long.toString(original.length)), f.get("original-size"));
                    assertEquals(List.of(SAVED.toString()), f.get("original-mtime"));
                    assertEquals(List.of(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(original))), f.get("original-sha256"));
                }
            }
        }
        assertEquals(List.of("warcinfo", "resource", "metadata", "resource", "metadata"), types);

        Path dataset = tmp.resolve("ds");
        assertEquals(0, withOutput(new ByteArrayOutputStream(), new ByteArrayOutputStream(),
                () -> Main.run("build", "--in", out.toString(), "--out", dataset.toString(), "--quiet")));
        assertEquals(ParlerWebPagesBuildTestAccess.expectedPosts(), ParlerWebPagesBuildTestAccess.posts(dataset),
                "the same rows as from a crawl of the two pages");
        List<List<Object>> captures = QueryCommand.run(dataset, null, "SELECT record_type, capture_source, coalesce(CAST(http_status AS VARCHAR), 'null'), "
                + "parse_status, warc_record_id FROM captures WHERE parse_status <> 'not-capture' ORDER BY warc_offset", null, Map.of()).rows();
        assertEquals(2, captures.size(), captures.toString());
        for (int i = 0; i < 2; i++) {
            assertEquals(List.of("resource", "import", "null", "ok", resourceIds.get(i)), captures.get(i));
        }
        assertEquals(List.of(List.of(5L)), QueryCommand.run(dataset, null, "SELECT count(*) FROM posts p JOIN captures c "
                + "ON p.warc_file = c.warc_file AND p.warc_offset = c.warc_offset AND p.warc_record_id = c.warc_record_id "
                + "WHERE c.record_type = 'resource'", null, Map.of()).rows(), "every post points at its resource record");
    }

    /**
     * Files whose modification time is years after the save (copied, unpacked): {@code --captured-at} dates every page,
     * so relative times resolve to the same posts as with the true time; the summary and metadata say which source was
     * used; a value that is not an instant is a usage error.
     */
    @Test
    void capturedAtDatesEveryPageInsteadOfTheFilesModificationTime() throws Exception {
        Path pages = tmp.resolve("dump");
        Files.createDirectories(pages);
        Path real = pages.resolve("b9a68d4725a347b3950e13c591942c79.html"), own = pages.resolve("1a2b3c4d5e6f40718293a4b5c6d7e8f9.html");
        Files.write(real, page("real-echo--parent-no-comment.html"));
        Files.write(own, page("post-with-comments.html"));
        for (Path p : List.of(real, own)) Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2024-06-01T12:00:00Z")));
        Path out = tmp.resolve("imported");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        assertEquals(0, withOutput(stdout, new ByteArrayOutputStream(), () -> Main.run("import", "--in", pages.toString(),
                "--out", out.toString(), "--captured-at", "2021-01-10T07:00:00-05:00", "--quiet")));
        String report = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("\"capture_time_from\" : \"--captured-at\"") && report.contains("\"captured_at\" : \"" + SAVED + "\""), report);
        try (var s = Files.list(out.resolve("warc")); WarcReader r = new WarcReader(s.findFirst().orElseThrow())) {
            for (WarcRecord rec : r) {
                if (rec instanceof WarcResource res) assertEquals(SAVED, res.date());
                if (rec instanceof WarcMetadata meta) {
                    assertEquals(SAVED, meta.date());
                    assertEquals(List.of("2024-06-01T12:00:00Z"), meta.fields().all("original-mtime"));
                    assertEquals(List.of("--captured-at"), meta.fields().all("capture-time-from"));
                }
            }
        }
        Path dataset = tmp.resolve("ds");
        assertEquals(0, withOutput(new ByteArrayOutputStream(), new ByteArrayOutputStream(),
                () -> Main.run("build", "--in", out.toString(), "--out", dataset.toString(), "--quiet")));
        assertEquals(ParlerWebPagesBuildTestAccess.expectedPosts(), ParlerWebPagesBuildTestAccess.posts(dataset),
                "times resolved against --captured-at, not the files' 2024 modification time");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, withOutput(new ByteArrayOutputStream(), err, () -> Main.run("import", "--in", pages.toString(),
                "--out", tmp.resolve("out2").toString(), "--captured-at", "10 Jan 2021")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--captured-at must be an ISO-8601 instant such as 2021-01-10T12:00:00Z"), err.toString());
    }

    @Test
    void aUrlPatternNamesThePagesAndABadPatternIsAUsageError() throws Exception {
        Path pages = tmp.resolve("dump");
        Files.createDirectories(pages);
        Files.write(pages.resolve("PatriotPam.htm"), page("post-with-comments.html"));
        Path out = tmp.resolve("out");
        assertEquals(0, withOutput(new ByteArrayOutputStream(), new ByteArrayOutputStream(), () -> Main.run("import", "--in", pages.toString(),
                "--out", out.toString(), "--url-pattern", "https://parler.com/profile/{name}/posts", "--quiet")));
        try (var s = Files.list(out.resolve("warc")); WarcReader r = new WarcReader(s.findFirst().orElseThrow())) {
            List<String> targets = new ArrayList<>();
            for (WarcRecord rec : r) if (rec instanceof WarcResource res) targets.add(res.target());
            assertEquals(List.of("https://parler.com/profile/PatriotPam/posts"), targets);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, withOutput(new ByteArrayOutputStream(), err, () -> Main.run("import", "--in", pages.toString(),
                "--out", out.toString(), "--url-pattern", "parler.com/post/")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--url-pattern must contain {name}, {file} or {path}"), err.toString());
    }

    @Test
    void helpFitsEightyColumnsAndListsTheExitCodes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, withOutput(out, new ByteArrayOutputStream(), () -> Main.run("import", "--help")));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String line : help.split("\n")) assertTrue(line.length() <= 80, "too wide: " + line);
        assertTrue(help.contains("Exit codes:") && help.contains("  3  some files were skipped"), help);
        assertTrue(help.contains("--captured-at=TIME") && help.contains("ISO-8601 instant"), help);
    }

    interface Run {
        int run() throws Exception;
    }

    static int withOutput(ByteArrayOutputStream out, ByteArrayOutputStream err, Run r) throws Exception {
        PrintStream o = System.out, e = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return r.run();
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }
}
