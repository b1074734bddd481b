package io.lastlight.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long job's log: sentences with a live bar below them on a terminal, never wider than it and never with a sentence
 * written into the bar; one JSON object per line anywhere else; nothing when quiet.
 */
class JobLogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration NEVER = Duration.ofDays(1); // the tests tick by hand

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static JobStatus status(double fraction) {
        return () -> new JobStatus.Snapshot(fraction, String.format("%.0f%% | 1,234 posts | 567 posts/s | 3m10s left", fraction * 100),
                Map.of("phase", "extract", "posts", 1234));
    }

    @ParameterizedTest(name = "{0} columns")
    @CsvSource({"40", "80", "132"})
    void onATerminalSentencesScrollAboveABarThatFitsAndEndsOnClose(int columns) {
        try (JobLog log = new JobLog(out, true, false, columns, CLOCK, NEVER)) {
            log.event("extracting", Map.of("file", "a.warc.gz"), "[1/2] extracting a.warc.gz");
            log.status(status(0.25));
            log.tick();
            log.event("extracted", Map.of("posts", 10), "[1/2] extracted a.warc.gz in 1.0 s (20 captures, 10 posts)");
            log.tick();
            log.log("sorting x: out of memory beside other sorts; running it again alone");
            log.status(status(1.0));
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        List<String> screen = render(text);
        assertEquals(List.of("[1/2] extracting a.warc.gz", "[1/2] extracted a.warc.gz in 1.0 s (20 captures, 10 posts)",
                "sorting x: out of memory beside other sorts; running it again alone"), screen.subList(0, 3));
        assertEquals(4, screen.size(), String.join("\n", screen));
        String bar = screen.get(3);
        assertTrue(bar.contains("100%"), "the bar is drawn once more on close, at the end state: " + bar);
        assertTrue(bar.length() < columns, bar.length() + " columns: " + bar);
        if (columns >= 80) assertTrue(bar.startsWith("[" + "#".repeat(10)), bar);
        assertTrue(text.endsWith("\n"), "the live line is ended: what comes next starts a line of its own");
        assertFalse(text.contains("{\""), "no JSON on a terminal: " + text);
    }

    @Test
    void offATerminalEveryLineIsAJsonObjectWithTimeEventFiguresAndMessage() throws Exception {
        try (JobLog log = new JobLog(out, false, false, 80, CLOCK, NEVER)) {
            log.event("extracted", Map.of("file", "a.warc.gz", "posts", 10), "[1/2] extracted a.warc.gz");
            log.status(status(0.5));
            log.tick();
            log.log("a warning");
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), text);
        List<JsonNode> lines = new ArrayList<>();
        for (String l : text.split("\n")) lines.add(new ObjectMapper().readTree(l));
        assertEquals(3, lines.size(), text);
        assertEquals("2026-12-07T12:00:00Z", lines.get(0).get("time").asText());
        assertEquals("extracted", lines.get(0).get("event").asText());
        assertEquals(10, lines.get(0).get("posts").asInt());
        assertEquals("[1/2] extracted a.warc.gz", lines.get(0).get("message").asText());
        assertEquals("progress", lines.get(1).get("event").asText());
        assertEquals(1234, lines.get(1).get("posts").asInt());
        assertFalse(lines.get(1).has("message"));
        assertEquals("log", lines.get(2).get("event").asText());
        assertEquals("a warning", lines.get(2).get("message").asText());
    }

    @Test
    void theLogsOwnThreadShowsTheStatusUntilClosed() throws Exception {
        try (JobLog log = new JobLog(out, false, false, 80, CLOCK, Duration.ofMillis(5))) {
            log.status(status(0.5));
            long until = System.nanoTime() + 10_000_000_000L;
            while (!bytes.toString(StandardCharsets.UTF_8).contains("\"progress\"") && System.nanoTime() < until) Thread.sleep(5);
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("\"event\":\"progress\""), bytes.toString(StandardCharsets.UTF_8));
        int after = bytes.size();
        Thread.sleep(50);
        assertEquals(after, bytes.size(), "nothing is written once the log is closed");
    }

    @Test
    void aStatusThatFailsIsSkippedAndQuietWritesNothing() {
        try (JobLog log = new JobLog(out, false, false, 80, CLOCK, NEVER)) {
            log.status(() -> {
                throw new IllegalStateException("not ready");
            });
            log.tick();
        }
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
        try (JobLog log = new JobLog(out, true, true, 80, CLOCK, NEVER)) {
            log.event("extracted", Map.of(), "extracted");
            log.status(status(0.5));
            log.tick();
        }
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "/dev/pts/3, true", "/dev/tty1, true", "/dev/tty, true", "/dev/console, true",
            "/tmp/crawl.log, false", "pipe:[123456], false", "socket:[98765], false", "/dev/null, false", "null, false"})
    void aTerminalIsAPseudoTerminalOrATty(String device, boolean terminal) {
        assertEquals(terminal, Terminal.isTerminal(device));
    }

    /** The launcher's answer (it asks the shell, which works off Linux too) comes before /proc's. */
    @Test
    void theLaunchersAnswerComesFirstThenTheDescriptorsLink(@TempDir Path tmp) throws Exception {
        Path log = Files.writeString(tmp.resolve("build.log"), "");
        Path toFile = Files.createSymbolicLink(tmp.resolve("2"), log);
        Path toPts = Files.createSymbolicLink(tmp.resolve("2b"), Path.of("/dev/pts/7"));
        assertFalse(Terminal.stderrIsTerminal(null, toFile));
        assertTrue(Terminal.stderrIsTerminal(null, toPts));
        assertTrue(Terminal.stderrIsTerminal("true", toFile), "a Mac has no /proc: the launcher says");
        assertFalse(Terminal.stderrIsTerminal("false", toPts));
        assertFalse(Terminal.stderrIsTerminal(" ", tmp.resolve("missing")));
        // Maven's forked JVM writes stderr to a pipe or file, and no launcher ran it
        assertFalse(JobLog.stderr(true).terminal());
    }

    @ParameterizedTest(name = "COLUMNS={0} -> {1}")
    @CsvSource(nullValues = "null", value = {"null, 80", "120, 120", "' 100 ', 100", "abc, 80", "0, 80", "-5, 80"})
    void theWidthIsColumnsOrEighty(String env, int columns) {
        assertEquals(columns, Terminal.columns(env));
    }

    @Test
    void noBarWithoutAFractionOrRoom() {
        assertEquals("deriving 7 tables | 3s", Terminal.fit(Double.NaN, "deriving 7 tables | 3s", 80));
        assertEquals("[###############...............] 50%", Terminal.fit(0.5, "50%", 80));
        assertEquals("x".repeat(39), Terminal.fit(0.5, "x".repeat(60), 40));
    }

    /**
     * What stays on screen of each line: the text after its last CR (a redraw pads a shorter line with blanks, and a
     * sentence blanks the live line before it takes it).
     */
    static List<String> render(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) lines.add(line.substring(line.lastIndexOf('\r') + 1).stripTrailing());
        return lines;
    }
}
