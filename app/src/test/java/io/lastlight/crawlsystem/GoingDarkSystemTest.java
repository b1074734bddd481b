package io.lastlight.crawlsystem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.build.DatasetBuilder;
import io.lastlight.crawl.CrawlConfig;
import io.lastlight.crawl.CrawlSettings;
import io.lastlight.crawl.CrawlSession;
import io.lastlight.crawl.CrawlSummary;
import io.lastlight.crawl.Crawler;
import io.lastlight.crawl.Progress;
import io.lastlight.frontier.Frontier;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.warc.JwarcValidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform goes dark mid-crawl: the crawl stops cleanly (not a failure), every WARC file is closed and
 * valid, coverage.json says what was and was not captured, and {@code lastlight build} works on it.
 */
class GoingDarkSystemTest {
    @Test
    void goingDarkMidCrawlStopsCleanlyAndWhatWasCapturedBuilds(@TempDir Path tmp) throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().users(2000).seed(9).darkAfter(Duration.ofSeconds(3)).build())) {
            Path out = tmp.resolve("crawl");
            CrawlSettings settings = CrawlSettings.of("parler", server.baseUri(), server.truth().seedUsers(), out);
            settings.rate = 150;
            settings.burst = 5;
            settings.concurrency = 6;
            settings.maxAttempts = 6;
            settings.backoffBaseS = 0.05;
            settings.backoffMaxS = 1;
            settings.retryAfterMaxS = 2;
            settings.operator = "test";
            settings.connectTimeoutS = 2;
            settings.responseTimeoutS = 5;
            settings.totalTimeoutS = 10;
            settings.warcPrefix = "parler-dark";
            settings.schedule = "tiered";
            settings.darkAfterFailures = 10;
            settings.outageWindowS = 1; // refused connections ridden out for 1 s, then the platform is dark
            settings.maxBlockedInARow = 20;
            settings.statsIntervalS = 60;
            settings.seed = 1;
            settings.comments = false;
            CrawlConfig cfg = settings.toConfig();
            CrawlSummary sum = CrawlSession.run(cfg, false, false, Clock.systemUTC(),
                    new Progress(new PrintStream(new ByteArrayOutputStream()), false, true));
            assertEquals(Crawler.Outcome.PLATFORM_DARK, sum.outcome());
            assertTrue(sum.frontier().done() > 20, "captured too little before dark: " + sum.frontier());
            assertTrue(sum.frontier().queued() > 0, "the world should outlast three seconds");

            List<Path> warcs;
            try (Stream<Path> s = Files.list(out.resolve("warc"))) {
                List<Path> all = s.toList();
                assertTrue(all.stream().noneMatch(p -> p.toString().endsWith(".open")), "a .open file was left behind");
                warcs = all.stream().filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList();
            }
            JwarcValidate.Result v = JwarcValidate.validate(warcs);
            assertTrue(v.ok(), v.output());

            JsonNode coverage = new ObjectMapper().readTree(out.resolve("coverage.json").toFile());
            assertEquals("platform_dark", coverage.path("outcome").asText());
            assertEquals(sum.frontier().done(), coverage.path("total").path("captured").asLong());
            assertTrue(coverage.path("total").path("not_yet").asLong() > 0);
            assertTrue(coverage.path("by_kind").has("profile"));

            Path dataset = tmp.resolve("dataset");
            new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(out, dataset, false);
            try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM profiles")) {
                rs.next();
                assertTrue(rs.getLong(1) > 0);
            }
        }
    }
}
