package io.lastlight.warc;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts text lines in code-point order (the byte order of their UTF-8, as {@code LC_ALL=C sort} and pywb's
 * indexers sort CDXJ) with bounded memory: lines are buffered up to a character budget, spilled to sorted
 * temporary runs, and merged at the end. {@link #merge} also merges files that are each already sorted.
 */
public final class SortedLines implements Closeable {
    /** Code-point order; differs from {@link String#compareTo} only for characters outside the BMP. */
    public static final Comparator<String> ORDER = SortedLines::compareCodePoints;

    private final Path tmpDir;
    private final String runPrefix;
    private final long maxBufferedChars;
    private final List<String> buffer = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private long bufferedChars;
    private long count;

    /**
     * @param tmpDir where sorted runs are spilled (deleted on {@link #close})
     * @param runPrefix file name prefix of the runs (so leftovers of a killed process can be recognised)
     * @param maxBufferedChars characters held in memory before a run is spilled (about two bytes each on heap)
     */
    public SortedLines(Path tmpDir, String runPrefix, long maxBufferedChars) {
        this.tmpDir = tmpDir;
        this.runPrefix = runPrefix;
        this.maxBufferedChars = Math.max(1, maxBufferedChars);
    }

    /** Adds one non-empty line (without its line break). */
    public void add(String line) throws IOException {
        if (line.isEmpty() || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a line must be non-empty and hold no line break");
        }
        buffer.add(line);
        bufferedChars += line.length() + 48;
        count++;
        if (bufferedChars >= maxBufferedChars) spill();
    }

    public long count() {
        return count;
    }

    private void spill() throws IOException {
        if (buffer.isEmpty()) return;
        buffer.sort(ORDER);
        Path run = Files.createTempFile(tmpDir, runPrefix, ".run");
        runs.add(run);
        try (BufferedWriter w = Files.newBufferedWriter(run, StandardCharsets.UTF_8)) {
            for (String s : buffer) {
                w.write(s);
                w.write('\n');
            }
        }
        buffer.clear();
        bufferedChars = 0;
    }

    /** Writes every line added so far, sorted, each followed by {@code \n}; returns how many. */
    public long writeTo(Writer out) throws IOException {
        if (runs.isEmpty()) {
            buffer.sort(ORDER);
            for (String s : buffer) {
                out.write(s);
                out.write('\n');
            }
            return buffer.size();
        }
        spill();
        return merge(runs, out);
    }

    /**
     * Merges files whose lines are each sorted in {@link #ORDER} into {@code out} (blank lines are dropped);
     * returns the line count. Holds one line per file in memory.
     */
    public static long merge(List<Path> sortedFiles, Writer out) throws IOException {
        record Head(String line, BufferedReader reader) {}
        PriorityQueue<Head> heap = new PriorityQueue<>((a, b) -> ORDER.compare(a.line, b.line));
        List<BufferedReader> readers = new ArrayList<>();
        long n = 0;
        try {
            for (Path f : sortedFiles) {
                BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8);
                readers.add(r);
                String first = r.readLine();
                if (first != null) heap.add(new Head(first, r));
            }
            while (!heap.isEmpty()) {
                Head h = heap.poll();
                if (!h.line.isEmpty()) {
                    out.write(h.line);
                    out.write('\n');
                    n++;
                }
                String next = h.reader.readLine();
                if (next != null) heap.add(new Head(next, h.reader));
            }
        } finally {
            for (BufferedReader r : readers) {
                try {
                    r.close();
                } catch (IOException ignored) {
                    // reading is done; nothing was lost
                }
            }
        }
        return n;
    }

    /** Whether a's position is not after b's: used to check that a file is sorted. */
    public static boolean inOrder(String a, String b) {
        return ORDER.compare(a, b) <= 0;
    }

    private static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i), y = b.charAt(i);
            if (x != y) {
                boolean sx = Character.isSurrogate(x), sy = Character.isSurrogate(y);
                if (sx != sy) return sx ? 1 : -1; // a surrogate encodes a code point above every BMP char
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    @Override
    public void close() {
        buffer.clear();
        for (Path r : runs) {
            try {
                Files.deleteIfExists(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        runs.clear();
    }
}
