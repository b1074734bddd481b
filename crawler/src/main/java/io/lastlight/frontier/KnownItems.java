package io.lastlight.frontier;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this process already knows to be in the items table, so the frontier need not ask SQLite again: keys
 * it has inserted or found there, and the URLs of items it has leased or whose children it has leased. Items
 * are never deleted and neither their key nor their URL changes, so an entry never goes stale; both maps are
 * bounded (oldest out), so the heap does not grow with the frontier. A key or URL not held here
 * is looked up as before: the cache only saves statements, it never answers for the database.
 * Not thread-safe: {@link SqliteFrontier} uses it under its lock.
 */
final class KnownItems {
    /** Keys held: a link repeated across list pages (a followed account) is looked up once per this many. */
    static final int KEYS = 1 << 16;
    /** URLs held: more than a lease batch's parents, so a leased item's parent is always found here. */
    static final int URLS = 1 << 12;

    private final Map<String, Boolean> keys = bounded(KEYS);
    private final Map<Long, String> urls = bounded(URLS);

    private static <K, V> Map<K, V> bounded(int max) {
        // Insertion order, oldest out: a hit does not reorder (and dirty) the map.
        return new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    boolean hasKey(String key) {
        return keys.get(key) != null;
    }

    void keyKnown(String key) {
        keys.put(key, Boolean.TRUE);
    }

    String url(long id) {
        return urls.get(id);
    }

    void urlKnown(long id, String url) {
        if (url != null) urls.put(id, url);
    }

    /** Forgets everything (after a rollback: what was inserted in it is gone, and its ids may be reused). */
    void clear() {
        keys.clear();
        urls.clear();
    }
}
