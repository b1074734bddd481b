package io.lastlight.extract;

import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/**
 * What a WARC or ARC file is, sniffed from its bytes (never its name): uncompressed, gzip per record, gzip over the
 * whole file, or zstd (the IIPC warc-zstd form ArchiveTeam writes: one frame per record, a dictionary in a skippable
 * frame at the start). jwarc reads all of them; this class decides what an offset means in each. For per-record gzip,
 * zstd and uncompressed files an offset is the byte position of the record in the file, as usual; a whole-file gzip
 * cannot be entered part-way, so its records are read from a decompressed stream and their offsets are positions in
 * the decompressed bytes (re-reading one decompresses the file up to it). Several gzip members are only taken for
 * one per record when the first holds a single record: concatenated whole-file gzips ({@code cat a.warc.gz b.warc.gz})
 * and bgzip-style blocks hold several, and their records have no offset of their own in the compressed file.
 */
public enum WarcFormat {
    PLAIN("uncompressed"), GZIP("gzip per record"), GZIP_WHOLE("gzip over the whole file"), ZSTD("zstd"),
    ZSTD_WHOLE("zstd over the whole file"), UNKNOWN("unknown");

    private final String description;

    WarcFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * Whether records' offsets are positions in the decompressed bytes: the file is compressed as one stream (a whole-file
     * gzip, or a whole-file zstd as {@code zstd crawl.warc} writes), so a record has no offset of its own in it.
     */
    public boolean decompressedOffsets() {
        return this == GZIP_WHOLE || this == ZSTD_WHOLE;
    }

    /**
     * Where a WARC file's bytes come from: a new channel over the whole file at each call, which the caller closes. A
     * local file is {@link #of(Path)}; a file of another store (the Spark job reads them through Hadoop's FileSystem)
     * supplies its own seekable channel, so every layout is read as the local build reads it: a whole-file gzip
     * decompressed up to the offset, a warc-zstd frame with the dictionary at the start of the file (jwarc looks for
     * it there when the channel is seekable).
     */
    @FunctionalInterface
    public interface Bytes {
        SeekableByteChannel open() throws IOException;

        static Bytes of(Path file) {
            return () -> FileChannel.open(file, StandardOpenOption.READ);
        }
    }

    /**
     * The file's format from its first bytes (and, for gzip, whether its first member ends where a second begins and
     * holds one record only).
     */
    public static WarcFormat sniff(Path file) throws IOException {
        return sniff(Bytes.of(file));
    }

    /** As {@link #sniff(Path)}, for a file of any store. */
    public static WarcFormat sniff(Bytes file) throws IOException {
        try (SeekableByteChannel ch = file.open()) {
            byte[] head = read(ch, 0, 8);
            if (isGzipMagic(head)) {
                long[] member = gzipMember(ch, 0);
                if (member != null && member[0] >= ch.size()) return GZIP_WHOLE; // one member: the whole file
                if (member == null || !startsWithGzip(ch, member[0])) {
                    // the first member cannot be read (corrupt, or cut short with the next member where its data should
                    // go on): one damaged record of a per-record file if a later member holds one record
                    long next = nextGzipMember(ch, 1, SEARCH_BYTES);
                    return next > 0 && oneRecord(file, next) ? GZIP : GZIP_WHOLE;
                }
                return oneRecord(file, 0) ? GZIP : GZIP_WHOLE;
            }
            if (head.length >= 4 && isZstdMagic(head)) return zstdWhole(ch) ? ZSTD_WHOLE : ZSTD;
            if (startsLikeARecord(head)) return PLAIN;
            // stray bytes before the first record (a blank line, padding, a line of junk): the file is what follows
            // them, and the reader reports them as damage (or skips them when they are blank) like stray bytes further on
            long gzip = nextGzipMember(ch, 1, SEARCH_BYTES);
            if (gzip > 0 && oneRecord(file, gzip)) return GZIP;
            return firstRecordLine(ch, SEARCH_BYTES) > 0 ? PLAIN : UNKNOWN;
        }
    }

    /** How far into a file the first readable gzip member or record line is looked for when its start is damaged. */
    static final int SEARCH_BYTES = 1 << 20;

    private static boolean isGzipMagic(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    /** The first offset in [from, from + within) where a complete gzip member begins, or -1. */
    private static long nextGzipMember(SeekableByteChannel ch, long from, int within) throws IOException {
        byte[] b = read(ch, from, (int) Math.min(within, Math.max(0, ch.size() - from)));
        for (int i = 0; i + 3 <= b.length; i++) {
            if ((b[i] & 0xff) == 0x1f && (b[i + 1] & 0xff) == 0x8b && b[i + 2] == 8 && gzipMember(ch, from + i) != null) {
                return from + i;
            }
        }
        return -1;
    }

    /** The first offset in (0, within) where {@code WARC/1.} begins a line or follows a NUL ({@link Resync}), or -1. */
    private static long firstRecordLine(SeekableByteChannel ch, int within) throws IOException {
        byte[] b = read(ch, 0, (int) Math.min(within, ch.size()));
        String text = new String(b, StandardCharsets.ISO_8859_1);
        for (int at = text.indexOf("WARC/1.", 1); at > 0; at = text.indexOf("WARC/1.", at + 1)) {
            if (text.charAt(at - 1) == '\n' || text.charAt(at - 1) == 0) return at;
        }
        return -1;
    }

    /** Do these first bytes start a WARC record ({@code WARC/1.x}) or an ARC file ({@code filedesc:}, a URL line)? */
    private static boolean startsLikeARecord(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        return text.stripLeading().startsWith("WARC/") || text.matches("(?s)\\s*[a-z]+:.*");
    }

    /**
     * Is the file a WARC or ARC file at all, whatever damage it may hold further on? Its first bytes must be a record
     * header, or a gzip stream whose first decompressed bytes are one (zstd frames are taken as they come: their
     * dictionary makes a peek costly). A text file or a gzipped text file named {@code .warc.gz} is not one.
     */
    public static boolean isWarcOrArc(Path file) throws IOException {
        WarcFormat f = sniff(file);
        if (f == UNKNOWN) return false;
        if (f != GZIP && f != GZIP_WHOLE) return true;
        try (InputStream in = new GZIPInputStream(java.nio.file.Files.newInputStream(file))) {
            return startsLikeARecord(in.readNBytes(8));
        } catch (EOFException | java.util.zip.ZipException e) {
            return true; // a gzip damaged within its first member: a damaged file, reported as such when it is read
        }
    }

    static boolean isZstdMagic(byte[] b) {
        int magic = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
        return magic == 0xFD2FB528 || (magic & 0xFFFFFFF0) == 0x184D2A50;
    }

    /**
     * The bytes jwarc should read for a sequential pass over {@code file} (its raw bytes, or for a whole-file gzip the
     * decompressed stream, concatenated members included; for a per-record zstd file its frames decompressed one by
     * one, {@link ZstdFrameChannel}, whose records' offsets in the file are {@link ZstdFrameChannel#stored}).
     */
    public ReadableByteChannel sequential(ReadableByteChannel raw) throws IOException {
        if (this == ZSTD) return ZstdFrameChannel.fromStart(raw);
        if (this == ZSTD_WHOLE) return new Gunzipped(raw, Gunzipped::unzstd);
        if (this != GZIP_WHOLE) return raw;
        return new Gunzipped(raw);
    }

    /**
     * The bytes jwarc should read for a pass that resumes after damage at {@code raw}'s position (formats that can be
     * entered part-way, {@link Resync}): the file itself, or for a per-record zstd file its frames decompressed from
     * there ({@link ZstdFrameChannel}, whose records' offsets in the file are {@link ZstdFrameChannel#stored}).
     */
    public ReadableByteChannel resumed(SeekableByteChannel raw) throws IOException {
        return this == ZSTD ? ZstdFrameChannel.resumed(raw) : raw;
    }

    /**
     * Whether a zstd file is one stream over all its records ({@code zstd crawl.warc}) rather than one frame per record:
     * no dictionary frame first (ArchiveTeam's warc-zstd files have one), and a first frame whose decompressed size (from
     * its header) holds a second record. A frame that does not record its size is taken for per-record, as before.
     */
    private static boolean zstdWhole(SeekableByteChannel ch) throws IOException {
        byte[] head = read(ch, 0, 1 << 16);
        int magic = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
        if ((magic & 0xFFFFFFF0) == 0x184D2A50) return false; // a dictionary in a skippable frame: warc-zstd
        long frame;
        try {
            frame = com.github.luben.zstd.Zstd.getFrameContentSize(head, 0, head.length);
        } catch (RuntimeException e) {
            return false;
        }
        if (frame <= 0) return false;
        try (InputStream in = new com.github.luben.zstd.ZstdInputStreamNoFinalizer(Channels.newInputStream(ch.position(0)));
             WarcReader reader = new WarcReader(in)) {
            reader.setLenient(true);
            if (reader.next().isEmpty()) return false;
            Optional<WarcRecord> second = reader.next();
            return second.isPresent() && second.get().position() < frame;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Thrown by a whole-file gzip's channel when the file ends inside the gzip stream (cut short: a copy or a crawl
     * stopped part-way), on the read after every byte decoded before the cut was handed over. A reader meeting it has
     * read every complete record; {@link #decoded} says where the decompressed bytes end.
     */
    public static final class TruncatedGzip extends IOException {
        private static final long serialVersionUID = 1L;
        /** Decompressed bytes before the cut (a position in the decompressed stream, as the records' offsets are). */
        public final long decoded;

        TruncatedGzip(long decoded, EOFException cause) {
            super("the file ends inside the gzip stream, " + decoded + " decompressed bytes in", cause);
            this.decoded = decoded;
        }
    }

    /**
     * A channel positioned at the record at {@code offset}: the file itself for every format but a whole-file gzip,
     * whose decompressed stream is skipped up to it. The caller closes it.
     */
    public static ReadableByteChannel openAt(Path file, long offset) throws IOException {
        return openAt(file, offset == 0 ? PLAIN : sniff(file), offset);
    }

    /**
     * As {@link #openAt(Path, long)}, for a file already sniffed as {@code format}. The format decides, not the bytes
     * at the offset: a decompressed offset of a whole-file gzip made of several members may well be where a member
     * begins in the compressed file.
     */
    public static ReadableByteChannel openAt(Path file, WarcFormat format, long offset) throws IOException {
        return openAt(Bytes.of(file), file.getFileName().toString(), format, offset);
    }

    /** As {@link #openAt(Path, WarcFormat, long)}, for a file of any store; {@code name} is for messages. */
    public static ReadableByteChannel openAt(Bytes file, String name, WarcFormat format, long offset) throws IOException {
        SeekableByteChannel ch = file.open();
        try {
            if (offset > 0 && format.decompressedOffsets()) {
                // the offset is a position in the decompressed bytes
                Gunzipped in = format == ZSTD_WHOLE ? new Gunzipped(ch, Gunzipped::unzstd) : new Gunzipped(ch);
                in.skip(offset);
                return in;
            }
            ch.position(offset);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (e instanceof EOFException) throw new IOException("offset " + offset + " is past the end of " + name, e);
            throw e;
        }
    }

    /**
     * Whether the gzip member at {@code at} holds one WARC record at most: jwarc reads the decompressed stream from
     * there (every member) and the second record must begin at or after the member's end. A member jwarc cannot read
     * counts as one record (the extraction reports what it cannot read).
     */
    private static boolean oneRecord(Bytes file, long at) {
        long decompressed;
        try (SeekableByteChannel ch = file.open()) {
            long[] member = gzipMember(ch, at);
            if (member == null) return true;
            decompressed = member[1];
        } catch (IOException | RuntimeException e) {
            return true;
        }
        try (SeekableByteChannel ch = file.open();
             WarcReader reader = new WarcReader(new GZIPInputStream(Channels.newInputStream(ch.position(at)), 1 << 16))) {
            reader.setLenient(true);
            if (reader.next().isEmpty()) return true;
            Optional<WarcRecord> second = reader.next();
            return second.isEmpty() || second.get().position() >= decompressed;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * Where the gzip member starting at {@code start} ends and how many bytes it decompresses to, or null when it does
     * not end (truncated or corrupt).
     */
    static long[] gzipMember(SeekableByteChannel ch, long start) throws IOException {
        ch.position(start);
        byte[] buf = new byte[1 << 16];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        int n = ch.read(bb);
        if (n < 10) return null;
        int flags = buf[3] & 0xff;
        int pos = 10;
        try {
            if ((flags & 4) != 0) pos += 2 + ((buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8);
            if ((flags & 8) != 0) while (buf[pos++] != 0) { /* file name */ }
            if ((flags & 16) != 0) while (buf[pos++] != 0) { /* comment */ }
            if ((flags & 2) != 0) pos += 2;
        } catch (ArrayIndexOutOfBoundsException e) {
            return null; // a header longer than 64 KiB: not a WARC writer's
        }
        Inflater inf = new Inflater(true);
        try {
            long consumed = pos;
            inf.setInput(buf, pos, n - pos);
            byte[] out = new byte[1 << 16];
            long fed = n;
            while (!inf.finished()) {
                if (inf.needsInput()) {
                    bb.clear();
                    int m = ch.read(bb);
                    if (m <= 0) return null;
                    fed += m;
                    inf.setInput(buf, 0, m);
                }
                inf.inflate(out);
                if (inf.needsDictionary()) return null;
            }
            consumed = fed - inf.getRemaining();
            return new long[] {start + consumed + 8, inf.getBytesWritten()}; // + CRC32 and ISIZE
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }

    static boolean startsWithGzip(SeekableByteChannel ch, long at) throws IOException {
        byte[] b = read(ch, at, 2);
        return b.length == 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    static byte[] read(SeekableByteChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        ch.position(at);
        while (b.hasRemaining()) {
            int m = ch.read(b);
            if (m < 0) break;
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }
}
