package io.lastlight.extract;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/**
 * What a WARC or ARC file is, sniffed from its bytes (never its name): uncompressed, gzip per record, gzip over the
 * whole file, or zstd (the IIPC warc-zstd form ArchiveTeam writes: one frame per record, a dictionary in a skippable
 * frame at the start). jwarc reads all of them; this class decides what an offset means in each. For per-record gzip,
 * zstd and uncompressed files an offset is the byte position of the record in the file, as usual; a whole-file gzip
 * cannot be entered part-way, so its records are read from a decompressed stream and their offsets are positions in
 * the decompressed bytes (re-reading one decompresses the file up to it).
 */
public enum WarcFormat {
    PLAIN("uncompressed"), GZIP("gzip per record"), GZIP_WHOLE("gzip over the whole file"), ZSTD("zstd"), UNKNOWN("unknown");

    private final String description;

    WarcFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The file's format from its first bytes (and, for gzip, whether its first member ends where a second begins). */
    public static WarcFormat sniff(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] head = read(ch, 0, 8);
            if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                long end = firstGzipMemberEnd(ch);
                return end < 0 || end >= ch.size() || !startsWithGzip(ch, end) ? GZIP_WHOLE : GZIP;
            }
            if (head.length >= 4 && isZstdMagic(head)) return ZSTD;
            String text = new String(head, StandardCharsets.ISO_8859_1);
            if (text.stripLeading().startsWith("WARC/") || text.matches("(?s)\\s*[a-z]+:.*")) return PLAIN;
            return UNKNOWN;
        }
    }

    static boolean isZstdMagic(byte[] b) {
        int magic = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
        return magic == 0xFD2FB528 || (magic & 0xFFFFFFF0) == 0x184D2A50;
    }

    /**
     * The bytes jwarc should read for a sequential pass over {@code file} (its raw bytes, or for a whole-file gzip the
     * decompressed stream, concatenated members included).
     */
    public ReadableByteChannel sequential(ReadableByteChannel raw) {
        if (this == ZSTD) return new EndOnce(raw);
        if (this != GZIP_WHOLE) return raw;
        try {
            return Channels.newChannel(new GZIPInputStream(Channels.newInputStream(raw), 1 << 16));
        } catch (IOException e) {
            // the header was sniffed already; a failure here surfaces on the first read
            return new ReadableByteChannel() {
                @Override
                public int read(ByteBuffer dst) throws IOException {
                    throw e;
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() throws IOException {
                    raw.close();
                }
            };
        }
    }

    /**
     * Thrown when the file under jwarc's zstd reader is read again after its end. jwarc 0.36.0's zstd channel answers 0
     * bytes, not end-of-stream, once the file is used up, and its parser then asks again forever; this ends that loop.
     * A reader meeting it has read every complete record.
     */
    public static final class EndOfInput extends IOException {
        private static final long serialVersionUID = 1L;

        EndOfInput() {
            super("end of the zstd file");
        }
    }

    /** Returns end-of-stream once, then throws {@link EndOfInput}. */
    static final class EndOnce implements ReadableByteChannel {
        private final ReadableByteChannel raw;
        private boolean ended;

        EndOnce(ReadableByteChannel raw) {
            this.raw = raw;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (ended) throw new EndOfInput();
            int n = raw.read(dst);
            if (n < 0) ended = true;
            return n;
        }

        @Override
        public boolean isOpen() {
            return raw.isOpen();
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }

    /**
     * A channel positioned at the record at {@code offset}: the file itself for every format but a whole-file gzip,
     * whose decompressed stream is skipped up to it. The caller closes it.
     */
    public static ReadableByteChannel openAt(Path file, long offset) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            if (offset > 0 && startsWithGzip(ch, 0) && !startsWithGzip(ch, offset)) {
                // a whole-file gzip: the offset is a position in the decompressed bytes
                InputStream in = new GZIPInputStream(Channels.newInputStream(ch), 1 << 16);
                in.skipNBytes(offset);
                return Channels.newChannel(in);
            }
            ch.position(offset);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (e instanceof EOFException) throw new IOException("offset " + offset + " is past the end of " + file.getFileName(), e);
            throw e;
        }
    }

    /** Where the gzip member starting at 0 ends, or -1 when it does not end (truncated or corrupt). */
    static long firstGzipMemberEnd(FileChannel ch) throws IOException {
        ch.position(0);
        byte[] buf = new byte[1 << 16];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        int n = ch.read(bb);
        if (n < 10) return -1;
        int flags = buf[3] & 0xff;
        int pos = 10;
        try {
            if ((flags & 4) != 0) pos += 2 + ((buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8);
            if ((flags & 8) != 0) while (buf[pos++] != 0) { /* file name */ }
            if ((flags & 16) != 0) while (buf[pos++] != 0) { /* comment */ }
            if ((flags & 2) != 0) pos += 2;
        } catch (ArrayIndexOutOfBoundsException e) {
            return -1; // a header longer than 64 KiB: not a WARC writer's
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
                    if (m <= 0) return -1;
                    fed += m;
                    inf.setInput(buf, 0, m);
                }
                inf.inflate(out);
                if (inf.needsDictionary()) return -1;
            }
            consumed = fed - inf.getRemaining();
            return consumed + 8; // CRC32 and ISIZE
        } catch (DataFormatException e) {
            return -1;
        } finally {
            inf.end();
        }
    }

    static boolean startsWithGzip(FileChannel ch, long at) throws IOException {
        byte[] b = read(ch, at, 2);
        return b.length == 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    static byte[] read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            int m = ch.read(b, at + b.position());
            if (m < 0) break;
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }
}
