package io.lastlight.frontier;

import java.util.Map;

/**
 * Expected pages noted since the last outcome, committed with the next one (the capture that implied them): by
 * kind, then tier. Not thread-safe: {@link PostgresFrontier}'s lock guards it.
 */
final class PendingPages {
    private final Map<String, Map<Integer, Long>> expected = new java.util.TreeMap<>();

    void add(String kind, int tier, long pages) {
        expected.computeIfAbsent(kind, k -> new java.util.TreeMap<>()).merge(tier, pages, Long::sum);
    }

    Map<String, Map<Integer, Long>> take() {
        if (expected.isEmpty()) return Map.of();
        Map<String, Map<Integer, Long>> out = new java.util.TreeMap<>(expected);
        expected.clear();
        return out;
    }
}
