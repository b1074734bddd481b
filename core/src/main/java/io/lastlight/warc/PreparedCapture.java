package io.lastlight.warc;

import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
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
    /** The two gzip members, response first. */
    final byte[] bytes;
    final int responseLength;
    /** The response's HTTP head could not be parsed for the CDXJ line (its facts were not plain either). */
    final boolean headUnreadable;

    private PreparedCapture(URI warcinfoId, CaptureWarcRecords records, byte[] bytes, int responseLength, boolean headUnreadable) {
        this.warcinfoId = warcinfoId;
        this.records = records;
        this.bytes = bytes;
        this.responseLength = responseLength;
        this.headUnreadable = headUnreadable;
    }

    static PreparedCapture of(CaptureRecord c, URI warcinfoId, WarcDigest payload) throws IOException {
        CaptureWarcRecords records = CaptureWarcRecords.of(c, warcinfoId, payload);
        boolean unreadable = false;
        if (records.facts() == null) {
            // as LiveCdxj.prepare: the head is parsed before the body is written, so the line can be made after
            try {
                if (records.response() instanceof WarcRevisit v) v.http();
                else if (records.response() instanceof WarcResponse r) r.http();
            } catch (IOException | RuntimeException e) {
                unreadable = true;
            }
        }
        Serialiser s = SERIALISERS.get();
        s.out.size = 0;
        long start = s.writer.position();
        s.writer.write(records.response());
        long response = s.writer.position() - start;
        s.writer.write(records.request());
        byte[] bytes = Arrays.copyOf(s.out.bytes, s.out.size);
        if (s.out.bytes.length > KEEP) s.out.bytes = new byte[64 * 1024]; // a large body should not pin its size
        return new PreparedCapture(warcinfoId, records, bytes, (int) response, unreadable);
    }

    private static final class Serialiser {
        final Bytes out = new Bytes();
        final WarcWriter writer;

        Serialiser() {
            try {
                writer = new WarcWriter(out, WarcCompression.GZIP);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
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
