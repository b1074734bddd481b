package io.lastlight.crawl;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The URLs of the items this process fetched most recently, by frontier id: a capture's metadata record names its
 * parent's URL ({@code via}), and with the parent's URL at hand the threads that compress a capture's records can
 * make that record too, instead of the results thread looking the parent up in the frontier and compressing it there
 * (a sixth of that thread's time, BENCHMARKS.md session 19). Bounded: the oldest id is forgotten when a new one comes
 * past {@link #CAPACITY}; an item whose parent is not here (fetched long ago, before a resume, or by another worker)
 * has its parent looked up as before. Remembered by the thread that leases items, read by any.
 */
final class ParentUrls {
    /** ~10 MB at ~150 bytes a URL. */
    static final int CAPACITY = 1 << 16;

    private final ConcurrentHashMap<Long, String> urls = new ConcurrentHashMap<>();
    private final long[] order;
    private int next;
    private int size;

    ParentUrls() {
        this(CAPACITY);
    }

    ParentUrls(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.order = new long[capacity];
    }

    /** Remembers an item being fetched, as the parent of what it may lead to. */
    synchronized void remember(long id, String url) {
        if (urls.put(id, url) != null) return; // fetched again (a retry): already in the ring
        if (size == order.length) urls.remove(order[next]);
        else size++;
        order[next] = id;
        next = (next + 1) % order.length;
    }

    /** The URL of item {@code id} if this process fetched it recently, else null. */
    String get(long id) {
        return urls.get(id);
    }
}
