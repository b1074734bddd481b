package io.lastlight.warc;

import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcWriter;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * WARC records written by jwarc, each compressed into its own gzip member (record-at-time compression, WARC 1.1
 * annex D) at a zlib level of our choosing. jwarc's own gzip writer always compresses at level 9, as wget does;
 * on a crawl's records (mostly 0.2-16 KiB of HTTP headers and JSON) level 9 costs ~20% more deflate time than
 * zlib's default level 6 for files 0.2% smaller (BENCHMARKS.md, session 19), and deflate is a fifth of a fast
 * crawl's CPU. The members are plain RFC 1952 gzip, read by any WARC tool.
 * <p>
 * Not thread-safe. {@link #position()} counts the compressed bytes handed to the channel; a record's member
 * starts at the position before {@link #write} and ends at the position after it.
 */
public final class GzipRecordWriter implements Closeable {
    /** zlib's default level; see the class comment. */
    public static final int DEFAULT_LEVEL = 6;

    private final Members members;
    private final WarcWriter writer;

    public GzipRecordWriter(WritableByteChannel out, int level) {
        if (level < 1 || level > 9) throw new IllegalArgumentException("gzip level must be 1-9, not " + level);
        this.members = new Members(out, level);
        try {
            this.writer = new WarcWriter(members, WarcCompression.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes one record as one gzip member. If it throws, the member is left unfinished: the writer is not
     * usable after that (its output ends inside a member).
     */
    public void write(WarcRecord record) throws IOException {
        writer.write(record);
        members.finish();
    }

    /** Compressed bytes written so far. */
    public long position() {
        return members.position;
    }

    /** Frees zlib's memory; the channel is left open for its owner. */
    @Override
    public void close() {
        members.deflater.end();
    }

    /** The uncompressed record bytes jwarc writes, deflated as they come; {@link #finish} ends the member. */
    private static final class Members implements WritableByteChannel {
        /** RFC 1952: magic, deflate, no flags, no time, no extra flags, OS unknown. */
        private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 255};

        private final WritableByteChannel out;
        private final Deflater deflater;
        private final CRC32 crc = new CRC32();
        private final byte[] buf = new byte[16 * 1024];
        private byte[] copy = new byte[0];
        private boolean open;
        private long position;

        Members(WritableByteChannel out, int level) {
            this.out = out;
            this.deflater = new Deflater(level, true);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            if (n == 0) return 0;
            if (!open) {
                emit(HEADER, HEADER.length);
                open = true;
            }
            byte[] in;
            int off;
            if (src.hasArray()) {
                in = src.array();
                off = src.arrayOffset() + src.position();
                src.position(src.limit());
            } else {
                if (copy.length < n) copy = new byte[Math.max(n, 8192)];
                src.get(copy, 0, n);
                in = copy;
                off = 0;
            }
            crc.update(in, off, n);
            deflater.setInput(in, off, n);
            while (!deflater.needsInput()) drain();
            return n;
        }

        /** Ends the member begun by the last record's bytes (nothing if there were none). */
        void finish() throws IOException {
            if (!open) return;
            deflater.finish();
            while (!deflater.finished()) drain();
            long size = deflater.getBytesRead();
            int c = (int) crc.getValue();
            byte[] trailer = {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
                    (byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)};
            emit(trailer, trailer.length);
            deflater.reset();
            crc.reset();
            open = false;
        }

        private void drain() throws IOException {
            int n = deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH);
            if (n > 0) emit(buf, n);
        }

        private void emit(byte[] b, int n) throws IOException {
            ByteBuffer bb = ByteBuffer.wrap(b, 0, n);
            while (bb.hasRemaining()) out.write(bb);
            position += n;
        }

        @Override
        public boolean isOpen() {
            return out.isOpen();
        }

        @Override
        public void close() {
            // the owner closes the channel
        }
    }
}
