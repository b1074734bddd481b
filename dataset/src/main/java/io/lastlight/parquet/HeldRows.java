package io.lastlight.parquet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows an {@link ExternalSort} holds before a spill: each row's {@link SortKey} bytes followed by its
 * {@link RunCodec} bytes, packed into arrays of {@code chunkSize} bytes; where each row lies is four ints in one
 * primitive array, so held rows cost the collector no objects to copy. {@link #sorted} orders them by their key
 * bytes (one unsigned comparison, mostly of an 8-byte prefix held apart), ties in the order added.
 */
final class HeldRows {
    /** Ints per held row in {@link #where}: chunk, offset, key length, row length. */
    private static final int WHERE = 4;
    /**
     * Heap bytes a held row costs beyond its bytes: its place in {@link #where} (counted twice: the array doubles as
     * it grows, and the old one is live while it is copied), the sort's two index arrays and its prefix.
     */
    static final int ENTRY_BYTES = 2 * 4 * WHERE + 8 + 8;

    private final int chunkSize;
    /** The arrays held rows are encoded into; a row's chunk is its index here. */
    private List<byte[]> chunks = new ArrayList<>();
    private byte[] chunk = new byte[0];
    private int chunkUsed;
    /** Per held row, {@value #WHERE} ints: chunk index, offset, key length, row length (the row's bytes follow its key). */
    private int[] where = new int[WHERE * 1024];
    private int held;
    /** Heap bytes held: the chunks and {@link #ENTRY_BYTES} per row. */
    private long bytes;
    /**
     * Per held row while they are sorted: the 8 key bytes after the prefix every held key shares (a table's keys
     * begin alike: the platform, often the instance), big-endian, zero-padded. Most comparisons end on these, in
     * one array, instead of in the keys spread over the chunks. Unequal prefixes order as the whole keys do: no key
     * is a proper prefix of another ({@link SortKey}'s encoding is prefix-free), so two keys that differ do so
     * before the shorter one ends.
     */
    private long[] prefixes = new long[0];

    HeldRows(int chunkSize) {
        this.chunkSize = chunkSize;
    }

    /** Holds a row: {@code key[0, keyLength)} then {@code row[0, rowLength)}. */
    void add(byte[] key, int keyLength, byte[] row, int rowLength) {
        int length = keyLength + rowLength;
        if (chunkUsed + length > chunk.length) {
            chunk = new byte[Math.max(chunkSize, length)];
            chunks.add(chunk);
            chunkUsed = 0;
            bytes += chunk.length;
        }
        System.arraycopy(key, 0, chunk, chunkUsed, keyLength);
        System.arraycopy(row, 0, chunk, chunkUsed + keyLength, rowLength);
        if (WHERE * (held + 1) > where.length) where = Arrays.copyOf(where, 2 * where.length);
        int w = WHERE * held++;
        where[w] = chunks.size() - 1;
        where[w + 1] = chunkUsed;
        where[w + 2] = keyLength;
        where[w + 3] = rowLength;
        chunkUsed += length;
        bytes += ENTRY_BYTES;
    }

    int count() {
        return held;
    }

    long bytes() {
        return bytes;
    }

    /** The array holding row {@code i}'s key and row bytes. */
    byte[] array(int i) {
        return chunks.get(where[WHERE * i]);
    }

    /** Where row {@code i}'s key begins in {@link #array}; its row bytes follow the key. */
    int keyOffset(int i) {
        return where[WHERE * i + 1];
    }

    int keyLength(int i) {
        return where[WHERE * i + 2];
    }

    int rowLength(int i) {
        return where[WHERE * i + 3];
    }

    /** Drops the held rows and their arrays. */
    void clear() {
        chunks = new ArrayList<>();
        chunk = new byte[0];
        chunkUsed = 0;
        where = new int[WHERE * 1024];
        held = 0;
        bytes = 0;
    }

    /** The held rows' indexes in key order, ties in the order added. */
    int[] sorted() {
        int[] order = new int[held];
        for (int i = 0; i < held; i++) order[i] = i;
        if (held > 1) {
            fillPrefixes();
            mergeSort(order, order.clone(), 0, held);
            prefixes = new long[0];
        }
        return order;
    }

    /** Held row {@code a} against {@code b}: by key bytes, then by the order they were added. */
    private int compare(int a, int b) {
        int c = Long.compareUnsigned(prefixes[a], prefixes[b]);
        if (c != 0) return c;
        int wa = WHERE * a, wb = WHERE * b;
        int oa = where[wa + 1], ob = where[wb + 1];
        c = Arrays.compareUnsigned(chunks.get(where[wa]), oa, oa + where[wa + 2],
                chunks.get(where[wb]), ob, ob + where[wb + 2]);
        return c != 0 ? c : Integer.compare(a, b);
    }

    /** {@link #prefixes}: the length of the prefix all held keys share, then each key's next 8 bytes. */
    private void fillPrefixes() {
        byte[] first = chunks.get(where[0]);
        int firstFrom = where[1], firstTo = firstFrom + where[2];
        int shared = where[2];
        for (int i = 1; i < held && shared > 0; i++) {
            int w = WHERE * i, from = where[w + 1];
            int m = Arrays.mismatch(first, firstFrom, firstTo, chunks.get(where[w]), from, from + where[w + 2]);
            if (m >= 0) shared = Math.min(shared, m);
        }
        prefixes = new long[held];
        for (int i = 0; i < held; i++) {
            int w = WHERE * i;
            byte[] c = chunks.get(where[w]);
            int from = where[w + 1] + shared, to = where[w + 1] + where[w + 2];
            long p = 0;
            for (int k = 0; k < 8; k++) p = (p << 8) | (from + k < to ? c[from + k] & 0xff : 0);
            prefixes[i] = p;
        }
    }

    /** Sorts {@code a[from, to)} by {@link #compare}; {@code tmp} holds the same values on entry. */
    private void mergeSort(int[] a, int[] tmp, int from, int to) {
        if (to - from <= 12) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i], j = i - 1;
                while (j >= from && compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid);
        mergeSort(a, tmp, mid, to);
        if (compare(a[mid - 1], a[mid]) <= 0) return;
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from, j = mid, k = from;
        while (i < mid && j < to) a[k++] = compare(tmp[j], tmp[i]) < 0 ? tmp[j++] : tmp[i++];
        while (i < mid) a[k++] = tmp[i++];
        while (j < to) a[k++] = tmp[j++];
    }
}
