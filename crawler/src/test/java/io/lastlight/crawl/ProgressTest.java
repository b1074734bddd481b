package io.lastlight.crawl;

import io.lastlight.frontier.FrontierStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live bar only when stderr is a terminal, never wider than the terminal, and never with an event in the middle
 * of it (the review: {@code crawl ... 2> log} run from a shell wrote bars into the log, events landed mid-bar, and the
 * bar was 112 columns on an 80-column terminal).
 */
class ProgressTest {
    /** Maven's forked JVM writes stderr to a pipe or file: JSON lines, whatever stdin and stdout are. */
    @Test
    void underMavenItIsNotATerminal() {
        assertFalse(Progress.auto(false).terminal());
    }

    @ParameterizedTest(name = "{0} columns")
    @CsvSource({"40", "80", "120", "200"})
    void theBarFitsTheTerminalAndAnEventClearsItThenItIsDrawnAgain(int columns) {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(screen, true, StandardCharsets.UTF_8);
        PrintStream old = System.err;
        CrawlLog.redirect(stream);
        try {
            Progress p = new Progress(stream, true, false, columns);
            CrawlStats s = new CrawlStats();
            s.captures.set(12_345);
            s.bytes.set(879_300);
            FrontierStats f = new FrontierStats(1_200, 0, 340, 3);
            p.tick(s, f);
            CrawlLog.event("discovery-stopped", Map.of("list_pages_to_edges_tier", 7));
            p.tick(s, f);
            p.finished(new CrawlSummary(Crawler.Outcome.COMPLETE, s, f, Map.of()));
        } finally {
            CrawlLog.redirect(old);
        }
        List<String> lines = render(screen.toString(StandardCharsets.UTF_8));
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("{\"time\":") && lines.get(0).endsWith("\"list_pages_to_edges_tier\":7}"),
                "the event shares its line with the bar: " + lines.get(0));
        assertTrue(lines.get(1).contains("done 340 failed 3") || columns < 80, lines.get(1));
        assertTrue(lines.get(1).trim().contains("%"), "no bar drawn: " + lines.get(1));
        assertTrue(lines.get(2).startsWith("{\"time\":") && lines.get(2).contains("\"event\":\"summary\""), lines.get(2));
        for (String l : lines) {
            if (!l.startsWith("{")) assertTrue(l.length() < columns, l.length() + " columns: " + l);
        }
        if (columns >= 120) assertTrue(lines.get(1).startsWith("["), "room for a bar, none drawn: " + lines.get(1));
    }

    /** During a long wait the bar says so, with the reason and the seconds left on the crawl's clock. */
    @Test
    void theBarShowsAPauseWhileItLasts() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(screen, true, StandardCharsets.UTF_8);
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
        Progress p = new Progress(stream, true, false, 200).clock(clock);
        CrawlStats s = new CrawlStats();
        FrontierStats f = new FrontierStats(10, 0, 5, 0);
        s.waiting = new CrawlStats.Waiting("h", "quota-reset", clock.instant().plusSeconds(42));
        p.tick(s, f);
        s.waiting = null;
        p.tick(s, f);
        String out = screen.toString(StandardCharsets.UTF_8);
        String[] draws = out.split("\r");
        assertTrue(out.contains("paused: quota-reset 42s"), out);
        assertFalse(draws[draws.length - 1].contains("paused"), "the note stays after the pause: " + out);
    }

    /** Not a terminal: each tick is a JSON line, with no carriage return anywhere. */
    @Test
    void offATerminalEveryTickIsAJsonLine() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(log, true, StandardCharsets.UTF_8);
        PrintStream old = System.err;
        CrawlLog.redirect(stream);
        try {
            Progress p = new Progress(stream, false, false, 80);
            p.tick(new CrawlStats(), new FrontierStats(5, 0, 1, 0));
            p.tick(new CrawlStats(), new FrontierStats(5, 0, 1, 0));
        } finally {
            CrawlLog.redirect(old);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), text);
        for (String l : text.split("\n")) assertTrue(l.startsWith("{\"time\":") && l.contains("\"event\":\"progress\""), l);
    }

    /** The screen a terminal shows for {@code text}: CR returns to the line's start, what follows overwrites it. */
    static List<String> render(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int col = 0;
        for (char c : text.toCharArray()) {
            if (c == '\n') {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                col = 0;
            } else if (c == '\r') {
                col = 0;
            } else {
                if (col < line.length()) line.setCharAt(col, c);
                else line.append(c);
                col++;
            }
        }
        if (line.length() > 0) lines.add(line.toString().stripTrailing());
        return lines;
    }
}
