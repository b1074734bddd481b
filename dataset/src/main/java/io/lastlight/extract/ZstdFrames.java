package io.lastlight.extract;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Frames of a per-record zstd WARC file (IIPC warc-zstd, as ArchiveTeam writes them: a dictionary in a skippable frame
 * first, then one frame per record). What {@link Resync} needs to resume after a damaged frame: the dictionary, and
 * whether a frame that begins at an offset decodes to a WARC record head. Decoding is zstd-jni's.
 */
public final class ZstdFrames {
    /** A zstd frame's magic number, as its first four bytes (little-endian 0xFD2FB528). */
    static final byte[] MAGIC = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD};
    static final int FRAME_MAGIC = 0xFD2FB528;
    /** The skippable frame that carries the dictionary (warc-zstd). */
    static final int DICTIONARY_MAGIC = 0x184D2A5D;
    /** A dictionary larger than this is not a WARC writer's (ArchiveTeam's are a few hundred KiB at most). */
    static final long MAX_DICTIONARY = 64L << 20;
    /**
     * Compressed bytes fed to the decoder when checking that a frame begins a record: its header (at most 18 bytes) and
     * first block (at most 128 KiB), which holds the first decompressed bytes.
     */
    static final int PROBE_INPUT = (128 << 10) + 64;
    private static final byte[] WARC = {'W', 'A', 'R', 'C', '/', '1', '.'};

    private ZstdFrames() {}

    /**
     * The dictionary of the skippable frame at the start of the file (decompressed, when the frame holds a compressed
     * one as the warc-zstd draft allows), or null when the file does not start with one.
     */
    public static byte[] dictionary(SeekableByteChannel ch) throws IOException {
        ByteBuffer head = read(ch, 0, 8);
        if (head.limit() < 8 || head.getInt(0) != DICTIONARY_MAGIC) return null;
        long size = head.getInt(4) & 0xffffffffL;
        if (size > ch.size() - 8 || size > MAX_DICTIONARY) {
            throw new IOException("the dictionary frame at offset 0 claims " + size + " bytes, more than the file holds");
        }
        byte[] dict = new byte[(int) size];
        read(ch, 8, (int) size).get(dict);
        return decompressedDictionary(dict);
    }

    /** A dictionary frame's content: the dictionary, or a zstd frame holding it (the warc-zstd draft allows both). */
    static byte[] decompressedDictionary(byte[] dict) throws IOException {
        if (dict.length >= 4 && ByteBuffer.wrap(dict).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == FRAME_MAGIC) {
            try (InputStream z = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(dict))) {
                return z.readAllBytes();
            }
        }
        return dict;
    }

    /** As {@link #dictionary(SeekableByteChannel)}, for a file. */
    public static byte[] dictionary(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return dictionary(ch);
        }
    }

    /** Offset of the first frame that is not a skippable one (the dictionary's), or the file's size. */
    public static long firstFrame(SeekableByteChannel ch) throws IOException {
        long at = 0, size = ch.size();
        while (at + 8 <= size) {
            ByteBuffer h = read(ch, at, 8);
            if ((h.getInt(0) & 0xFFFFFFF0) != 0x184D2A50) return at;
            at += 8 + (h.getInt(4) & 0xffffffffL);
        }
        return Math.min(at, size);
    }

    /**
     * Checks frames of one file: does a frame at an offset decode (with the file's dictionary, if any) to bytes that
     * begin {@code WARC/1.}? Decodes the frame's first block only. The dictionary is read when first needed.
     */
    static final class Probe implements Closeable {
        private final SeekableByteChannel ch;
        private ZstdDecompressCtx ctx;
        private byte[] dict;
        private ByteBuffer in;
        private ByteBuffer out;

        Probe(SeekableByteChannel ch) {
            this.ch = ch;
        }

        boolean startsRecord(long at) throws IOException {
            if (ctx == null) {
                try {
                    dict = dictionary(ch);
                } catch (IOException | RuntimeException e) {
                    dict = null; // a damaged dictionary frame: frames without one may still decode
                }
                ctx = new ZstdDecompressCtx();
                in = ByteBuffer.allocateDirect(PROBE_INPUT);
                out = ByteBuffer.allocateDirect(WARC.length);
            }
            ctx.reset(); // also after a failed frame: a context in error must be reset
            if (dict != null) ctx.loadDict(dict);
            in.clear();
            while (in.hasRemaining() && readAt(ch, in, at + in.position()) > 0) { /* fill */ }
            in.flip();
            out.clear();
            try {
                while (out.hasRemaining() && in.hasRemaining()) {
                    int before = in.position();
                    boolean done = ctx.decompressDirectByteBufferStream(out, in);
                    if (done || (in.position() == before && out.position() == 0)) break;
                }
            } catch (ZstdException e) {
                return false;
            }
            if (out.position() < WARC.length) return false;
            for (int i = 0; i < WARC.length; i++) if (out.get(i) != WARC[i]) return false;
            return true;
        }

        @Override
        public void close() {
            if (ctx != null) ctx.close();
        }
    }

    /** What {@link #decompress} wrote, and the damaged stretches it left out (file offset and what was wrong). */
    public record Decompressed(long bytes, long frames, java.util.List<String> damage) {}

    /**
     * Decompresses a per-record zstd file frame by frame into {@code out} (from its position), leaving out what cannot
     * be decoded: a frame that fails (corrupt, cut short, stray bytes where a frame should begin) contributes none of its
     * bytes, and decoding resumes at the next frame that begins a record ({@link Resync}). The dictionary of the
     * file's leading skippable frame is used, if there is one.
     */
    public static Decompressed decompress(Path file, FileChannel out) throws IOException {
        java.util.List<String> damage = new java.util.ArrayList<>();
        long bytes = 0, frames = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
            long size = ch.size();
            byte[] dict;
            try {
                dict = dictionary(ch);
            } catch (IOException e) {
                damage.add("offset 0: " + e.getMessage() + "; frames are decoded without it");
                dict = null;
            }
            ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
            ByteBuffer dst = ByteBuffer.allocateDirect(1 << 20);
            long frame = firstFrame(ch); // offset where the frame being decoded began
            long outStart = out.position(); // where its decompressed bytes began
            long inAt = frame; // file offset of in's first byte
            in.limit(0);
            if (dict != null) ctx.loadDict(dict);
            while (true) {
                if (!in.hasRemaining()) {
                    inAt += in.position();
                    in.clear();
                    while (in.hasRemaining() && readAt(ch, in, inAt + in.position()) > 0) { /* fill */ }
                    in.flip();
                    if (!in.hasRemaining()) break; // the end of the file
                }
                String failure = null;
                boolean done = false;
                try {
                    done = ctx.decompressDirectByteBufferStream(dst, in);
                } catch (ZstdException e) {
                    failure = e.getMessage();
                }
                dst.flip();
                while (dst.hasRemaining()) out.write(dst);
                dst.clear();
                if (done) {
                    frames++;
                    frame = inAt + in.position();
                    bytes += out.position() - outStart;
                    outStart = out.position();
                } else if (failure != null) {
                    long resume = Resync.next(WarcFormat.Bytes.of(file), WarcFormat.ZSTD, frame + 1);
                    damage.add("offset " + frame + ": the zstd frame cannot be decompressed (" + failure + "); "
                            + (resume < 0 ? "no frame after it begins a record" : "decompression resumes at offset " + resume));
                    out.truncate(outStart).position(outStart);
                    if (resume < 0) return new Decompressed(bytes, frames, damage);
                    ctx.reset();
                    if (dict != null) ctx.loadDict(dict);
                    frame = inAt = resume;
                    in.limit(0);
                }
            }
            if (out.position() > outStart || frame < size) {
                damage.add("the file ends inside the zstd frame at offset " + frame + " (cut short, " + (size - frame)
                        + " bytes); its decompressed bytes are left out");
                out.truncate(outStart).position(outStart);
            }
        }
        return new Decompressed(bytes, frames, damage);
    }

    /** Reads into {@code b} from {@code at} (a positional read for any seekable channel: a file, a slice of a WACZ). */
    static int readAt(SeekableByteChannel ch, ByteBuffer b, long at) throws IOException {
        if (ch instanceof FileChannel f) return f.read(b, at);
        ch.position(at);
        return ch.read(b);
    }

    static ByteBuffer read(SeekableByteChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && readAt(ch, b, at + b.position()) > 0) { /* fill */ }
        return b.flip();
    }
}
