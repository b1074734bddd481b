package io.lastlight.extract;

import io.lastlight.http.ContentDecoding;
import io.lastlight.platform.Capture;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MessageBody;
import org.netpreserve.jwarc.MessageHeaders;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;
import org.netpreserve.jwarc.Warcinfo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Reads the response records of one WARC file, leniently: a record whose HTTP message is broken becomes a
 * capture with an error; a file that is corrupt or truncated part-way is read up to its last good record
 * and the damage is reported with the file and offset.
 */
public final class WarcCaptureReader {
    /**
     * Largest payload, raw or decoded, read for parsing (API responses are far smaller; media are never
     * parsed). Larger payloads are marked truncated for parsing, and a compression bomb stops at the cap.
     */
    public static final long DEFAULT_MAX_PARSE_BYTES = 64L * 1024 * 1024;
    private final long maxBody;
    /** Bytes read from the file at a time (jwarc's default is 8 KiB: many more reads and inflater calls). */
    static final int READ_BUFFER = 1 << 20;

    /** What the file said about itself, and where reading stopped early (if it did). */
    public static final class FileInfo {
        public final Map<String, String> warcinfo = new LinkedHashMap<>();
        public String damage;
        public long records;
        /** Revisit records seen (resolved against their originals after extraction, by io.lastlight.revisit). */
        public long revisits;
        /** sha256 (hex) of the whole file, computed while reading it (no second pass over the file). */
        public String sha256;
    }

    public WarcCaptureReader(long maxBody) {
        this.maxBody = maxBody;
    }

    public FileInfo read(Path file, BiConsumer<FileInfo, WarcCapture> sink) throws IOException {
        FileInfo info = new FileInfo();
        String name = file.getFileName().toString();
        long size = java.nio.file.Files.size(file);
        try (DigestingChannel ch = new DigestingChannel(FileChannel.open(file, StandardOpenOption.READ));
             WarcReader reader = new WarcReader(ch, java.nio.ByteBuffer.allocate(READ_BUFFER).flip())) {
            reader.setLenient(true);
            WarcResponse pending = null;
            long[] pendingLength = {-1};
            Capture pendingCapture = null;
            String pendingError = null;
            // a resource record holding a page or JSON (lastlight import, other tools): see ResourceCaptures
            java.util.function.LongFunction<WarcCapture> pendingResource = null;
            long resourceAt = -1;
            while (true) {
                Optional<WarcRecord> next;
                long before = pending == null ? resourceAt : pending.position();
                try {
                    next = reader.next();
                } catch (IOException | RuntimeException e) {
                    info.damage = "unreadable record after offset " + Math.max(0, before) + " in " + name + ": " + e.getMessage();
                    break;
                }
                if (pending != null) {
                    long end = next.map(WarcRecord::position).orElse(size);
                    sink.accept(info, toCapture(name, pending, end - pending.position(), pendingLength[0], pendingCapture, pendingError));
                    pending = null;
                }
                if (pendingResource != null) {
                    sink.accept(info, pendingResource.apply(next.map(WarcRecord::position).orElse(size)));
                    pendingResource = null;
                    resourceAt = -1;
                }
                if (next.isEmpty()) break;
                WarcRecord rec = next.get();
                info.records++;
                if (rec instanceof Warcinfo) {
                    try {
                        ((Warcinfo) rec).fields().map().forEach((k, v) -> info.warcinfo.put(k, String.join(" ", v)));
                    } catch (IOException | RuntimeException e) {
                        info.damage = "unreadable warcinfo at offset " + rec.position() + " in " + name;
                    }
                } else if (rec instanceof org.netpreserve.jwarc.WarcRevisit) {
                    info.revisits++;
                } else if (rec instanceof org.netpreserve.jwarc.WarcResource) {
                    try {
                        pendingResource = ResourceCaptures.pending(name, (org.netpreserve.jwarc.WarcResource) rec, maxBody);
                        resourceAt = rec.position();
                    } catch (IOException | RuntimeException e) {
                        info.damage = "unreadable resource record at offset " + rec.position() + " in " + name + ": " + e.getMessage();
                    }
                } else if (rec instanceof WarcResponse) {
                    pending = (WarcResponse) rec;
                    pendingCapture = null;
                    pendingError = null;
                    try {
                        pendingCapture = decode(pending, pendingLength);
                    } catch (IOException | RuntimeException e) {
                        pendingError = e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                }
            }
            info.sha256 = ch.finish();
        }
        return info;
    }

    /**
     * The file's bytes as jwarc reads them, digested on the way; {@link #finish()} reads what jwarc left (after
     * the last record or a damaged one) so the digest always covers the whole file.
     */
    static final class DigestingChannel implements java.nio.channels.ReadableByteChannel {
        private final FileChannel file;
        private final java.security.MessageDigest sha;

        DigestingChannel(FileChannel file) {
            this.file = file;
            try {
                this.sha = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read(java.nio.ByteBuffer dst) throws IOException {
            int start = dst.position();
            int n = file.read(dst);
            if (n > 0) {
                java.nio.ByteBuffer seen = dst.duplicate();
                seen.position(start).limit(start + n);
                sha.update(seen);
            }
            return n;
        }

        /** Reads the rest of the file into the digest; returns it as hex. */
        String finish() throws IOException {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 20);
            while (read(buf) >= 0) buf.clear();
            return java.util.HexFormat.of().formatHex(sha.digest());
        }

        @Override
        public boolean isOpen() {
            return file.isOpen();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    private WarcCapture toCapture(String file, WarcResponse r, long length, long payloadLength, Capture c, String error) {
        String digest = r.headers().first("WARC-Payload-Digest").orElse(null);
        // the capture's time is the record's date, already parsed when the HTTP message was decoded
        return new WarcCapture(file, r.position(), length, r.id().toString(), r.target(), c != null ? c.time() : WarcDates.date(r),
                c == null ? null : c.status(), digest, payloadLength, c, error);
    }

    private Capture decode(WarcResponse r, long[] payloadLength) throws IOException {
        HttpResponse http = r.http();
        MessageHeaders h = http.headers();
        // jwarc's own map (case-insensitive, in name order, which is also the order a copy would have), read-only:
        // a copy per response was ~5% of all allocation and nothing changes a capture's headers.
        Map<String, List<String>> headers = Collections.unmodifiableMap(h.map());
        byte[] raw;
        MessageBody message = http.body();
        long declared = message.size();
        try (InputStream in = message.stream()) {
            if (declared >= 0 && declared <= maxBody) {
                // The usual case: the record says how long the body is, so read it into one array of that size
                // (readNBytes(len) reads 8 KiB chunks and copies them into the result: twice the allocation).
                // A record cut short yields the bytes that are there, as before; a body longer than declared
                // cannot be read (the record's length bounds it).
                raw = new byte[(int) declared];
                int n = in.readNBytes(raw, 0, raw.length);
                if (n < raw.length) raw = java.util.Arrays.copyOf(raw, n);
            } else {
                raw = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBody + 1));
            }
        }
        payloadLength[0] = raw.length;
        boolean truncated = r.truncated() != WarcTruncationReason.NOT_TRUNCATED || raw.length > maxBody;
        byte[] body = ContentDecoding.decode(raw, h.first("Content-Encoding").orElse(null), maxBody);
        return new Capture(URI.create(r.target()), WarcDates.date(r), http.status(), headers, body, truncated);
    }
}
