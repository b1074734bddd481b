package io.lastlight.label;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.build.TwoServers;
import io.lastlight.derive.DuckDb;
import io.lastlight.query.Dataset;
import io.lastlight.query.QueryCommand;
import io.lastlight.query.ResultTable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Labelling a dataset of two Mastodon-API servers whose statuses have equal ids ({@link TwoServers}): the sample
 * names each post's server, an import matches each row to the post of its own server, the report and the shipped
 * query count each annotation for that post, and sheets and annotation files written before instances existed
 * still count where their post_id names one post, and are refused or left out, saying so, where it names several.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceLabelTest {
    private static final Clock AT = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path tmp;
    Path built;
    /** The classified population: (instance or "", post_id) → text. */
    final Map<List<String>, String> population = new HashMap<>();
    /** post_ids of the population that are posts of both servers. */
    final Set<String> shared = new HashSet<>();
    /** post_ids of posts of both servers, with text or without (a sheet without instances cannot name either). */
    final Set<String> sharedAll = new HashSet<>();
    int copies;

    @BeforeAll
    void build() throws Exception {
        built = TwoServers.build(tmp.resolve("fixture")).dataset;
        Map<String, Integer> servers = new HashMap<>();
        try (Connection c = Dataset.open(built); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT instance, post_id, text " + Posts.POPULATION)) {
            while (rs.next()) {
                population.put(List.of(String.valueOf(rs.getString(1) == null ? "" : rs.getString(1)), rs.getString(2)), rs.getString(3));
                servers.merge(rs.getString(2), 1, Integer::sum);
            }
        }
        servers.forEach((id, n) -> { if (n > 1) shared.add(id); });
        try (Connection c = Dataset.open(built); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT post_id FROM posts GROUP BY post_id HAVING count(*) > 1")) {
            while (rs.next()) sharedAll.add(rs.getString(1));
        }
        assertTrue(shared.size() >= 5, "the servers' classified posts share ids: " + shared);
    }

    /** A fresh copy of the built dataset (imports add files to it). */
    Path dataset() throws Exception {
        Path to = tmp.resolve("ds-" + copies++);
        try (Stream<Path> s = Files.walk(built)) {
            for (Path p : (Iterable<Path>) s::iterator) Files.copy(p, to.resolve(built.relativize(p).toString()));
        }
        return to;
    }

    List<CSVRecord> census(Path dataset) throws Exception {
        Path out = tmp.resolve("sample-" + copies + ".csv");
        LabelSampleCommand.write(LabelSampleCommand.sample(dataset, 100_000, 1), out);
        try (Reader r = Files.newBufferedReader(out);
             CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            assertEquals(SampleCsv.HEADER, p.getHeaderNames());
            return p.getRecords();
        }
    }

    /** The sheet with human_label filled in by {@code label}, leaving out the columns named in {@code drop}. */
    Path annotate(List<CSVRecord> rows, String name, Function<CSVRecord, String> label, String... drop) throws Exception {
        List<String> header = new ArrayList<>(SampleCsv.HEADER);
        header.removeAll(List.of(drop));
        Path f = tmp.resolve(name);
        try (var w = Files.newBufferedWriter(f, StandardCharsets.UTF_8);
             CSVPrinter p = CSVFormat.RFC4180.builder().setHeader(header.toArray(new String[0])).get().print(w)) {
            for (CSVRecord r : rows) {
                List<String> v = new ArrayList<>();
                for (String col : header) v.add(col.equals(SampleCsv.HUMAN_LABEL) ? label.apply(r) : r.get(col));
                p.printRecord(v);
            }
        }
        return f;
    }

    /** Violent iff on gab.example: a label that differs between the two servers' posts of one id. */
    static String byServer(CSVRecord r) {
        return r.get("instance").equals("gab.example") ? "violent" : "not_violent";
    }

    @Test
    void theSampleNamesEachPostsServerAndItsOwnText() throws Exception {
        List<CSVRecord> rows = census(built);
        assertEquals(population.size(), rows.size());
        Map<List<String>, String> texts = new HashMap<>();
        for (CSVRecord r : rows) texts.put(List.of(r.get("instance"), r.get("post_id")), r.get("text"));
        assertEquals(population, texts);
        Set<String> gab = new HashSet<>(), social = new HashSet<>();
        for (CSVRecord r : rows) (r.get("instance").equals("gab.example") ? gab : social).add(r.get("post_id"));
        assertTrue(gab.containsAll(shared) && social.containsAll(shared));
    }

    @Test
    void twoServersPostsOfOneIdAreDrawnIndependently() throws Exception {
        // a sample of a third of the population: were keys of the id alone, each shared id's two posts would be drawn together or not at all
        LabelSampleCommand.Sample s = LabelSampleCommand.sample(built, population.size() / 3, 7);
        Map<String, Integer> drawn = new HashMap<>();
        for (StratifiedSampler.Draw d : s.draws()) if (shared.contains(d.postId())) drawn.merge(d.postId(), 1, Integer::sum);
        assertTrue(drawn.containsValue(1), "some shared id has only one server's post drawn: " + drawn);
    }

    @Test
    void importMatchesEachRowToThePostOfItsServer() throws Exception {
        Path ds = dataset();
        List<CSVRecord> rows = census(ds);
        AnnotationImporter.Result r = new AnnotationImporter(AT).importFile(annotate(rows, "by-server.csv", InstanceLabelTest::byServer), ds, "a", false);
        assertEquals(List.of(), r.problems());
        assertEquals(rows.size(), r.imported());
        try (Connection c = Dataset.open(ds); Statement s = c.createStatement()) {
            // every annotation is of one post of its own server, with that server's label
            ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE a.human_label = (p.instance = 'gab.example')),"
                    + " count(*) FILTER (WHERE p.platform = 'mastodon'), count(DISTINCT (a.platform, a.instance, a.post_id))"
                    + " FROM annotations a JOIN posts p ON p.platform = a.platform AND p.instance IS NOT DISTINCT FROM a.instance AND p.post_id = a.post_id");
            rs.next();
            assertEquals(rows.size(), rs.getLong(1));
            assertEquals(rows.size(), rs.getLong(2));
            assertEquals(rows.size(), rs.getLong(4));
            assertTrue(rs.getLong(3) > 0);
        }
        // the report and the shipped query use every annotation once: a census gives the flagged posts' precision exactly
        PrevalenceReport.Report rep = PrevalenceReport.compute(ds, 200, 1);
        assertEquals(rows.size(), rep.annotationsUsed());
        assertEquals(0, rep.ambiguous());
        ResultTable q = QueryCommand.run(ds, "violent-prevalence-adjusted", null, null, Map.of());
        assertEquals((long) rows.size(), ((Number) q.value(0, "annotations_used")).longValue());
        assertEquals(0L, ((Number) q.value(0, "annotations_left_out")).longValue());
        assertEquals(0L, ((Number) q.value(0, "annotations_ambiguous")).longValue());
        assertEquals(rep.result().estimate().tp(), ((Number) q.value(0, "tp")).doubleValue(), 1e-9);
        assertEquals(rep.result().estimate().fn(), ((Number) q.value(0, "fn")).doubleValue(), 1e-9);
        long gab = population.keySet().stream().filter(k -> k.get(0).equals("gab.example")).count();
        assertEquals(gab, Math.round(rep.result().estimate().tp() + rep.result().estimate().fn()));
    }

    @Test
    void aSheetWithoutTheInstanceColumnImportsTheIdsOfOnePostAndRefusesTheShared() throws Exception {
        Path ds = dataset();
        List<CSVRecord> rows = census(ds);
        Path old = annotate(rows, "old.csv", r -> "0", SampleCsv.INSTANCE);
        AnnotationImporter.Result none = new AnnotationImporter(AT).importFile(old, ds, null, false);
        long ambiguous = rows.stream().filter(r -> sharedAll.contains(r.get("post_id"))).count();
        assertTrue(ambiguous >= 2 * shared.size());
        assertEquals(0, none.imported());
        assertEquals(ambiguous, none.problems().size(), none.problems().toString());
        for (AnnotationImporter.Problem p : none.problems()) {
            assertTrue(sharedAll.contains(p.postId()), p.toString());
            assertTrue(p.message().contains("is the id of 2 posts in the dataset (mastodon gab.example, mastodon social.example:8443")
                    && p.message().contains("no instance column") && p.message().contains("add an instance column"), p.message());
        }
        assertTrue(Files.notExists(ds.resolve("annotations")) || isEmpty(ds.resolve("annotations")));
        // --skip-invalid: the other rows are imported, each with its post's server
        AnnotationImporter.Result some = new AnnotationImporter(AT).importFile(old, ds, null, true);
        assertEquals(rows.size() - ambiguous, some.imported());
        assertEquals(count(ds, "SELECT count(*) FROM annotations a JOIN posts p ON p.platform = a.platform"
                + " AND p.instance IS NOT DISTINCT FROM a.instance AND p.post_id = a.post_id"), some.imported());
        // a sheet without the column whose ids are each of one post imports whole
        List<CSVRecord> unique = rows.stream().filter(r -> !sharedAll.contains(r.get("post_id"))).toList();
        AnnotationImporter.Result all = new AnnotationImporter(AT).importFile(annotate(unique, "old-unique.csv", r -> "1", SampleCsv.INSTANCE), dataset(), null, false);
        assertEquals(List.of(), all.problems());
        assertEquals(unique.size(), all.imported());
    }

    @Test
    void aRowNamingAServerWithoutThatPostIsRefused() throws Exception {
        Path ds = dataset();
        List<CSVRecord> rows = census(ds);
        String id = shared.iterator().next();
        // one of that id's rows names a server without a post of that id
        Path f = tmp.resolve("edited.csv");
        try (var w = Files.newBufferedWriter(f, StandardCharsets.UTF_8);
             CSVPrinter p = CSVFormat.RFC4180.builder().setHeader(SampleCsv.HEADER.toArray(new String[0])).get().print(w)) {
            for (CSVRecord r : rows) {
                List<String> v = new ArrayList<>(r.toList());
                v.set(SampleCsv.HEADER.indexOf(SampleCsv.HUMAN_LABEL), "0");
                if (r.get("post_id").equals(id) && r.get("instance").equals("gab.example")) {
                    v.set(SampleCsv.HEADER.indexOf(SampleCsv.INSTANCE), "other.example");
                }
                p.printRecord(v);
            }
        }
        AnnotationImporter.Result r = new AnnotationImporter(AT).importFile(f, ds, null, false);
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).toString().contains("(post " + id + " on other.example): no post " + id
                + " of instance other.example in " + ds + "; it has post " + id + " of mastodon gab.example, mastodon social.example:8443"),
                r.problems().toString());
    }

    /** Annotation files imported before instances were recorded have no platform or instance column. */
    @Test
    void annotationsImportedBeforeInstancesCountWhereTheirIdNamesOnePost() throws Exception {
        Path ds = dataset();
        Files.createDirectories(ds.resolve("annotations"));
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT post_id, violent AS human_label, violent AS classifier_label, violent_score AS score, "
                    + Stratum.SQL_CASE + " AS stratum, 1.0 AS inclusion_probability, classifier_version, NULL::VARCHAR AS annotator,"
                    + " TIMESTAMPTZ '2025-01-01 00:00:00+00' AS imported_at, 'old.csv' AS source_file, CAST(row_number() OVER () + 1 AS BIGINT) AS source_line"
                    + " FROM (SELECT DISTINCT ON (post_id) * FROM read_parquet('" + built.toAbsolutePath().resolve("posts") + "/*.parquet')"
                    + " WHERE violent IS NOT NULL AND violent_score IS NOT NULL ORDER BY post_id))"
                    + " TO '" + ds.resolve("annotations/annotations-20250101T000000Z.parquet").toAbsolutePath() + "' (FORMAT parquet)");
        }
        DatasetBuilder.writeViews(ds);
        assertEquals(0, count(ds, "SELECT count(platform) + count(instance) FROM annotations"), "the old file's rows have neither");
        Set<String> ids = new HashSet<>();
        population.keySet().forEach(k -> ids.add(k.get(1)));
        long ambiguous = ids.stream().filter(sharedAll::contains).count();
        assertTrue(ambiguous >= shared.size());
        PrevalenceReport.Report rep = PrevalenceReport.compute(ds, 200, 1);
        assertEquals(ids.size(), rep.annotationRows());
        assertEquals(ambiguous, rep.ambiguous());
        assertEquals(ids.size() - ambiguous, rep.annotationsUsed());
        assertNotNull(rep.note());
        assertTrue(rep.note().contains(ambiguous + " annotation(s) imported before instances were recorded"), rep.note());
        assertTrue(LabelReportCommand.text(rep).contains(ambiguous + " naming a post_id of several servers left out"));
        ResultTable q = QueryCommand.run(ds, "violent-prevalence-adjusted", null, null, Map.of());
        assertEquals((long) rep.annotationsUsed(), ((Number) q.value(0, "annotations_used")).longValue());
        assertEquals(ambiguous, ((Number) q.value(0, "annotations_ambiguous")).longValue());
        // a later import that names the servers counts for each server's post, the old rows of unique ids still count
        List<CSVRecord> rows = census(ds);
        new AnnotationImporter(AT).importFile(annotate(rows.stream().filter(r -> sharedAll.contains(r.get("post_id"))).toList(),
                "shared.csv", InstanceLabelTest::byServer), ds, null, false);
        PrevalenceReport.Report after = PrevalenceReport.compute(ds, 200, 1);
        assertEquals(population.size(), after.annotationsUsed());
        assertEquals(ambiguous, after.ambiguous()); // the old rows stay, counted as left out
    }

    private static boolean isEmpty(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static long count(Path ds, String sql) throws Exception {
        try (Connection c = Dataset.open(ds); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
