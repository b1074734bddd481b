package io.lastlight.warc;

import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.Warcinfo;
import org.netpreserve.jwarc.cdx.CdxFormat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Indexes a WARC file as CDXJ, the index pywb and ReplayWeb.page read: one line per response, resource or
 * revisit record, {@code <SURT key> <14-digit timestamp> {"url", "mime", "status", "digest", "length",
 * "offset", "filename"}}, sorted. The line format is jwarc's {@link CdxFormat#CDXJ} (pywb's field names and
 * SURT canonicalisation); offsets and lengths are those of the record's gzip member in the file.
 * <p>
 * Reading is lenient: a record whose HTTP message cannot be parsed is skipped and counted, and a file that is
 * damaged part-way is indexed up to its last readable record with the damage reported (where, in
 * {@link Scan#damageAt}), never thrown; a caller that can find the next readable record resumes there with
 * {@link #scanAt}. Only files whose records each have an offset of their own are indexed: uncompressed and per-record
 * gzip. Records sharing a gzip member get no line ({@link Scan#sharedMembers}) and zstd files are refused.
 * Sorting spills to disk, so indexing a file of any size needs bounded memory.
 */
public final class CdxjIndexer {
    /** Suffix of the index written beside a WARC file: {@code NAME.warc.gz.cdxj}. */
    public static final String SUFFIX = ".cdxj";
    private static final String TMP_SUFFIX = ".cdxj.tmp";
    private static final String RUN_MARK = ".cdxj-run-";
    /** About 64 MiB of heap for lines before a sorted run is spilled. */
    static final long DEFAULT_BUFFER_CHARS = 32L << 20;

    private CdxjIndexer() {}

    /** What indexing one file produced: the index written (if any), its line count, records skipped, damage. */
    public record Result(Path index, long lines, long skipped, String damage) {}

    /** Receives what a scan finds, in file order. */
    public interface Listener {
        /** A warcinfo record (its fields are readable here). */
        default void warcinfo(Warcinfo info) throws IOException {}

        /**
         * An indexed record, before its line: the record's body may be read here (its HTTP headers are
         * already parsed). Exceptions skip the record.
         */
        default void capture(WarcCaptureRecord record) throws IOException {}

        /** The record's CDXJ line (unsorted; file order). */
        void line(String cdxj) throws IOException;
    }

    /** Counts from a scan. */
    public static final class Scan {
        public long lines;
        public long skipped;
        public final List<String> skippedReasons = new ArrayList<>();
        /** Set when the file could not be read to its end: where and why. */
        public String damage;
        /** Where the reader stood when the damage stopped it (a position in the file), or -1. */
        public long damageAt = -1;
        /** The record whose end the damage hid (left out of the index), or -1. */
        public long damagedRecord = -1;
        /**
         * Records placed at the same offset as the record before them: in a gzip file, records sharing one member
         * (concatenated whole-file gzips, bgzip blocks), which have no offset of their own. No line is written for
         * either; a caller that needs them re-compresses the file one member per record.
         */
        public long sharedMembers;
    }

    /** Where the index of {@code warc} lives: beside it, {@code NAME.warc.gz.cdxj}. */
    public static Path indexFileFor(Path warc) {
        return warc.resolveSibling(warc.getFileName().toString() + SUFFIX);
    }

    /**
     * Writes {@code NAME.cdxj} beside a closed WARC file, sorted, via a temporary file renamed into place (so
     * an index that exists is complete).
     */
    public static Result writeBeside(Path warc) throws IOException {
        return write(warc, indexFileFor(warc));
    }

    /** Indexes {@code warc} into {@code out} (sorted; written to a temporary name, then renamed). */
    public static Result write(Path warc, Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        String filename = warc.getFileName().toString();
        try (SortedLines sorted = lines(dir, filename, DEFAULT_BUFFER_CHARS)) {
            Scan scan;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(warc), 1 << 16)) {
                scan = scan(in, filename, Files.size(warc), sorted::add);
            }
            writeSorted(sorted, out);
            return new Result(out, scan.lines, scan.skipped, scan.damage);
        }
    }

    /** Where the lines of {@code filename}'s index are gathered (runs spilled in {@code dir}, removed on close). */
    static SortedLines lines(Path dir, String filename, long bufferChars) {
        return new SortedLines(dir, "." + filename + RUN_MARK, bufferChars);
    }

    /** Writes the lines sorted into {@code out}, through a temporary file renamed into place. */
    static void writeSorted(SortedLines sorted, Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Path tmp = dir.resolve(out.getFileName().toString().replaceFirst("\\.cdxj$", "") + TMP_SUFFIX);
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                sorted.writeTo(w);
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a WARC file from {@code in} (consumed to its end, so a caller's checksum covers every byte) and
     * reports each indexable record to {@code listener}.
     *
     * @param filename the {@code filename} written into each line
     * @param size the file's size: where its last record ends
     */
    public static Scan scan(InputStream in, String filename, long size, Listener listener) throws IOException {
        java.io.PushbackInputStream peek = new java.io.PushbackInputStream(in, 4);
        byte[] head = peek.readNBytes(4);
        peek.unread(head);
        refuseZstd(head, filename);
        in = peek;
        Scan scan = scan(new WarcReader(in), filename, size, listener);
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return scan;
    }

    /**
     * As {@link #scan(InputStream, String, long, Listener)}, from where {@code ch} stands (a record's offset, e.g.
     * where reading resumes after damage): offsets in the lines are positions in the file. The channel is left open.
     */
    public static Scan scanAt(FileChannel ch, String filename, long size, Listener listener) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4);
        ch.read(head, 0);
        refuseZstd(head.array(), filename);
        return scan(new WarcReader(ch), filename, size, listener);
    }

    /**
     * jwarc 0.36 loops forever at the end of a zstd file read as a stream, and replay tools (pywb, ReplayWeb.page)
     * cannot read zstd WARC files at all: a zstd file is never indexed here.
     */
    private static void refuseZstd(byte[] head, String filename) throws IOException {
        if (head.length < 4) return;
        int magic = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
        if (magic == 0xFD2FB528 || (magic & 0xFFFFFFF0) == 0x184D2A50) {
            throw new IOException(filename + " is zstd-compressed: it cannot be indexed for replay as it is"
                    + " (re-compress it as gzip per record; lastlight package does that itself)");
        }
    }

    private static Scan scan(WarcReader reader, String filename, long size, Listener listener) throws IOException {
        Scan scan = new Scan();
        reader.setLenient(true);
        WarcRecord rec = next(reader, scan, 0);
        long previous = -1;
        while (rec != null) {
            boolean shared = rec.position() == previous;
            if (shared) scan.sharedMembers++;
            previous = rec.position();
            if (!isIndexable(rec)) {
                if (rec instanceof Warcinfo) {
                    try {
                        listener.warcinfo((Warcinfo) rec);
                    } catch (IOException | RuntimeException e) {
                        skip(scan, rec, "unreadable warcinfo: " + e.getMessage());
                    }
                }
                long at = rec.position();
                rec = next(reader, scan, at);
                if (scan.damage != null) scan.damagedRecord = at;
                continue;
            }
            WarcCaptureRecord capture = (WarcCaptureRecord) rec;
            long offset = rec.position();
            String problem = null;
            try {
                // parse the HTTP head now: the line needs status and type after the reader has moved on
                if (capture instanceof WarcRevisit && capture.contentType().base().equals(MediaType.HTTP)) {
                    ((WarcRevisit) capture).http();
                } else {
                    capture.payload();
                }
                if (capture.headers().first("WARC-Date").isEmpty()) problem = "no WARC-Date";
                else listener.capture(capture);
            } catch (IOException | RuntimeException e) {
                problem = "unreadable HTTP message: " + e.getMessage();
            }
            WarcRecord next = next(reader, scan, offset);
            if (scan.damage != null) {
                // the record's end is unknown: it cannot be pointed at safely
                scan.damagedRecord = offset;
                skip(scan, rec, "record runs into the damaged part of the file");
                break;
            }
            long end = next != null ? next.position() : size;
            // a record sharing a gzip member with the next one has no bytes of its own (see Scan.sharedMembers)
            if (problem == null && end <= offset) problem = "shares a gzip member with the record after it (no offset of its own)";
            if (problem == null && shared) problem = "shares a gzip member with the record before it";
            if (problem == null) {
                try {
                    listener.line(CdxFormat.CDXJ.format(capture, filename, offset, end - offset));
                    scan.lines++;
                } catch (RuntimeException e) {
                    problem = "cannot format the index line: " + e.getMessage();
                }
            }
            if (problem != null) skip(scan, rec, problem);
            rec = next;
        }
        return scan;
    }

    private static WarcRecord next(WarcReader reader, Scan scan, long after) {
        try {
            Optional<WarcRecord> r = reader.next();
            return r.orElse(null);
        } catch (IOException | RuntimeException e) {
            scan.damage = "unreadable record after offset " + after + ": " + e.getMessage();
            scan.damageAt = reader.position();
            return null;
        }
    }

    private static void skip(Scan scan, WarcRecord rec, String why) {
        scan.skipped++;
        if (scan.skippedReasons.size() < 20) scan.skippedReasons.add("offset " + rec.position() + ": " + why);
    }

    /** Response and resource records with a payload, and revisits: what replay looks up (as jwarc's cdx tool). */
    public static boolean isIndexable(WarcRecord rec) {
        return rec instanceof WarcResponse || rec instanceof WarcResource || rec instanceof WarcRevisit;
    }

    /**
     * Indexes every closed WARC file in {@code dir} that has no index yet (e.g. recovered after a crash, or
     * closed just before one) and removes temporary files a killed indexer left. Problems go to {@code warn}.
     *
     * @return the files indexed
     */
    public static List<Result> indexMissing(Path dir, Consumer<String> warn) throws IOException {
        List<Result> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        List<Path> warcs = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(TMP_SUFFIX) || n.contains(RUN_MARK)) Files.deleteIfExists(p);
                else if ((n.endsWith(WarcFileNames.SUFFIX) || n.endsWith(".warc")) && !Files.exists(indexFileFor(p))) warcs.add(p);
            }
        }
        warcs.sort(null);
        for (Path w : warcs) {
            Result r = indexQuietly(w, warn);
            if (r != null) out.add(r);
        }
        return out;
    }

    /**
     * A {@link WarcSink} close callback that writes each closed file's index. It never throws: a WARC file is
     * safe once closed, so a failed index is reported to {@code warn} and rebuilt later by
     * {@link #indexMissing} (on {@code crawl --resume}) or by {@code lastlight package}.
     */
    public static Consumer<Path> onClosed(Consumer<String> warn) {
        return warc -> indexQuietly(warc, warn);
    }

    private static Result indexQuietly(Path warc, Consumer<String> warn) {
        try {
            Result r = writeBeside(warc);
            if (r.damage() != null) warn.accept(warc.getFileName() + ": indexed up to the damage: " + r.damage());
            else if (r.skipped() > 0) warn.accept(warc.getFileName() + ": " + r.skipped() + " records left out of the index");
            return r;
        } catch (IOException | RuntimeException e) {
            warn.accept("could not index " + warc.getFileName() + ": " + e
                    + " (the WARC file is intact; the index is rebuilt by crawl --resume or lastlight package)");
            return null;
        }
    }
}
