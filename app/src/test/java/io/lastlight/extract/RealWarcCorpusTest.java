package io.lastlight.extract;

import io.lastlight.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real WARC and ARC files other tools' test suites keep ({@code ../shared/data/real/warc/}: warcio, jwarc,
 * cdxj-indexer, py-wacz; licences in its README), read as lastlight reads them: per file, the records of each type
 * and status equal an independent count, and the whole folder builds in one {@code lastlight build} with exit 0.
 * Skipped when the shared folder is absent.
 */
class RealWarcCorpusTest {
    /**
     * Records per file as TYPE/CLASS=N, CLASS being what the reader decides: not-capture, not-http, damaged, revisit
     * (resolved after extraction), or parsed (a response handed to the platform adapter, whatever it then made of
     * it). Obtained independently of jwarc and lastlight by {@code src/test/resources/io/lastlight/extract/count-records.py}
     * (Python over the raw bytes: every gzip member decompressed, records walked by Content-Length; see its header),
     * run over the folder as copied from the sources in its README.
     */
    static final Map<String, String> EXPECTED = Map.ofEntries(
            entry("cdxj-indexer/cc.warc.gz", "metadata/not-capture=1 request/not-capture=1 response/parsed=1"),
            entry("cdxj-indexer/missing-http.warc.gz", "request/not-capture=1 response/not-http=1"),
            entry("cdxj-indexer/post-test-more.warc", "request/not-capture=3 response/parsed=3"),
            entry("jwarc/cc.warc.gz", "response/parsed=1"),
            entry("jwarc/gzip_extra_sl.warc.gz", "warcinfo/not-capture=1"),
            entry("py-wacz/example-collection-with-lists.warc", "request/not-capture=18 response/parsed=18 warcinfo/not-capture=2"),
            entry("py-wacz/example-collection.warc", "request/not-capture=1 response/parsed=1 warcinfo/not-capture=2"),
            entry("py-wacz/example-iana.warc", "request/not-capture=58 response/parsed=24 revisit/revisit=34 warcinfo/not-capture=2"),
            entry("py-wacz/example-warcinfo-metadata.warc", "request/not-capture=1 response/parsed=1 warcinfo/not-capture=2"),
            entry("warcio/example-bad-non-chunked.warc.gz", "request/not-capture=2 response/parsed=1 revisit/revisit=1 warcinfo/not-capture=2"),
            entry("warcio/example-digest.warc", "request/not-capture=4"),
            entry("warcio/example-iana.org-chunked.warc", "request/not-capture=1 response/parsed=1 warcinfo/not-capture=1"),
            entry("warcio/example-resource.warc.gz", "resource/parsed=1 warcinfo/not-capture=2"),
            entry("warcio/example-space-in-target-uri.warc.gz", "resource/not-capture=1 warcinfo/not-capture=1"),
            entry("warcio/example-trunc.warc", "request/not-capture=1 response/parsed=1 unknown/damaged=1 warcinfo/not-capture=2"),
            entry("warcio/example-wget-bad-target-uri.warc.gz", "metadata/not-capture=1 request/not-capture=1 resource/not-capture=2 response/parsed=1 warcinfo/not-capture=1"),
            entry("warcio/example-wrong-chunks.warc.gz", "request/not-capture=1 response/parsed=1"),
            entry("warcio/example.arc", "response/parsed=1 warcinfo/not-capture=1"),
            entry("warcio/example.arc.gz", "response/parsed=1 warcinfo/not-capture=1"),
            entry("warcio/example.warc", "request/not-capture=2 response/parsed=1 revisit/revisit=1 warcinfo/not-capture=2"),
            entry("warcio/example.warc.gz", "request/not-capture=2 response/parsed=1 revisit/revisit=1 warcinfo/not-capture=2"),
            entry("warcio/post-test.warc.gz", "request/not-capture=3 response/parsed=3"));

    @TempDir
    Path tmp;

    /** {@code shared/data/real/warc} beside the repository (found walking up from the working directory). */
    static Optional<Path> corpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path d = dir.resolve("shared").resolve("data").resolve("real").resolve("warc");
            if (Files.isDirectory(d)) return Optional.of(d);
        }
        return Optional.empty();
    }

    static Path needCorpus() {
        Optional<Path> c = corpus();
        assumeTrue(c.isPresent(), "no shared/data/real/warc beside the project: the real-archive corpus test is skipped");
        return c.get();
    }

    static Stream<String> files() {
        return EXPECTED.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void recordsOfEachTypeAndStatusEqualTheIndependentCount(String file) throws Exception {
        Path warc = needCorpus().resolve(file);
        Map<String, Integer> counts = new TreeMap<>();
        WarcCaptureReader.FileInfo info = new WarcCaptureReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES)
                .read(warc, (i, c) -> counts.merge(c.recordType() + "/" + readerClass(c.status()), 1, Integer::sum));
        if (info.revisits > 0) counts.put("revisit/revisit", (int) info.revisits);
        assertEquals(EXPECTED.get(file), format(counts), file + " (" + info.format + "): " + info.damage);
    }

    @Test
    void theTableCoversEveryFileOfTheCorpus() throws Exception {
        Path dir = needCorpus();
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(EXPECTED.keySet().stream().sorted().toList(),
                    s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList());
        }
    }

    @Test
    void theWholeFolderBuildsInOneBuildWithExitZeroAndEveryRecordInCaptures() throws Exception {
        Path dir = needCorpus();
        // one folder of files (two sources both hold a cc.warc.gz): SOURCE--NAME, the names keep their extensions
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (String f : EXPECTED.keySet()) Files.copy(dir.resolve(f), in.resolve(f.replace("/", "--")));
        Path out = tmp.resolve("dataset");
        PrintStream oldOut = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            code = Main.run("build", "--in", in.toString(), "--out", out.toString(), "--quiet", "--threads", "2");
        } finally {
            System.setOut(oldOut);
        }
        assertEquals(0, code, printed.toString(StandardCharsets.UTF_8));
        Map<String, Map<String, Integer>> byFile = new TreeMap<>();
        try (Connection c = io.lastlight.query.Dataset.open(out); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT warc_file, record_type, CASE WHEN parse_status IN ('not-capture', 'not-http', 'damaged')"
                     + " THEN parse_status WHEN record_type = 'revisit' THEN 'revisit' ELSE 'parsed' END, count(*)"
                     + " FROM captures GROUP BY ALL")) {
            while (rs.next()) {
                byFile.computeIfAbsent(rs.getString(1).replace("--", "/"), k -> new TreeMap<>())
                        .put(rs.getString(2) + "/" + rs.getString(3), rs.getInt(4));
            }
        }
        Map<String, String> built = byFile.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> format(e.getValue()), (a, b) -> a, TreeMap::new));
        assertEquals(new TreeMap<>(EXPECTED), built);
    }

    static String readerClass(String status) {
        if (status == null || status.equals(CaptureDecoder.ERROR)) return "parsed";
        return status;
    }

    static String format(Map<String, Integer> counts) {
        return new TreeMap<>(counts).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
