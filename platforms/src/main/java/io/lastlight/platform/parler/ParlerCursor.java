package io.lastlight.platform.parler;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Parler's list cursors ({@code startkey}, {@code next}, {@code last}): when a list page has a next page, and
 * which key fetches it.
 */
final class ParlerCursor {
    private ParlerCursor() {}

    /**
     * The next page's key, or null at the end or when the cursor misbehaves: the same key again, or keys
     * that stop being monotonic (time-and-counter keys must fall on a newest-first list, offsets must grow),
     * which is where the 2021 scrapers stopped too. Cycles of distinct keys are cut by the frontier's
     * de-duplication, endless fresh keys by {@code max_hops}.
     */
    static String nextKey(JsonNode root, Map<String, String> q, boolean newestFirst) {
        if (root.path("last").asBoolean(true)) return null;
        String next = ParlerJson.text(root, "next");
        String current = q.get("startkey");
        if (next == null || next.isEmpty() || next.equals(current)) return null;
        if (current != null && !current.isEmpty()) {
            long a = keyCounter(current), b = keyCounter(next);
            if (a >= 0 && b >= 0 && current.contains("_") && next.contains("_")) {
                if (newestFirst && b >= a) return null;
            } else if (current.matches("\\d{1,18}") && next.matches("\\d{1,18}")) {
                if (Long.parseLong(next) <= Long.parseLong(current)) return null;
            }
        }
        return next;
    }

    /** The counter of a {@code 2020-10-23T18:04:50.105Z_159130735} key, or -1. */
    static long keyCounter(String key) {
        int us = key.lastIndexOf('_');
        if (us < 0) return -1;
        try {
            return Long.parseLong(key.substring(us + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
