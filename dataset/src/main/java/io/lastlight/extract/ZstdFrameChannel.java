package io.lastlight.extract;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.Map;
import java.util.TreeMap;

/**
 * The decompressed bytes of a per-record zstd file, frame by frame, for jwarc to read as an uncompressed WARC, with the
 * file offset of each frame kept so that a record's position in the decompressed bytes gives its frame's offset in the
 * file ({@link #stored}). jwarc 0.36.0's own zstd reader places records wrongly once it has refilled its input
 * buffer (the records of a file's last buffer-full, and every record of a pass that resumes after damage, came out
 * hundreds of KiB off) and cannot report where a damaged frame is; this channel does both. A frame that cannot be
 * decoded (corrupt, cut short by the next frame, stray bytes where a frame should begin, the file ending inside it)
 * fails the read with {@link DamagedFrame}, naming its offset, after every byte of the frames before it was handed
 * over; {@link Resync} finds the next frame to resume at.
 */
public final class ZstdFrameChannel implements ReadableByteChannel {
    /** Frames remembered for {@link #stored} (a reader asks about the record it is on and the one before). */
    private static final int REMEMBERED = 4096;

    /** A zstd frame that cannot be decoded; {@link #offset} is where it begins in the file. */
    public static final class DamagedFrame extends IOException {
        private static final long serialVersionUID = 1L;
        public final long offset;

        DamagedFrame(long offset, String what) {
            super(what);
            this.offset = offset;
        }
    }

    private final ReadableByteChannel raw;
    private final ZstdDecompressCtx ctx = new ZstdDecompressCtx();
    private final ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
    private final ByteBuffer out = ByteBuffer.allocateDirect(1 << 20);
    /** Decompressed position of a frame's first byte → the frame's offset in the file. */
    private final TreeMap<Long, Long> frames = new TreeMap<>();
    /** File offset of {@code in}'s first byte. */
    private long inAt;
    /** Decompressed bytes decoded so far. */
    private long decoded;
    private boolean inFrame;
    private long frameAt;
    private DamagedFrame failure;
    private boolean eof;
    private boolean open = true;

    private ZstdFrameChannel(ReadableByteChannel raw, long start, byte[] dictionary) {
        this.raw = raw;
        this.inAt = start;
        in.limit(0);
        out.limit(0);
        if (dictionary != null) ctx.loadDict(dictionary);
    }

    /** From the start of a file, read as a stream: the dictionary frame, if any, is read from the stream itself. */
    static ZstdFrameChannel fromStart(ReadableByteChannel raw) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        while (head.hasRemaining() && raw.read(head) >= 0) { /* fill */ }
        head.flip();
        if (head.limit() == 8 && head.getInt(0) == ZstdFrames.DICTIONARY_MAGIC) {
            long size = head.getInt(4) & 0xffffffffL;
            if (size > ZstdFrames.MAX_DICTIONARY) throw new DamagedFrame(0, "the dictionary frame claims " + size + " bytes");
            ByteBuffer dict = ByteBuffer.allocate((int) size);
            while (dict.hasRemaining() && raw.read(dict) >= 0) { /* fill */ }
            if (dict.hasRemaining()) throw new DamagedFrame(0, "the file ends inside the dictionary frame");
            ZstdFrameChannel ch = new ZstdFrameChannel(raw, 8 + size, ZstdFrames.decompressedDictionary(dict.array()));
            return ch;
        }
        // no dictionary: the bytes read are the first frame's
        ZstdFrameChannel ch = new ZstdFrameChannel(raw, 0, null);
        ch.in.clear();
        ch.in.put(head);
        ch.in.flip();
        return ch;
    }

    /** From {@code file}'s position (a frame start, after damage), with the dictionary at the start of the file. */
    static ZstdFrameChannel resumed(SeekableByteChannel file) throws IOException {
        long at = file.position();
        byte[] dict;
        try {
            dict = ZstdFrames.dictionary(file);
        } catch (IOException e) {
            dict = null; // a damaged dictionary frame: frames without one may still decode
        }
        file.position(at); // a channel without positional reads (a slice of a WACZ) was moved by the look at the start
        return new ZstdFrameChannel(file, at, dict);
    }

    /**
     * The file offset of the frame holding decompressed position {@code position} (where its record's frame begins,
     * for a record's position); -1 if it is no longer remembered.
     */
    public long stored(long position) {
        Map.Entry<Long, Long> e = frames.floorEntry(position);
        return e == null ? -1 : e.getValue();
    }

    /** Whether a frame begins at decompressed position {@code position} (a record with a frame of its own). */
    public boolean startsFrame(long position) {
        return frames.containsKey(position);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (true) {
            if (out.hasRemaining()) return handOver(dst);
            if (failure != null) throw failure;
            if (eof) return -1;
            if (!in.hasRemaining() && !refill()) {
                eof = true;
                if (inFrame) failure = new DamagedFrame(frameAt, "the file ends inside the zstd frame at offset " + frameAt);
                continue;
            }
            if (!inFrame) {
                frameAt = inAt + in.position();
                frames.put(decoded, frameAt);
                if (frames.size() > REMEMBERED) frames.pollFirstEntry();
                inFrame = true;
            }
            out.clear();
            try {
                if (ctx.decompressDirectByteBufferStream(out, in)) inFrame = false;
            } catch (ZstdException e) {
                failure = new DamagedFrame(frameAt, "the zstd frame at offset " + frameAt + " cannot be decoded (" + e.getMessage() + ")");
            }
            out.flip();
            decoded += out.remaining();
        }
    }

    private int handOver(ByteBuffer dst) {
        int n = Math.min(out.remaining(), dst.remaining());
        int limit = out.limit();
        out.limit(out.position() + n);
        dst.put(out);
        out.limit(limit);
        return n;
    }

    /** Reads more of the file into {@code in}; false at its end. */
    private boolean refill() throws IOException {
        inAt += in.limit();
        in.clear();
        int n = 0;
        while (in.hasRemaining()) {
            int m = raw.read(in);
            if (m < 0) break;
            n += m;
            if (m == 0) break;
        }
        in.flip();
        return n > 0;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (open) ctx.close();
        open = false;
        raw.close();
    }
}
