package io.lastlight.crawl;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lastlight.core.UserException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The crawl's settings as it was started, kept in the frontier ({@code meta.settings}, JSON with the keys of
 * {@code --print-default-config}), so that {@code --resume} after a crash and a worker joining a shared crawl
 * run with the crawl's rate, concurrency, schedule, scope, deadline and platform options without repeating
 * a flag. A deadline is stored as the time it resolved to ({@code +24h} does not restart on resume). What a
 * later run sets again (a flag or {@code --config}) wins for that run, and {@link #overrides} says so.
 * Not stored: the progress interval (a matter of the terminal watching).
 */
final class StoredSettings {
    static final String META_KEY = "settings";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StoredSettings() {}

    /** The settings a crawl ran with, as stored. */
    static String json(CrawlConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("platform", c.platform());
        m.put("base", c.base().toString());
        m.put("seed_users", c.seedUsers());
        m.put("scope_hosts", c.scopeHosts());
        m.put("comments", c.comments());
        m.put("html_pages", c.htmlPages());
        m.put("enumerate_ids", c.enumerateFrom() >= 0 ? c.enumerateFrom() + "-" + c.enumerateTo() : null);
        m.put("max_hops", c.maxHops());
        m.put("deadline", c.deadline() == null ? null : c.deadline().toString());
        m.put("operator", c.operator());
        m.put("rate", c.rate());
        m.put("burst", c.burst());
        m.put("concurrency", c.concurrency());
        m.put("adaptive", c.adaptive());
        m.put("ignore_robots", c.ignoreRobots());
        m.put("max_attempts", c.maxAttempts());
        m.put("backoff_base_s", seconds(c.backoffBase()));
        m.put("backoff_max_s", seconds(c.backoffMax()));
        m.put("retry_after_max_s", seconds(c.retryAfterMax()));
        m.put("max_blocked_in_a_row", c.maxBlockedInARow());
        m.put("dark_after_failures", c.darkAfterFailures());
        m.put("outage_window_s", seconds(c.outageWindow()));
        m.put("connect_timeout_s", seconds(c.connectTimeout()));
        m.put("response_timeout_s", seconds(c.responseTimeout()));
        m.put("total_timeout_s", seconds(c.totalTimeout()));
        m.put("max_body_bytes", c.maxBodyBytes());
        m.put("max_decoded_bytes", c.maxDecodedBytes());
        m.put("cookies", c.cookiesFile() == null ? null : c.cookiesFile().toString());
        m.put("token_env", c.tokenEnv());
        m.put("keep_secrets", c.keepSecrets());
        m.put("warc_size_bytes", c.maxWarcBytes());
        m.put("warc_prefix", c.warcPrefix());
        m.put("schedule", c.order() == io.lastlight.frontier.Frontier.Order.FIFO ? "fifo" : "tiered");
        m.put("seed", c.seed());
        try {
            return JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The deadline in stored settings, if the crawl has one. */
    static java.util.Optional<java.time.Instant> deadline(String json) {
        try {
            JsonNode d = JSON.readTree(json).get("deadline");
            return d == null || !d.isTextual() ? java.util.Optional.empty() : java.util.Optional.of(java.time.Instant.parse(d.asText()));
        } catch (IOException | java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }

    /**
     * Puts the stored settings into {@code s}. A stored cookies file that is not on this machine (a worker
     * elsewhere) is left out: the crawl's saved cookie values are used instead.
     */
    static void restore(CrawlSettings s, String json) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(json);
            JsonNode cookies = tree.get("cookies");
            if (cookies != null && cookies.isTextual() && !Files.isReadable(Path.of(cookies.asText()))) tree.remove("cookies");
            JSON.readerForUpdating(s).readValue(tree);
        } catch (IOException | ClassCastException e) {
            throw new UserException("the crawl's stored settings are unreadable (" + e.getMessage()
                    + "); give every setting as flags this once");
        }
    }

    /** The settings as a tree, to compare before and after flags. */
    static JsonNode tree(CrawlSettings s) {
        return JSON.valueToTree(s);
    }

    /** One note per stored key whose value a flag or --config changed for this run. */
    static List<String> overrides(String storedJson, JsonNode stored, JsonNode now) {
        return overrides(storedJson, stored, now, false);
    }

    /**
     * As above; for a worker joining a shared crawl ({@code sharedWorker}) the rate and burst notes say that the
     * value caps this worker only: the crawl's shared budget stays as the crawl was created ({@link WorkerRate}).
     */
    static List<String> overrides(String storedJson, JsonNode stored, JsonNode now, boolean sharedWorker) {
        List<String> out = new ArrayList<>();
        JsonNode keys;
        try {
            keys = JSON.readTree(storedJson);
        } catch (IOException e) {
            return out;
        }
        for (Iterator<String> it = keys.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            JsonNode a = stored.get(k);
            if (a == null) continue;
            JsonNode b = now.get(k);
            if (b == null || a.equals(b) || (a.isNumber() && b.isNumber() && a.asDouble() == b.asDouble())) continue;
            if (sharedWorker && k.equals("rate")) {
                out.add("note: rate = " + b + " (given for this worker) caps this worker only; the crawl's shared budget"
                        + " stays " + a + " requests/s for all workers together");
            } else if (sharedWorker && k.equals("burst")) {
                out.add("note: burst = " + b + " (given for this worker) applies to this worker's own ceiling only (--worker-rate,"
                        + " or a --rate of its own); the crawl's shared budget keeps burst " + a);
            } else {
                out.add("note: " + k + " = " + b + " (given for this run) overrides the crawl's stored " + a);
            }
        }
        return out;
    }
}
