package io.lastlight.label;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.cli.MainTest;
import io.lastlight.derive.DuckDb;
import io.lastlight.query.Dataset;
import io.lastlight.query.QueryCommand;
import io.lastlight.query.ResultTable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** label sample / import / report against a small dataset whose posts view is written directly. */
class LabelCommandsTest {
    static final String VERSION = "rules-test+000000000000";

    @TempDir
    Path tmp;
    Path dataset;

    /**
     * 1,000 posts with text (truth: every 20th is violent; the classifier flags 40 of the 50 violent and 10 others;
     * 100 unflagged posts score 0.17, of which 8 violent) and 20 posts without text.
     */
    @BeforeEach
    void dataset() throws Exception {
        dataset = tmp.resolve("ds");
        Files.createDirectories(dataset.resolve("posts"));
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT 'parler' AS platform, CAST(NULL AS VARCHAR) AS instance, printf('p%04d', i) AS post_id, "
                    + "CASE WHEN i >= 1000 THEN NULL WHEN i = 3 THEN 'line one\nline two, \"quoted\"' ELSE 'text ' || i END AS text, "
                    + "CASE WHEN i >= 1000 THEN NULL ELSE (i % 20 = 0 AND i < 800) OR i IN (1, 2, 4, 5, 6, 7, 8, 9, 10, 11) END AS violent, "
                    + "CASE WHEN i >= 1000 THEN NULL WHEN (i % 20 = 0 AND i < 800) OR i IN (1, 2, 4, 5, 6, 7, 8, 9, 10, 11) THEN 0.85 "
                    + "WHEN i BETWEEN 800 AND 899 THEN 0.17 ELSE 0.0 END AS violent_score, "
                    + "CASE WHEN i >= 1000 THEN NULL ELSE '" + VERSION + "' END AS classifier_version "
                    + "FROM range(1020) t(i)) TO '" + dataset.resolve("posts/part-0.parquet").toAbsolutePath() + "' (FORMAT parquet)");
        }
        DatasetBuilder.writeViews(dataset);
    }

    static boolean truth(String postId) {
        int i = Integer.parseInt(postId.substring(1));
        return i % 20 == 0;
    }

    List<CSVRecord> sample(String... extra) throws Exception {
        Path out = tmp.resolve("sample.csv");
        List<String> args = new ArrayList<>(List.of("label", "sample", "--dataset", dataset.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        MainTest.Run r = MainTest.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        try (Reader rd = Files.newBufferedReader(out); CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(rd)) {
            assertEquals(SampleCsv.HEADER, p.getHeaderNames());
            return p.getRecords();
        }
    }

    /** Writes the sample back with human labels from the truth (a perfect annotator). */
    Path annotate(List<CSVRecord> rows, String name, java.util.function.Function<CSVRecord, String> label) throws Exception {
        Path f = tmp.resolve(name);
        try (var w = Files.newBufferedWriter(f, StandardCharsets.UTF_8);
             var p = CSVFormat.RFC4180.builder().setHeader(SampleCsv.HEADER.toArray(new String[0])).get().print(w)) {
            for (CSVRecord r : rows) {
                List<String> v = new ArrayList<>(r.toList());
                v.set(SampleCsv.HEADER.indexOf(SampleCsv.HUMAN_LABEL), label.apply(r));
                p.printRecord(v);
            }
        }
        return f;
    }

    @Test
    void sampleWritesTheAnnotationSheet() throws Exception {
        List<CSVRecord> rows = sample("--n", "100", "--seed", "5");
        assertEquals(100, rows.size());
        double weights = 0;
        for (CSVRecord r : rows) {
            assertEquals("", r.get("human_label"));
            assertEquals(VERSION, r.get("classifier_version"));
            Stratum s = Stratum.byId(r.get("stratum"));
            assertNotNull(s);
            assertEquals(s, Stratum.of(Boolean.parseBoolean(r.get("classifier_label")), Double.parseDouble(r.get("score"))));
            double p = Double.parseDouble(r.get("inclusion_probability"));
            assertEquals(1 / p, Double.parseDouble(r.get("weight")), 1e-9);
            weights += Double.parseDouble(r.get("weight"));
            assertFalse(r.get("text").isEmpty());
        }
        // the weights stand for the 1,000 posts with text (posts without text are not sampled)
        assertEquals(1000, weights, 1e-6);
        // strata as allocated: 50 flagged, 100 scoring 0.17, 850 scoring 0
        Map<Stratum, Long> sizes = new java.util.EnumMap<>(Stratum.class);
        sizes.put(Stratum.FLAGGED, 50L);
        sizes.put(Stratum.UNFLAGGED_HIGH, 100L);
        sizes.put(Stratum.UNFLAGGED_ZERO, 850L);
        Map<Stratum, Integer> alloc = StratifiedSampler.allocate(100, sizes);
        for (Stratum s : Stratum.values()) {
            assertEquals((long) alloc.get(s), rows.stream().filter(r -> r.get("stratum").equals(s.id())).count(), s.id());
        }
        assertTrue(alloc.get(Stratum.FLAGGED) / 50.0 > 10 * alloc.get(Stratum.UNFLAGGED_ZERO) / 850.0);
        // same seed, same file; a multi-line text survives the CSV round trip
        List<CSVRecord> again = sample("--n", "100", "--seed", "5");
        assertEquals(rows.stream().map(CSVRecord::toList).toList(), again.stream().map(CSVRecord::toList).toList());
        List<CSVRecord> all = sample("--n", "5000");
        assertEquals(1000, all.size());
        assertTrue(all.stream().anyMatch(r -> r.get("text").equals("line one\nline two, \"quoted\"")));
    }

    @Test
    void badSampleArguments() {
        MainTest.Run r = MainTest.run("label", "sample", "--dataset", dataset.toString(), "--n", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--n must be at least 1"), r.err());
        MainTest.Run missing = MainTest.run("label", "sample", "--dataset", tmp.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("is not a lastlight dataset"), missing.err());
        assertEquals(2, MainTest.run("label").code());
        assertTrue(MainTest.run("label", "sample", "--help").out().contains("Exit codes"));
    }

    @Test
    void importRecordsAnnotationsAndTheReportCorrectsTheRate() throws Exception {
        List<CSVRecord> rows = sample("--n", "400", "--seed", "3");
        Path f = annotate(rows, "annotated.csv", r -> truth(r.get("post_id")) ? "violent" : "not_violent");
        Instant at = Instant.parse("2021-01-12T09:30:00Z");
        AnnotationImporter.Result res = new AnnotationImporter(Clock.fixed(at, ZoneOffset.UTC)).importFile(f, dataset, "alice", false);
        assertEquals(400, res.imported());
        assertEquals(dataset.resolve("annotations/annotations-20210112T093000Z.parquet"), res.file());
        try (Connection c = Dataset.open(dataset); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE human_label), min(annotator), min(imported_at), min(source_file) FROM annotations")) {
            rs.next();
            assertEquals(400, rs.getLong(1));
            assertEquals(rows.stream().filter(r -> truth(r.get("post_id"))).count(), rs.getLong(2));
            assertEquals("alice", rs.getString(3));
            assertEquals("annotated.csv", rs.getString(5));
        }
        // the true share is 50 / 1000; the classifier flags 50 (40 TP, 10 FP), misses 10 (8 of them at score 0.17)
        PrevalenceReport.Report r = PrevalenceReport.compute(dataset, 1000, 1);
        assertEquals(VERSION, r.classifierVersion());
        assertEquals(1000, r.posts());
        assertEquals(50, r.flagged());
        PrevalenceEstimator.Result x = r.result();
        assertNotNull(x);
        assertEquals(0.8, x.estimate().precision(), 1e-9); // flagged stratum is a census at n = 400
        assertTrue(x.adjusted().low() <= 0.05 && 0.05 <= x.adjusted().high(), x.adjusted().toString());
        // SQL and Java agree on the point estimates
        ResultTable q = QueryCommand.run(dataset, "violent-prevalence-adjusted", null, null, Map.of());
        assertEquals(VERSION, q.value(0, "classifier_version"));
        assertEquals(x.estimate().adjustedShare(), ((Number) q.value(0, "adjusted_share")).doubleValue(), 1e-9);
        assertEquals(x.estimate().recall(), ((Number) q.value(0, "recall")).doubleValue(), 1e-9);
        assertEquals(x.estimate().fpr(), ((Number) q.value(0, "fpr")).doubleValue(), 1e-9);
        assertEquals(r.raw().low(), ((Number) q.value(0, "raw_ci_low")).doubleValue(), 1e-9);
        // the CLI report names the version and prints the adjusted share
        MainTest.Run cli = MainTest.run("label", "report", "--dataset", dataset.toString());
        assertEquals(0, cli.code(), cli.err());
        assertTrue(cli.out().contains(VERSION) && cli.out().contains("adjusted share"), cli.out());
        MainTest.Run json = MainTest.run("label", "report", "--dataset", dataset.toString(), "--format", "json");
        assertTrue(json.out().contains("\"adjusted_share_ci_low\""), json.out());
    }

    @Test
    void invalidRowsAreReportedWithLineNumbersAndNothingIsImported() throws Exception {
        List<CSVRecord> rows = sample("--n", "5000");
        // rows in file order; the multi-line text shifts later line numbers
        Path f = annotate(rows, "bad.csv", r -> switch (r.get("post_id")) {
            case "p0010" -> "maybe";
            case "p0011" -> "";
            default -> "no";
        });
        String csv = Files.readString(f).replace("p0500,", "p9999,");
        Files.writeString(f, csv);
        MainTest.Run r = MainTest.run("label", "import", f.toString(), "--dataset", dataset.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("nothing imported"), r.err());
        long l10 = lineOf(f, "p0010,"), l11 = lineOf(f, "p0011,"), l500 = lineOf(f, "p9999,");
        assertTrue(r.err().contains("line " + l10 + " (post p0010): human_label 'maybe' is not one of"), r.err());
        assertTrue(r.err().contains("line " + l11 + " (post p0011): human_label is empty"), r.err());
        assertTrue(r.err().contains("line " + l500 + " (post p9999): no such post_id"), r.err());
        assertFalse(Files.exists(dataset.resolve("annotations")));
        // --skip-invalid imports the rest
        MainTest.Run skip = MainTest.run("label", "import", f.toString(), "--dataset", dataset.toString(), "--skip-invalid");
        assertEquals(0, skip.code(), skip.err());
        assertTrue(skip.err().contains("imported 997 of 1000"), skip.err());
        try (Stream<Path> s = Files.list(dataset.resolve("annotations"))) {
            assertEquals(1, s.filter(p -> p.toString().endsWith(".parquet")).count());
        }
    }

    @Test
    void otherBadInput() throws Exception {
        List<CSVRecord> rows = sample("--n", "10");
        Path f = annotate(rows, "a.csv", r -> "YES");
        // a stratum edited by hand no longer matches the dataset
        String first = rows.get(0).get("post_id");
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        int idx = 1;
        while (!lines.get(idx).startsWith(first)) idx++;
        lines.set(idx, lines.get(idx).replace(rows.get(0).get("stratum"), rows.get(0).get("stratum").equals("flagged") ? "unflagged_zero" : "flagged"));
        Files.write(f, lines);
        MainTest.Run r = MainTest.run("label", "import", f.toString(), "--dataset", dataset.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("does not match the dataset's"), r.err());
        // a CSV without the sheet's columns
        Path plain = tmp.resolve("plain.csv");
        Files.writeString(plain, "id,label\np0001,yes\n");
        MainTest.Run p = MainTest.run("label", "import", plain.toString(), "--dataset", dataset.toString());
        assertEquals(1, p.code());
        assertTrue(p.err().contains("has no 'post_id' column"), p.err());
        MainTest.Run none = MainTest.run("label", "import", tmp.resolve("missing.csv").toString(), "--dataset", dataset.toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no such file"), none.err());
        // the adjusted query answers the raw share and explains what is missing for the adjustment
        MainTest.Run q = MainTest.run("query", "--dataset", dataset.toString(), "violent-prevalence-adjusted", "--format", "json");
        assertEquals(0, q.code(), q.err());
        assertTrue(q.out().contains("label import") && q.out().contains("\"adjusted_share\" : null"), q.out());
        // the report without annotations still gives the raw rate
        PrevalenceReport.Report rep = PrevalenceReport.compute(dataset, 200, 1);
        assertNull(rep.result());
        assertEquals(50, rep.flagged());
        assertTrue(rep.note().contains("no annotations"));
    }

    @Test
    void aLaterImportOfThePostWins() throws Exception {
        List<CSVRecord> rows = sample("--n", "5000");
        Path wrong = annotate(rows, "first.csv", r -> "0");
        Path right = annotate(rows, "second.csv", r -> truth(r.get("post_id")) ? "1" : "0");
        new AnnotationImporter(Clock.fixed(Instant.parse("2021-01-12T09:00:00Z"), ZoneOffset.UTC)).importFile(wrong, dataset, null, false);
        new AnnotationImporter(Clock.fixed(Instant.parse("2021-01-12T10:00:00Z"), ZoneOffset.UTC)).importFile(right, dataset, null, false);
        PrevalenceReport.Report r = PrevalenceReport.compute(dataset, 200, 1);
        assertEquals(1000, r.annotationsUsed());
        assertEquals(2000, r.annotationRows());
        // a census of perfect annotations gives the true share exactly
        assertEquals(0.05, r.result().estimate().adjustedShare(), 1e-12);
    }

    /**
     * A sheet written before the instance column existed, for a dataset where two Mastodon-API servers each have a
     * status 7: its row for 7 cannot say which was annotated, so the import refuses it, naming the servers and
     * what to do, and imports the row of an id of one post (with that post's server).
     */
    @Test
    void aSheetWithoutInstancesIsRefusedWhereTwoServersShareTheId() throws Exception {
        Path two = tmp.resolve("two");
        Files.createDirectories(two.resolve("posts"));
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT 'mastodon' AS platform, instance, post_id, 'text' AS text, false AS violent, 0.0 AS violent_score,"
                    + " '" + VERSION + "' AS classifier_version FROM (VALUES ('a.example', '7'), ('b.example:8443', '7'), ('a.example', '8'))"
                    + " t(instance, post_id)) TO '" + two.resolve("posts/part-0.parquet").toAbsolutePath() + "' (FORMAT parquet)");
        }
        DatasetBuilder.writeViews(two);
        Path old = tmp.resolve("old.csv");
        Files.writeString(old, "post_id,text,classifier_label,score,stratum,inclusion_probability,weight,classifier_version,human_label\n"
                + "7,text,false,0.0,unflagged_zero,1.0,1.0," + VERSION + ",no\n"
                + "8,text,false,0.0,unflagged_zero,1.0,1.0," + VERSION + ",no\n");
        MainTest.Run r = MainTest.run("label", "import", old.toString(), "--dataset", two.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("line 2 (post 7): post_id 7 is the id of 2 posts in the dataset (mastodon a.example, mastodon b.example:8443")
                && r.err().contains("the CSV has no instance column") && r.err().contains("add an instance column"), r.err());
        assertTrue(r.err().contains("nothing imported"), r.err());
        MainTest.Run skip = MainTest.run("label", "import", old.toString(), "--dataset", two.toString(), "--skip-invalid");
        assertEquals(0, skip.code(), skip.err());
        assertTrue(skip.err().contains("imported 1 of 2"), skip.err());
        try (Connection c = Dataset.open(two); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT platform, instance, post_id FROM annotations")) {
            assertTrue(rs.next());
            assertEquals(List.of("mastodon", "a.example", "8"), List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
            assertFalse(rs.next());
        }
        // with the instance column both servers' posts 7 import, each as its own
        Files.writeString(old, "post_id,human_label,stratum,inclusion_probability,instance\n"
                + "7,yes,unflagged_zero,1.0,a.example\n7,no,unflagged_zero,1.0,B.EXAMPLE:8443\n");
        MainTest.Run both = MainTest.run("label", "import", old.toString(), "--dataset", two.toString());
        assertEquals(0, both.code(), both.err());
        try (Connection c = Dataset.open(two); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT instance, human_label FROM annotations WHERE post_id = '7' ORDER BY instance")) {
            assertTrue(rs.next());
            assertEquals("a.example", rs.getString(1));
            assertTrue(rs.getBoolean(2));
            assertTrue(rs.next());
            assertEquals("b.example:8443", rs.getString(1));
            assertFalse(rs.getBoolean(2));
        }
    }

    private static long lineOf(Path f, String prefix) throws Exception {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith(prefix)) return i + 1;
        throw new AssertionError(prefix + " not in " + f);
    }
}
