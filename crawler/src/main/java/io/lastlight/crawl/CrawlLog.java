package io.lastlight.crawl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One-line JSON events on stderr (fetch errors, failures, stats). Never given header values, so secrets
 * cannot reach the log. On a terminal, a live status line ({@link Progress}'s bar) is cleared before each event
 * and drawn again after it, so an event never lands in the middle of the bar.
 */
public final class CrawlLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile PrintStream out = System.err;
    private static volatile boolean quietEvents;
    /** Held while a log line or the live line is written, so the two never interleave. */
    static final Object LOCK = new Object();
    private static LiveLine live;

    /** A status line kept at the bottom of the terminal while log lines scroll above it. */
    interface LiveLine {
        /** Blanks the line and returns to its start (the cursor where the log line begins). */
        void clear();

        /** Draws the line again (after a log line ended with a newline). */
        void redraw();
    }

    private CrawlLog() {}

    public static void redirect(PrintStream stream) {
        out = stream;
    }

    /** Suppresses per-item events (progress lines and the summary still print). */
    public static void quietEvents(boolean quiet) {
        quietEvents = quiet;
    }

    public static void event(String type, Map<String, ?> fields) {
        if (quietEvents) return;
        line(type, fields);
    }

    /** Shows {@code line} as the live status line (null: none any more). Call with {@link #LOCK} held. */
    static void live(LiveLine line) {
        live = line;
    }

    public static void line(String type, Map<String, ?> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.now().toString());
        m.put("event", type);
        m.putAll(fields);
        String text;
        try {
            text = JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            text = "{\"event\":\"log-error\"}";
        }
        synchronized (LOCK) {
            LiveLine l = live;
            if (l != null) l.clear();
            out.println(text);
            if (l != null) l.redraw();
        }
    }
}
