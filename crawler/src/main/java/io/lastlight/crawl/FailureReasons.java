package io.lastlight.crawl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Why items failed for good in this session, by kind: how many, and the first few distinct reasons (digits folded,
 * so "HTTP 404 …/accounts/7" and "…/accounts/9" count as one), for {@code coverage.json}'s {@code failures}; the
 * 'failed' events in the log name every item. Thread-safe.
 */
public final class FailureReasons {
    static final int REASONS_PER_KIND = 3;
    private final Map<String, Long> byKind = new ConcurrentHashMap<>();
    private final Map<String, List<String>> reasons = new ConcurrentHashMap<>();

    void record(String kind, String reason) {
        byKind.merge(kind, 1L, Long::sum);
        List<String> list = reasons.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>());
        String folded = String.valueOf(reason).replaceAll("\\d+", "#");
        synchronized (list) {
            if (list.size() >= REASONS_PER_KIND) return;
            for (String r : list) if (r.replaceAll("\\d+", "#").equals(folded)) return;
            list.add(String.valueOf(reason));
        }
    }

    public long total() {
        long n = 0;
        for (long v : byKind.values()) n += v;
        return n;
    }

    /** Per kind: {@code items} and {@code reasons}. */
    public Map<String, Object> byKind() {
        Map<String, Object> out = new TreeMap<>();
        byKind.forEach((k, n) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("items", n);
            m.put("reasons", List.copyOf(reasons.getOrDefault(k, List.of())));
            out.put(k, m);
        });
        return out;
    }
}
