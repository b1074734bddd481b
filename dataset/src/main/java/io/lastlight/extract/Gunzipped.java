package io.lastlight.extract;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.GZIPInputStream;

/**
 * The decompressed bytes of a whole-file gzip, handed over as they are decoded. {@code Channels.newChannel} over a
 * {@link GZIPInputStream} fills the caller's whole buffer (1 MiB for the build) before returning, and when the stream
 * failed part-way it threw away everything it had decoded into that read: a file cut near its end lost up to a
 * megabyte of complete records before the cut, a small one all of them. Here a failure after some bytes returns
 * those bytes, and is thrown on the next read (and every read after it): the file's end inside the stream as
 * {@link WarcFormat.TruncatedGzip}, any other failure (corrupt deflate data, a bad checksum) as it came.
 */
final class Gunzipped implements ReadableByteChannel {
    /** A decompressing stream over the file's bytes. */
    interface Decoder {
        InputStream open(InputStream raw) throws IOException;
    }

    private final ReadableByteChannel raw;
    private final Decoder decoder;
    private InputStream in;
    private byte[] chunk;
    private long decoded;
    private IOException failure;
    private boolean open = true;

    Gunzipped(ReadableByteChannel raw) {
        this(raw, in -> new GZIPInputStream(in, 1 << 16));
    }

    /** The decompressed bytes of a stream {@code decoder} reads (zstd: {@link #unzstd}). */
    Gunzipped(ReadableByteChannel raw, Decoder decoder) {
        this.raw = raw;
        this.decoder = decoder;
    }

    /** A whole-file zstd stream, frame after frame. */
    static InputStream unzstd(InputStream raw) throws IOException {
        return new com.github.luben.zstd.ZstdInputStreamNoFinalizer(raw);
    }

    /** Skips {@code n} decompressed bytes (to a record's offset); an end of the stream before them is an EOFException. */
    void skip(long n) throws IOException {
        stream().skipNBytes(n);
        decoded += n;
    }

    private InputStream stream() throws IOException {
        // opened on first use: the header is read then, so a failure in it surfaces from a read like any other
        if (in == null) in = decoder.open(Channels.newInputStream(raw));
        return in;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (failure != null) throw failure;
        int total = 0;
        try {
            InputStream s = stream();
            while (dst.hasRemaining()) {
                int n;
                if (dst.hasArray()) {
                    n = s.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                    if (n > 0) dst.position(dst.position() + n);
                } else {
                    if (chunk == null) chunk = new byte[1 << 16];
                    n = s.read(chunk, 0, Math.min(chunk.length, dst.remaining()));
                    if (n > 0) dst.put(chunk, 0, n);
                }
                if (n < 0) return total == 0 ? -1 : total;
                total += n;
                decoded += n;
            }
            return total;
        } catch (EOFException e) {
            failure = new WarcFormat.TruncatedGzip(decoded, e);
        } catch (IOException e) {
            failure = e;
        }
        if (total == 0) throw failure;
        return total;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        open = false;
        raw.close();
    }
}
