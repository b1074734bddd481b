package io.lastlight.warc;

import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcTruncationReason;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes captures as WARC/1.1 with jwarc: a warcinfo record opening each file, then per capture a
 * response, its request ({@code WARC-Concurrent-To} the response) and a metadata record, one gzip
 * member each. Files are written as {@code name.warc.gz.open}, rotated at a size and renamed when closed.
 * Not thread-safe: the crawler writes from one thread.
 */
public final class WarcSink implements Closeable {
    private final Path dir;
    private final String prefix;
    private final long maxFileSize;
    private final Clock clock;
    private final Map<String, List<String>> warcinfoFields;
    private final Consumer<Path> onClosed;
    private ChannelOpener opener = p -> FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    /** Non-null when each file's CDXJ index is built as its records are written: where problems are reported. */
    private Consumer<String> indexWarnings;
    private LiveCdxj index;
    private int nextSerial;

    private FileChannel channel;
    /** What {@link #writer} wrote for the capture in progress, written to {@link #channel} when it ends. */
    private CaptureBuffer buffer;
    private WarcWriter writer;
    private String currentName;
    private URI warcinfoId;

    /**
     * @param onClosed called with each closed file's final path (e.g. to index it)
     */
    public WarcSink(Path dir, String prefix, long maxFileSize, Clock clock, Map<String, List<String>> warcinfoFields,
                    Consumer<Path> onClosed) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.prefix = prefix;
        this.maxFileSize = maxFileSize;
        this.clock = clock;
        this.warcinfoFields = new LinkedHashMap<>(warcinfoFields);
        this.onClosed = onClosed;
        this.nextSerial = nextSerial(dir);
    }

    private static int nextSerial(Path dir) throws IOException {
        int max = -1;
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) max = Math.max(max, WarcFileNames.serial(p.getFileName().toString()));
        }
        return max + 1;
    }

    /** Opens the channel a new WARC file is written to (tests inject a full disk here). */
    @FunctionalInterface
    public interface ChannelOpener {
        FileChannel open(Path path) throws IOException;
    }

    public WarcSink openWith(ChannelOpener opener) {
        this.opener = opener;
        return this;
    }

    /**
     * Writes each file's CDXJ index beside it when it closes ({@code NAME.warc.gz.cdxj}, as
     * {@link CdxjIndexer#writeBeside} would), built from the records as they are written instead of reading
     * the file back. Never throws for the index: problems go to {@code warn}, and a missing index is rebuilt
     * by {@link CdxjIndexer#indexMissing}. Call before the first write.
     */
    public WarcSink indexWhileWriting(Consumer<String> warn) {
        this.indexWarnings = warn;
        return this;
    }

    /** The payload digest as written in WARC-Payload-Digest ({@code sha1:BASE32}). */
    public static String payloadDigest(byte[] payload) {
        return sha1(payload).toString();
    }

    /**
     * As {@link #payloadDigest(byte[])}, remembered for the next {@link #write} of the same body array (a
     * crawler digests the body to detect an unchanged payload, then writes it: one SHA-1 pass instead of two).
     */
    public String digestOf(byte[] payload) {
        lastDigest = new Digested(payload, sha1(payload));
        return lastDigest.digest().toString();
    }

    private record Digested(byte[] body, WarcDigest digest) {}

    private Digested lastDigest;

    private WarcDigest payloadSha1(byte[] body) {
        Digested d = lastDigest;
        lastDigest = null;
        return d != null && d.body() == body ? d.digest() : sha1(body);
    }

    /** The file currently being written (its final name, without {@code .open}), or null. */
    public String currentFile() {
        return currentName;
    }

    /** Writes one capture; returns where its response record is and where the capture's records end. */
    public WarcPosition write(CaptureRecord c) throws IOException {
        if (broken) throw new IOException("an earlier write to " + currentName + " failed; the file is left open for recovery");
        try {
            return doWrite(c);
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    private boolean broken;

    private WarcPosition doWrite(CaptureRecord c) throws IOException {
        ensureOpen();
        byte[] reqBytes = HttpBytes.request(c.method(), c.uri(), c.requestHeaders());
        byte[] head = HttpBytes.responseHead(c.status(), c.reason(), c.responseHeaders(), c.truncated());

        WarcCaptureRecord response;
        if (c.revisitOf() != null) {
            // Unchanged payload: keep the headers (they may differ), refer to the earlier full capture.
            WarcRevisit.Builder vb = new WarcRevisit.Builder(c.uri(), WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1).date(c.date())
                    .body(MediaType.HTTP_RESPONSE, head)
                    .blockDigest(sha1(head))
                    .payloadDigest(payloadSha1(c.body()))
                    .warcinfoId(warcinfoId);
            CaptureRecord.Revisit r = c.revisitOf();
            if (r.recordId() != null) vb.refersTo(r.recordId(), r.targetUri(), r.date());
            else vb.addHeader("WARC-Refers-To-Target-URI", r.targetUri().toString())
                    .addHeader("WARC-Refers-To-Date", r.date().toString());
            response = vb.build();
        } else {
            byte[] respBytes = HttpBytes.concat(head, c.body());
            WarcResponse.Builder rb = new WarcResponse.Builder(c.uri()).date(c.date())
                    .body(MediaType.HTTP_RESPONSE, respBytes)
                    .blockDigest(sha1(respBytes))
                    .payloadDigest(payloadSha1(c.body()))
                    .warcinfoId(warcinfoId);
            if (c.truncated()) rb.truncated(WarcTruncationReason.LENGTH);
            response = rb.build();
        }
        URI responseId = response.id(); // jwarc parses the header on every call: once per capture
        WarcRequest request = new WarcRequest.Builder(c.uri()).date(c.date())
                .body(MediaType.HTTP_REQUEST, reqBytes)
                .blockDigest(sha1(reqBytes))
                .warcinfoId(warcinfoId)
                .concurrentTo(responseId)
                .build();

        // The index line takes the status and Content-Type from what the head was written from, when that is plain.
        HeadFacts facts = index == null ? null : HeadFacts.of(c.status(), c.reason(), c.responseHeaders());
        if (index != null && facts == null) index.prepare(response);
        long offset = writer.position();
        writer.write(response);
        long length = writer.position() - offset;
        if (index != null) index.add(response, offset, length, facts);
        writer.write(request);
        if (c.metadata() != null && !c.metadata().isEmpty()) {
            WarcMetadata meta = new WarcMetadata.Builder().targetURI(c.uri()).date(c.date())
                    .concurrentTo(responseId).warcinfoId(warcinfoId).fields(c.metadata()).build();
            writer.write(meta);
        }
        buffer.flush(); // one write per capture; its records are in the file when this returns
        long end = writer.position();
        WarcPosition pos = new WarcPosition(currentName, offset, length, responseId, end);
        if (end >= maxFileSize) closeCurrent();
        return pos;
    }

    /**
     * Forces what was written to the current file onto the disk, so a frontier on another machine may record
     * the captures in it as done (a machine that dies loses nothing the frontier calls committed).
     */
    public void sync() throws IOException {
        if (channel != null && !broken) channel.force(false);
    }

    /** Offset just after the warcinfo of a freshly opened file: where a file with no captures ends. */
    public long position() {
        return writer == null ? 0 : writer.position();
    }

    private void ensureOpen() throws IOException {
        if (writer != null) return;
        currentName = WarcFileNames.name(prefix, clock.instant(), nextSerial++);
        Path open = dir.resolve(currentName + WarcFileNames.OPEN_SUFFIX);
        channel = opener.open(open);
        buffer = new CaptureBuffer(channel);
        writer = new WarcWriter(buffer, WarcCompression.GZIP);
        if (indexWarnings != null) index = new LiveCdxj(dir, currentName);
        Warcinfo info = new Warcinfo.Builder().filename(currentName).date(clock.instant()).fields(warcinfoFields).build();
        warcinfoId = info.id();
        writer.write(info);
        buffer.flush(); // position() after open() is where the file ends on disk
    }

    /** Opens the next file now (so callers can record its name before the first capture). */
    public String open() throws IOException {
        ensureOpen();
        return currentName;
    }

    private void closeCurrent() throws IOException {
        if (writer == null) return;
        if (broken) {
            // A record may be half-written: leave the file as .open; --resume trims it to the last commit.
            try {
                channel.close();
            } finally {
                writer = null;
                channel = null;
                buffer = null;
                currentName = null;
                dropIndex();
            }
            return;
        }
        channel.force(false);
        writer.close();
        Path open = dir.resolve(currentName + WarcFileNames.OPEN_SUFFIX);
        Path done = dir.resolve(currentName);
        Files.move(open, done, StandardCopyOption.ATOMIC_MOVE);
        writer = null;
        channel = null;
        buffer = null;
        String closed = currentName;
        currentName = null;
        if (index != null) writeIndex(done);
        if (onClosed != null) onClosed.accept(dir.resolve(closed));
    }

    private void writeIndex(Path warc) {
        try {
            CdxjIndexer.Result r = index.finish(warc);
            if (r.damage() != null) indexWarnings.accept(warc.getFileName() + ": indexed up to the damage: " + r.damage());
            else if (r.skipped() > 0) indexWarnings.accept(warc.getFileName() + ": " + r.skipped() + " records left out of the index");
        } catch (IOException | RuntimeException e) {
            indexWarnings.accept("could not index " + warc.getFileName() + ": " + e
                    + " (the WARC file is intact; the index is rebuilt by crawl --resume or lastlight package)");
        } finally {
            dropIndex();
        }
    }

    private void dropIndex() {
        if (index == null) return;
        try {
            index.close();
        } catch (RuntimeException e) {
            // a spilled run left behind is removed by CdxjIndexer.indexMissing
        } finally {
            index = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
    }

    static WarcDigest sha1(byte[] bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(bytes);
            return new WarcDigest(md);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
