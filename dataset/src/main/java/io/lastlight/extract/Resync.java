package io.lastlight.extract;

import org.netpreserve.jwarc.WarcReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Finds where reading can resume after a damaged record: the next position at or after a given one where a record
 * head can be read (a line starting {@code WARC/1.} in an uncompressed file, a gzip member in a per-record gzip file,
 * a zstd frame that decodes to {@code WARC/1.} in a per-record zstd file, see {@link ZstdFrames}). Other formats
 * cannot be entered part-way. The extraction ({@link WarcCaptureReader}) and the revisit scan
 * (io.lastlight.revisit.RevisitScanner) resume at the same places, so both see the same records after damage.
 */
public final class Resync {
    private static final byte[] WARC = {'W', 'A', 'R', 'C', '/', '1', '.'};
    private static final byte[] GZIP = {0x1f, (byte) 0x8b, 0x08};
    private static final int CHUNK = 1 << 20;

    private Resync() {}

    /** Whether reading can resume after damage: uncompressed, per-record gzip and per-record zstd files. */
    public static boolean resumable(WarcFormat format) {
        return format == WarcFormat.PLAIN || format == WarcFormat.GZIP || format == WarcFormat.ZSTD;
    }

    /**
     * Where reading resumes when the record (or the pass) starting at {@code offset} could not be read to its end: the
     * next readable record after it, or -1 (none, or a format that cannot be entered part-way).
     */
    public static long afterRecord(WarcFormat.Bytes file, WarcFormat format, long offset) throws IOException {
        return resumable(format) ? next(file, format, offset + 1) : -1;
    }

    /**
     * Where reading resumes when jwarc failed at {@code at} (its position) in a pass that began at {@code start}, or -1.
     * In a per-record gzip file jwarc stops at a member's end: stray bytes after a record inside its member fail the
     * parse with the position at the next member, which may well be readable, so that member is tried first (unless
     * the pass began there). Elsewhere the next readable record after {@code at} (in a per-record zstd file, jwarc fails
     * at the start of the frame it cannot decode, or of stray bytes where a frame should begin).
     */
    public static long afterFailure(WarcFormat.Bytes file, WarcFormat format, long start, long at) throws IOException {
        if (!resumable(format)) return -1;
        boolean member = false;
        if (format == WarcFormat.GZIP && at > start) {
            try (SeekableByteChannel ch = file.open()) {
                member = WarcFormat.startsWithGzip(ch, at);
            }
        }
        return next(file, format, member ? at : at + 1);
    }

    /** The offset of the next readable record at or after {@code from}, or -1 if there is none. */
    static long next(WarcFormat.Bytes file, WarcFormat format, long from) throws IOException {
        return next(file, format, from, Long.MAX_VALUE);
    }

    /**
     * Where a record that ran past its end swallowed the start of another: the first readable record that begins in
     * {@code (offset, end)}, where {@code offset} is the record's own and {@code end} is where jwarc took the next one
     * to begin (it skipped what it could not parse after the overrun), or -1 if none begins between them. Only a
     * record whose trailer was not where its Content-Length said needs this ({@link WarcCaptureReader}).
     */
    public static long swallowed(WarcFormat.Bytes file, WarcFormat format, long offset, long end) throws IOException {
        if (!resumable(format) || end <= offset + 1) return -1;
        long at = next(file, format, offset + 1, end);
        return at >= 0 && at < end ? at : -1;
    }

    /** As {@link #next(WarcFormat.Bytes, WarcFormat, long)}, looking only at records that begin before {@code limit}. */
    static long next(WarcFormat.Bytes file, WarcFormat format, long from, long limit) throws IOException {
        if (!resumable(format)) return -1;
        byte[] pattern = format == WarcFormat.GZIP ? GZIP : format == WarcFormat.ZSTD ? ZstdFrames.MAGIC : WARC;
        try (SeekableByteChannel ch = file.open();
             ZstdFrames.Probe frames = new ZstdFrames.Probe(ch)) {
            long at = from;
            while (true) {
                long candidate = find(ch, pattern, at, format == WarcFormat.PLAIN, limit);
                if (candidate < 0 || candidate >= limit) return -1;
                if (format == WarcFormat.ZSTD ? frames.startsRecord(candidate) : readsRecord(file, candidate)) return candidate;
                at = candidate + 1;
            }
        }
    }

    /** Whether the bytes in [from, to) are only CR, LF, space or tab (blank lines between records, not damage). */
    static boolean blank(WarcFormat.Bytes file, long from, long to) throws IOException {
        if (to - from > CHUNK) return false;
        try (SeekableByteChannel ch = file.open()) {
            for (byte b : WarcFormat.read(ch, from, (int) (to - from))) {
                if (b != '\r' && b != '\n' && b != ' ' && b != '\t') return false;
            }
            return true;
        }
    }

    private static boolean readsRecord(WarcFormat.Bytes file, long at) {
        try (SeekableByteChannel ch = file.open()) {
            ch.position(at);
            WarcReader r = new WarcReader(ch);
            r.setLenient(true);
            return r.next().isPresent();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Next occurrence of {@code pattern} at or after {@code from} (at a line start if {@code lineStart}) and before
     * {@code limit}, or -1.
     */
    private static long find(SeekableByteChannel ch, byte[] pattern, long from, boolean lineStart, long limit) throws IOException {
        long size = Math.min(ch.size(), limit == Long.MAX_VALUE ? Long.MAX_VALUE : limit + pattern.length);
        int chunk = (int) Math.min(CHUNK, Math.max(0, size - from) + 1);
        ByteBuffer buf = ByteBuffer.allocate(chunk + pattern.length);
        for (long base = from; base < size; base += chunk) {
            buf.clear();
            long readFrom = Math.max(0, base - 1); // one byte before, to see the line start
            ch.position(readFrom);
            while (buf.hasRemaining() && readFrom + buf.position() < size && ch.read(buf) > 0) { /* fill */ }
            byte[] b = buf.array();
            int n = (int) Math.min(buf.position(), size - readFrom);
            for (int i = (int) (base - readFrom); i + pattern.length <= n; i++) {
                // a record line starts a line, or follows NUL padding (a copy that zero-filled a gap)
                if (matches(b, i, pattern) && (!lineStart || readFrom + i == 0 || b[i - 1] == '\n' || b[i - 1] == 0)) return readFrom + i;
            }
        }
        return -1;
    }

    private static boolean matches(byte[] b, int at, byte[] pattern) {
        for (int j = 0; j < pattern.length; j++) if (b[at + j] != pattern[j]) return false;
        return true;
    }
}
