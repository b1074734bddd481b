package io.lastlight.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.crawl.CrawlSession;
import io.lastlight.crawl.Progress;
import io.lastlight.progress.JobLog;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code lastlight build} tells while it works: off a terminal, JSON lines a script can follow (each step with its
 * figures, and progress by WARC bytes read); on one, the steps' sentences with a live bar below them.
 */
class BuildEventsTest {
    @TempDir
    static Path tmp;
    static Path crawl;

    @BeforeAll
    static void crawl() throws Exception {
        crawl = tmp.resolve("crawl");
        try (SimServer server = SimServer.start(SimConfig.builder().users(80).seed(9)
                .clock(Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC)).build())) {
            CrawlSession.run(io.lastlight.e2e.EndToEndTest.config(server, server.truth(), crawl, 3000), false, false,
                    Clock.systemUTC(), new Progress(new PrintStream(new ByteArrayOutputStream()), false, true));
        }
    }

    @Test
    void offATerminalEachStepIsAJsonLineWithItsFiguresAndProgressIsInBytesRead() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BuildReport report;
        try (JobLog log = new JobLog(new PrintStream(err, true, StandardCharsets.UTF_8), false, false, 80,
                Clock.systemUTC(), Duration.ofMillis(2))) {
            report = new DatasetBuilder(Clock.systemUTC(), "parler", log, 2).build(crawl, tmp.resolve("ds-json"), false);
        }
        List<JsonNode> events = new ArrayList<>();
        for (String line : err.toString(StandardCharsets.UTF_8).split("\n")) {
            events.add(new ObjectMapper().readTree(line)); // every line is one JSON object
        }
        List<Path> warcs = DatasetBuilder.warcFiles(crawl, new ArrayList<>());
        long total = 0;
        for (Path w : warcs) total += Files.size(w);
        long captures = 0, posts = 0;
        List<String> steps = new ArrayList<>();
        for (JsonNode e : events) {
            assertTrue(e.get("time").isTextual() && e.get("event").isTextual(), e.toString());
            String type = e.get("event").asText();
            if (type.equals("progress")) {
                assertTrue(e.get("bytes_done") == null || e.get("bytes_done").asLong() <= total, e.toString());
                if (e.has("bytes_total")) assertEquals(total, e.get("bytes_total").asLong());
                continue;
            }
            assertTrue(e.get("message").isTextual(), e.toString());
            if (!steps.contains(type)) steps.add(type);
            if (type.equals("extracted")) {
                captures += e.get("captures").asLong();
                posts += e.get("posts").asLong();
                assertEquals(warcs.size(), e.get("of").asInt());
            }
        }
        assertEquals(List.of("extracting", "extracted", "extraction", "deriving", "derived-table", "derived"), steps, err.toString());
        assertEquals(7, events.stream().filter(e -> e.get("event").asText().equals("derived-table")).count(), err.toString());
        assertEquals(report.rows.get("captures"), captures);
        assertEquals(report.rows.get("post_observations"), posts);
        assertTrue(posts > 0);
        assertTrue(events.stream().anyMatch(e -> e.get("event").asText().equals("progress")
                && e.get("phase").asText().equals("extract")), "no progress line: " + err);
        JsonNode extraction = events.stream().filter(e -> e.get("event").asText().equals("extraction")).findFirst().orElseThrow();
        assertEquals(warcs.size(), extraction.get("files").asInt());
        assertTrue(extraction.get("seconds").asDouble() > 0);
    }

    @Test
    void onATerminalTheStepsScrollAboveABarThatEndsTheLog() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (JobLog log = new JobLog(new PrintStream(err, true, StandardCharsets.UTF_8), true, false, 80,
                Clock.systemUTC(), Duration.ofMillis(2))) {
            new DatasetBuilder(Clock.systemUTC(), "parler", log, 2).build(crawl, tmp.resolve("ds-tty"), false);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("{\""), "no JSON on a terminal");
        List<String> screen = new ArrayList<>(); // what stays on screen of each line: the text after its last CR
        for (String line : text.split("\n")) screen.add(line.substring(line.lastIndexOf('\r') + 1).stripTrailing());
        assertTrue(screen.get(0).startsWith("[1/"), screen.toString());
        assertTrue(screen.stream().anyMatch(l -> l.startsWith("derived tables in ")), screen.toString());
        assertEquals("", screen.get(screen.size() - 1), "the cursor is left at the start of a blank line");
        screen.remove(screen.size() - 1);
        String last = screen.get(screen.size() - 1);
        assertTrue(last.startsWith("derived tables in "), "the live line is gone once the tables are derived: " + last);

        int bars = 0; // drawn while the build ran, each over the last, then blanked before the next step's line
        for (String drawn : text.split("[\r\n]")) {
            if (!drawn.startsWith("[") || !drawn.contains("% | ")) continue;
            bars++;
            assertTrue(drawn.stripTrailing().length() < 80, drawn.length() + " columns: " + drawn);
        }
        assertTrue(bars > 0, "no bar drawn: " + text);
    }
}
