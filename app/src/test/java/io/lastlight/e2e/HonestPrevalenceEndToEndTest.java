package io.lastlight.e2e;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.crawl.CrawlConfig;
import io.lastlight.crawl.CrawlSession;
import io.lastlight.crawl.Progress;
import io.lastlight.label.AnnotationImporter;
import io.lastlight.label.LabelReportCommand;
import io.lastlight.label.LabelSampleCommand;
import io.lastlight.label.PrevalenceReport;
import io.lastlight.label.SampleCsv;
import io.lastlight.label.StratifiedSampler;
import io.lastlight.label.Wilson;
import io.lastlight.query.QueryCommand;
import io.lastlight.query.ResultTable;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8's check on the simulated platform: the pipeline's prevalence figures contain the true prevalence (the
 * simulator's labels are truth). 1,500 users, 1.5% violent posts plus hard negatives; crawl, build, then (a) the raw
 * flagged share's Wilson interval and (b) the adjusted estimate's bootstrap interval, after a perfect annotator
 * labels a stratified sample of 500 from the truth, both contain the true violent share of the captured posts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HonestPrevalenceEndToEndTest {
    @TempDir
    static Path tmp;

    SimServer server;
    GroundTruth truth;
    Path dataset;
    Set<String> violent;
    long captured, capturedWithText, trueViolent;

    @BeforeAll
    void crawlAndBuild() throws Exception {
        server = SimServer.start(SimConfig.builder().users(1500).seed(11)
                .clock(Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC)).build());
        truth = server.truth();
        assertNotNull(truth.violentPostIds(), "the truth lists violent ids for a world this small");
        violent = new HashSet<>(truth.violentPostIds());
        Path crawl = tmp.resolve("crawl");
        CrawlSession.run(EndToEndTest.config(server, truth, crawl, 2000), false, false, Clock.systemUTC(),
                new Progress(new PrintStream(new ByteArrayOutputStream()), false, true));
        dataset = tmp.resolve("dataset");
        new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(crawl, dataset, false);
        Set<String> ids = new HashSet<>(), originals = new HashSet<>();
        try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(EchoedOriginals.SQL)) {
            while (rs.next()) originals.add(rs.getString(1));
        }
        try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT post_id, violent FROM posts")) {
            while (rs.next()) {
                captured++;
                ids.add(rs.getString(1));
                rs.getBoolean(2);
                if (!rs.wasNull()) capturedWithText++;
                if (violent.contains(rs.getString(1))) trueViolent++;
            }
        }
        // every listed post, and the (deleted) originals the echoes point to (postRefs[]), which count as captured
        assertEquals(new HashSet<>(truth.reachablePostIds()), EchoedOriginals.listed(truth.reachablePostIds(), ids, originals));
        assertTrue(trueViolent > 50, "violent posts captured: " + trueViolent);
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void rawFlaggedShareWilsonIntervalContainsTheTrueShare() throws Exception {
        long flagged = 0;
        List<String> missed = new ArrayList<>(), wrong = new ArrayList<>();
        try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT post_id, coalesce(violent, false), text FROM posts ORDER BY post_id")) {
            while (rs.next()) {
                boolean t = violent.contains(rs.getString(1)), f = rs.getBoolean(2);
                if (f) flagged++;
                if (t && !f) missed.add(rs.getString(3));
                if (!t && f) wrong.add(rs.getString(3));
            }
        }
        double trueShare = (double) trueViolent / captured;
        Wilson w = Wilson.of(flagged, captured);
        System.out.printf("captured %d posts (%d with text), truly violent %d (%.4f), flagged %d (%.4f, Wilson 95%% [%.4f, %.4f]); "
                        + "missed %d, false alarms %d%n", captured, capturedWithText, trueViolent, trueShare, flagged, w.share(), w.low(), w.high(),
                missed.size(), wrong.size());
        missed.stream().limit(10).forEach(t -> System.out.println("  missed: " + t));
        wrong.stream().limit(10).forEach(t -> System.out.println("  false alarm: " + t));
        assertTrue(w.contains(trueShare), "true share " + trueShare + " outside the Wilson interval [" + w.low() + ", " + w.high()
                + "]; missed e.g. " + missed.stream().limit(5).toList() + "; false alarms e.g. " + wrong.stream().limit(5).toList());
        // the same over the population the label commands use (posts with text): violent posts always have text
        Wilson wt = PrevalenceReport.compute(dataset, 100, 1).raw();
        assertEquals(capturedWithText, wt.trials());
        assertTrue(wt.contains((double) trueViolent / capturedWithText), wt.toString());
    }

    @Test
    void annotatingASampleFromTheTruthGivesAnAdjustedIntervalContainingTheTrueShare() throws Exception {
        LabelSampleCommand.Sample sample = LabelSampleCommand.sample(dataset, 500, 2021);
        assertEquals(500, sample.draws().size());
        Path sheet = tmp.resolve("sample.csv");
        LabelSampleCommand.write(sample, sheet);
        // a perfect annotator: the simulator's labels
        Path annotated = tmp.resolve("annotated.csv");
        try (Reader r = Files.newBufferedReader(sheet, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r);
             var w = Files.newBufferedWriter(annotated, StandardCharsets.UTF_8);
             CSVPrinter out = CSVFormat.RFC4180.builder().setHeader(SampleCsv.HEADER.toArray(new String[0])).get().print(w)) {
            for (CSVRecord rec : p) {
                List<String> v = new ArrayList<>(rec.toList());
                v.set(SampleCsv.HEADER.indexOf(SampleCsv.HUMAN_LABEL), violent.contains(rec.get("post_id")) ? "violent" : "not_violent");
                out.printRecord(v);
            }
        }
        AnnotationImporter.Result imp = new AnnotationImporter(Clock.systemUTC()).importFile(annotated, dataset, "simulator-truth", false);
        assertEquals(500, imp.imported());

        double trueShare = (double) trueViolent / capturedWithText;
        PrevalenceReport.Report report = PrevalenceReport.compute(dataset, 2000, 7);
        System.out.print(LabelReportCommand.text(report));
        assertTrue(report.result().complete());
        double lo = report.result().adjusted().low(), hi = report.result().adjusted().high();
        assertTrue(lo <= trueShare && trueShare <= hi, "true share " + trueShare + " outside the bootstrap interval [" + lo + ", " + hi + "]");
        // the canned SQL gives the same point estimate and names the classifier version
        ResultTable q = QueryCommand.run(dataset, "violent-prevalence-adjusted", null, null, Map.of());
        assertEquals(report.classifierVersion(), q.value(0, "classifier_version"));
        assertEquals(report.result().estimate().adjustedShare(), ((Number) q.value(0, "adjusted_share")).doubleValue(), 1e-9);

        // rebuilding the dataset from the WARCs keeps the annotations and their view
        new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(tmp.resolve("crawl"), dataset, false);
        assertTrue(Files.exists(imp.file()), "annotations survive lastlight build");
        assertEquals(report.result().estimate().adjustedShare(),
                PrevalenceReport.compute(dataset, 200, 7).result().estimate().adjustedShare(), 1e-12);
        assertTrue(Files.readString(dataset.resolve("manifest.json")).contains("annotations/"));
        // every annotated post was in the stratum the sample said
        for (StratifiedSampler.Draw d : sample.draws()) assertTrue(d.inclusionProbability() > 0 && d.inclusionProbability() <= 1);
    }
}
