package io.lastlight.classify;

import java.util.Arrays;

/**
 * A small open-addressing map from words to ids that looks words up directly in a char buffer, so the scan of a
 * post allocates nothing.
 */
final class WordIndex {
    private final char[][] keys;
    private final int[] ids;
    private final int mask;
    private int size;

    WordIndex(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 3)) << 1;
        keys = new char[cap][];
        ids = new int[cap];
        mask = cap - 1;
    }

    /** Adds a word with an id (keeps the first id when present); returns the stored id. */
    int put(String word, int id) {
        char[] w = word.toCharArray();
        int h = hash(w, 0, w.length) & mask;
        while (keys[h] != null) {
            if (Arrays.equals(keys[h], w)) return ids[h];
            h = (h + 1) & mask;
        }
        if (size * 2 >= keys.length) throw new IllegalStateException("WordIndex full; raise the expected size");
        keys[h] = w;
        ids[h] = id;
        size++;
        return id;
    }

    /** The id of {@code buf[from, to)}, or -1. */
    int get(char[] buf, int from, int to) {
        int h = hash(buf, from, to) & mask;
        int len = to - from;
        while (true) {
            char[] k = keys[h];
            if (k == null) return -1;
            if (k.length == len && Arrays.equals(k, 0, len, buf, from, to)) return ids[h];
            h = (h + 1) & mask;
        }
    }

    int get(String word) {
        char[] w = word.toCharArray();
        return get(w, 0, w.length);
    }

    boolean contains(String word) {
        return get(word) >= 0;
    }

    int size() {
        return size;
    }

    private static int hash(char[] b, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h ^= b[i];
            h *= 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
