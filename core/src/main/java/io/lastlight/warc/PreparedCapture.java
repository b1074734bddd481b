package io.lastlight.warc;

import org.netpreserve.jwarc.WarcDigest;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * A capture's response and request records, digested and gzip-compressed (one member each) on a thread other than
 * the one that writes the file: {@link WarcSink#prepare} makes it, {@link WarcSink#write(CaptureRecord, PreparedCapture)}
 * appends its bytes. Compression is most of what writing a capture costs (zlib's per-member work, ~17% of a crawl's
 * CPU), and the writing thread is the crawl's bottleneck on a fast target. The records name the warcinfo record of
 * the file that was open when they were made; if another file is open by the time they are written, the sink makes
 * them again.
 */
public final class PreparedCapture {
    /** Each thread's own writer into memory (a Deflater per member would cost more than the member). */
    private static final ThreadLocal<Serialiser> SERIALISERS = ThreadLocal.withInitial(Serialiser::new);
    private static final int KEEP = 1 << 20;

    final URI warcinfoId;
    final CaptureWarcRecords records;
    /** The body's SHA-1 (kept for making the records again against another file). */
    final WarcDigest payload;
    /** The gzip members, response first, then request, then the metadata record if {@link #withMetadata}. */
    final byte[] bytes;
    final int responseLength;
    /** True if {@link #bytes} end with the capture's metadata record (else the sink makes it when writing). */
    final boolean withMetadata;

    private PreparedCapture(URI warcinfoId, CaptureWarcRecords records, WarcDigest payload, byte[] bytes, int responseLength,
                            boolean withMetadata) {
        this.warcinfoId = warcinfoId;
        this.records = records;
        this.payload = payload;
        this.bytes = bytes;
        this.responseLength = responseLength;
        this.withMetadata = withMetadata;
    }

    /** @param withMetadata also make the metadata record ({@link WarcSink#metadata}): {@code c} is complete for it */
    static PreparedCapture of(CaptureRecord c, URI warcinfoId, WarcDigest payload, boolean withMetadata) throws IOException {
        WarcDigest digest = payload != null ? payload : WarcSink.sha1(c.body());
        CaptureWarcRecords records = CaptureWarcRecords.of(c, warcinfoId, digest);
        Serialiser s = SERIALISERS.get();
        try {
            s.out.size = 0;
            long start = s.writer.position();
            s.writer.write(records.response());
            long response = s.writer.position() - start;
            s.writer.write(records.request());
            if (withMetadata) {
                var meta = WarcSink.metadata(c, records.responseId(), warcinfoId);
                if (meta != null) s.writer.write(meta);
            }
            byte[] bytes = Arrays.copyOf(s.out.bytes, s.out.size);
            if (s.out.bytes.length > KEEP) s.out.bytes = new byte[64 * 1024]; // a large body should not pin its size
            return new PreparedCapture(warcinfoId, records, digest, bytes, (int) response, withMetadata);
        } catch (IOException | RuntimeException | Error e) {
            s.writer.close();
            SERIALISERS.remove(); // a write that failed part-way leaves its gzip member open: the next one starts afresh
            throw e;
        }
    }

    private static final class Serialiser {
        final Bytes out = new Bytes();
        final GzipRecordWriter writer = new GzipRecordWriter(out, GzipRecordWriter.DEFAULT_LEVEL);
    }

    /** A growable array the writer writes into. */
    private static final class Bytes implements WritableByteChannel {
        byte[] bytes = new byte[64 * 1024];
        int size;

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            if (size + n > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(size + n, bytes.length * 2));
            src.get(bytes, size, n);
            size += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
