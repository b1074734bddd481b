package io.lastlight.crawl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One-line JSON events on stderr (fetch errors, failures, stats). Never given header values, so secrets
 * cannot reach the log.
 */
public final class CrawlLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile PrintStream out = System.err;
    private static volatile boolean quietEvents;

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

    public static void line(String type, Map<String, ?> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.now().toString());
        m.put("event", type);
        m.putAll(fields);
        try {
            out.println(JSON.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            out.println("{\"event\":\"log-error\"}");
        }
    }
}
