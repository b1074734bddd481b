package io.lastlight.wacz;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.lastlight.extract.Resync;
import io.lastlight.extract.WarcFormat;
import io.lastlight.extract.ZstdFrames;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A WARC file whose records have no offset of their own in its stored bytes, rewritten as gzip per record (WARC 1.1
 * annex D), which is what replay tools read by offset. Those files are: gzip over the whole file (also concatenated
 * whole-file gzips and bgzip-style blocks, where a member holds several records) and zstd (ArchiveTeam's
 * {@code .warc.zst}, with or without the dictionary frame, or one frame over the whole file). A record in a
 * per-record zstd file does have an offset, but neither ReplayWeb.page (wabac.js #191) nor pywb (warcio #118)
 * decodes zstd WARC records, so an index into one would not replay.
 * <p>
 * The file is decompressed to a work file, split at each record's start (as jwarc finds them; after damage, at the
 * next readable record, as the build resumes) and each piece deflated into its own gzip member: decompressed, the
 * result holds exactly the bytes the original decompressed to. This is what {@code warcio recompress} does. A
 * per-record zstd file is decompressed frame by frame: a damaged frame is left out (named in the result's damage,
 * with its offset) and the frames after it are kept, as the build reads them. Streaming:
 * the work file is on disk, nothing is held in memory.
 */
final class PerRecordGzip {
    /** What was re-compressed: the original's name, format, sha256 and size, the result, and any damage met. */
    record Result(Path file, String fromName, String fromFormat, String fromSha256, long fromBytes, long decompressedBytes,
                  long members, String damage) {}

    private PerRecordGzip() {}

    /** Does a file of this format need re-compressing to be indexed for replay? */
    static boolean needed(WarcFormat format) {
        return format == WarcFormat.GZIP_WHOLE || isZstd(format);
    }

    private static boolean isZstd(WarcFormat format) {
        return format == WarcFormat.ZSTD || format == WarcFormat.ZSTD_WHOLE;
    }

    /** The name a re-compressed file is stored under: {@code NAME.warc.zst} becomes {@code NAME.warc.gz}. */
    static String storedName(String name) {
        if (name.endsWith(".zst")) return name.substring(0, name.length() - 4) + (name.endsWith(".warc.zst") ? ".gz" : ".warc.gz");
        if (name.endsWith(".gz")) return name;
        return name + ".gz";
    }

    /**
     * Writes {@code src} (of {@code format}, whole-file gzip or zstd) as gzip per record into {@code out}, using
     * {@code work} for the decompressed bytes (deleted before returning).
     */
    static Result write(Path src, WarcFormat format, Path out, Path work) throws IOException {
        Path plain = work.resolve(src.getFileName() + ".decompressed");
        try {
            MessageDigest sha = WaczZipWriter.sha256();
            long decoded = 0;
            String damage = null;
            if (format == WarcFormat.ZSTD) {
                // one frame per record: a damaged frame is left out and decoding resumes at the next one (ZstdFrames)
                try (FileChannel dst = FileChannel.open(plain, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ZstdFrames.Decompressed d = ZstdFrames.decompress(src, dst);
                    decoded = d.bytes();
                    if (!d.damage().isEmpty()) {
                        damage = d.damage().size() + " damaged stretch(es) of zstd frames left out, the records of every"
                                + " intact frame kept: " + String.join("; ", d.damage());
                    }
                }
                try (InputStream raw = new DigestInputStream(Files.newInputStream(src), sha)) {
                    raw.transferTo(OutputStream.nullOutputStream());
                }
            } else {
                try (InputStream raw = new DigestInputStream(new BufferedInputStream(Files.newInputStream(src), 1 << 16), sha);
                     OutputStream dst = Files.newOutputStream(plain)) {
                    byte[] buf = new byte[1 << 16];
                    try {
                        InputStream in = isZstd(format) ? zstd(raw, src) : new GZIPInputStream(nonClosing(raw), 1 << 16);
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            dst.write(buf, 0, n);
                            decoded += n;
                        }
                    } catch (IOException e) {
                        damage = "the " + format.description() + " stream cannot be decompressed past " + decoded
                                + " decompressed bytes (" + e.getMessage() + "); the records before that are kept";
                    }
                    raw.transferTo(OutputStream.nullOutputStream()); // the original's sha256 covers every byte
                }
                long cut = isZstd(format) && damage == null ? incompleteFrame(src) : -1;
                if (cut >= 0) {
                    // zstd-jni ends a stream cut inside a frame quietly, dropping the frame's decoded part
                    damage = "the file ends inside the zstd frame at offset " + cut + " (cut short); the " + decoded
                            + " decompressed bytes of the complete frames before it are kept";
                }
            }
            long[] members = {0};
            String split = split(plain, out, members);
            if (damage == null) damage = split;
            else if (split != null) damage += "; " + split;
            return new Result(out, src.getFileName().toString(), format.description(),
                    "sha256:" + HexFormat.of().formatHex(sha.digest()), Files.size(src), decoded, members[0], damage);
        } finally {
            Files.deleteIfExists(plain);
        }
    }

    /**
     * The offset of the first zstd frame that the file ends inside of (cut short), or -1 when every frame is whole:
     * walks the frame and block headers (RFC 8878), reading only those.
     */
    static long incompleteFrame(Path src) throws IOException {
        try (FileChannel ch = FileChannel.open(src, StandardOpenOption.READ)) {
            long size = ch.size(), at = 0;
            while (at < size) {
                ByteBuffer h = readAt(ch, at, 18);
                if (h.limit() < 8) return at;
                int magic = h.getInt(0);
                if ((magic & 0xFFFFFFF0) == 0x184D2A50) {
                    at += 8 + (h.getInt(4) & 0xffffffffL);
                    if (at > size) return at;
                    continue;
                }
                if (magic != 0xFD2FB528) return -1; // not zstd from here on: the decompressor reported that, if anything
                int fhd = h.get(4) & 0xff;
                int fcsFlag = fhd >>> 6, dictFlag = fhd & 3;
                boolean single = (fhd & 0x20) != 0, checksum = (fhd & 4) != 0;
                long p = at + 5 + (single ? 0 : 1) + new int[] {0, 1, 2, 4}[dictFlag] + new int[] {single ? 1 : 0, 2, 4, 8}[fcsFlag];
                long frame = at;
                while (true) {
                    ByteBuffer b = readAt(ch, p, 3);
                    if (b.limit() < 3) return frame;
                    int bh = (b.get(0) & 0xff) | (b.get(1) & 0xff) << 8 | (b.get(2) & 0xff) << 16;
                    int type = (bh >>> 1) & 3, bsize = bh >>> 3;
                    p += 3 + (type == 1 ? 1 : bsize);
                    if ((bh & 1) != 0) break;
                }
                at = p + (checksum ? 4 : 0);
                if (at > size) return frame;
            }
            return -1;
        }
    }

    private static ByteBuffer readAt(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) { /* fill */ }
        return b.flip();
    }

    /** zstd frames with the dictionary of the file's leading skippable frame, if it has one (raw or itself zstd). */
    private static InputStream zstd(InputStream raw, Path src) throws IOException {
        byte[] dict = ZstdFrames.dictionary(src);
        ZstdInputStreamNoFinalizer z = new ZstdInputStreamNoFinalizer(nonClosing(raw));
        if (dict != null) z.setDict(dict);
        return z; // zstd skips skippable frames (the dictionary's own) as it decodes
    }

    /**
     * Cuts the decompressed file at every record's start and writes each piece as a gzip member. A stretch jwarc
     * cannot read becomes a member of its own, ending where the next readable record starts ({@link Resync}).
     *
     * @return what was damaged, or null
     */
    private static String split(Path plain, Path out, long[] members) throws IOException {
        long size = Files.size(plain);
        StringBuilder damage = new StringBuilder();
        try (FileChannel src = FileChannel.open(plain, StandardOpenOption.READ);
             OutputStream dst = new java.io.BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            long cut = 0, start = 0;
            while (start >= 0 && start < size) {
                long resume = -1;
                try (FileChannel ch = FileChannel.open(plain, StandardOpenOption.READ)) {
                    ch.position(start);
                    WarcReader reader = new WarcReader(ch);
                    reader.setLenient(true);
                    long last = -1;
                    while (true) {
                        Optional<WarcRecord> rec;
                        try {
                            rec = reader.next();
                        } catch (IOException | RuntimeException e) {
                            long at = reader.position();
                            resume = last >= 0 && at <= last ? Resync.afterRecord(WarcFormat.Bytes.of(plain), WarcFormat.PLAIN, last)
                                    : Resync.afterFailure(WarcFormat.Bytes.of(plain), WarcFormat.PLAIN, start, at);
                            if (damage.length() > 0) damage.append("; ");
                            damage.append("unreadable record after decompressed offset ").append(Math.max(last, start))
                                    .append(" (").append(e.getMessage()).append(')');
                            break;
                        }
                        if (rec.isEmpty()) break;
                        last = rec.get().position();
                        if (last > cut) {
                            member(src, cut, last, dst);
                            members[0]++;
                            cut = last;
                        }
                    }
                }
                if (resume > cut) {
                    member(src, cut, resume, dst);
                    members[0]++;
                    cut = resume;
                }
                start = resume > start ? resume : -1;
            }
            if (size > cut) {
                member(src, cut, size, dst);
                members[0]++;
            }
        }
        return damage.length() == 0 ? null : damage.toString();
    }

    /** Bytes [from, to) of {@code src} as one gzip member. */
    private static void member(FileChannel src, long from, long to, OutputStream dst) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(nonClosing(dst), 1 << 16);
        InputStream in = Channels.newInputStream(src.position(from));
        byte[] buf = new byte[1 << 16];
        long left = to - from;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new IOException("the decompressed file ended at " + (to - left) + ", before " + to);
            gz.write(buf, 0, n);
            left -= n;
        }
        gz.close(); // ends the member and frees its deflater; dst stays open
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // the caller closes the file (after hashing what is left of it)
            }
        };
    }
}
