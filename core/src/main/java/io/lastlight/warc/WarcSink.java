package io.lastlight.warc;

import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.Warcinfo;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
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
 * Writes captures as WARC/1.0 with jwarc (its default version: what wget, Heritrix and warcio write, read by every
 * replay tool; dates to the second): a warcinfo record opening each file, then per capture a
 * response, its request ({@code WARC-Concurrent-To} the response) and a metadata record, one gzip
 * member each. Files are written as {@code name.warc.gz.open}, rotated at a size and renamed when closed.
 * Not thread-safe: the crawler writes from one thread ({@link #prepare} alone may be called from others).
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
    private GzipRecordWriter writer;
    private String currentName;
    /** The open file's warcinfo record (read by {@link #prepare} on other threads). */
    private volatile URI warcinfoId;
    /** Bytes of the open file appended already compressed ({@link PreparedCapture}), which {@link #writer} did not write. */
    private long appended;
    /** The open file reached its size: it is closed at the next write or at {@link #close}, after {@link FileEvents#closing}. */
    private boolean full;
    private FileEvents events = FileEvents.NONE;

    /**
     * Told when a file opens and before a full one is closed, so that whoever records how far each file is
     * committed (the crawler's frontier) can keep step with the files: a file renamed from {@code .open} is
     * never cut back by recovery, so it may hold only captures whose outcomes are committed.
     */
    public interface FileEvents {
        FileEvents NONE = new FileEvents() {
            @Override public void opened(String file, long end) { }
            @Override public void closing(String file, long end) { }
        };

        /** A new file holds its warcinfo record, which ends at {@code end}, and nothing else yet. */
        void opened(String file, long end) throws IOException;

        /**
         * The file is about to be closed and renamed: everything written to it ends at {@code end}, and every
         * capture in it was handed back by a write that returned before this call.
         */
        void closing(String file, long end) throws IOException;
    }

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

    /** Tells {@code events} of each file opened and closed from now on (call before the first write). */
    public WarcSink onFiles(FileEvents events) {
        this.events = events;
        return this;
    }

    /** The payload digest as written in WARC-Payload-Digest ({@code sha1:BASE32}). */
    public static String payloadDigest(byte[] payload) {
        return sha1(payload).toString();
    }

    /** The file currently being written (its final name, without {@code .open}), or null. */
    public String currentFile() {
        return currentName;
    }

    /** Writes one capture; returns where its response record is and where the capture's records end. */
    public WarcPosition write(CaptureRecord c) throws IOException {
        if (broken) throw new IOException("an earlier write to " + currentName + " failed; the file is left open for recovery");
        try {
            return doWrite(c, null);
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    private boolean broken;

    private WarcPosition doWrite(CaptureRecord c, WarcDigest payload) throws IOException {
        ensureOpen();
        CaptureWarcRecords records = CaptureWarcRecords.of(c, warcinfoId, payload);
        long offset = position();
        writer.write(records.response());
        long length = position() - offset;
        index(records, offset, length);
        writer.write(records.request());
        return finishCapture(c, records.responseId(), offset, length, false);
    }

    /**
     * Serialises and compresses a capture's response and request records now, on the calling thread (any thread),
     * for {@link #write(CaptureRecord, PreparedCapture)} to append. Null when no file is open yet or the records
     * could not be made: that write then makes them itself (and reports what went wrong).
     *
     * @param payload the SHA-1 of {@code c.body()}, or null
     */
    public PreparedCapture prepare(CaptureRecord c, WarcDigest payload) {
        return prepare(c, payload, false);
    }

    /**
     * As {@link #prepare(CaptureRecord, WarcDigest)}; with {@code withMetadata} the metadata record too, for a
     * {@code c} whose metadata is final (the writing thread would otherwise add what it looks up, the parent's URL).
     */
    public PreparedCapture prepare(CaptureRecord c, WarcDigest payload, boolean withMetadata) {
        URI info = warcinfoId;
        if (info == null) return null;
        try {
            return PreparedCapture.of(c, info, payload, withMetadata);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * As {@link #write(CaptureRecord)}, appending what {@link #prepare} made of {@code c} when it is still right for the
     * open file (it names that file's warcinfo record); otherwise (null, or a file opened since) as {@link #write(CaptureRecord)}.
     * The metadata record is made here.
     */
    public WarcPosition write(CaptureRecord c, PreparedCapture p) throws IOException {
        if (broken) throw new IOException("an earlier write to " + currentName + " failed; the file is left open for recovery");
        try {
            ensureOpen();
            if (p == null || !p.warcinfoId.equals(warcinfoId)) return doWrite(c, p == null ? null : p.payload);
            long offset = position();
            buffer.write(ByteBuffer.wrap(p.bytes));
            appended += p.bytes.length;
            index(p.records, offset, p.responseLength);
            return finishCapture(c, p.records.responseId(), offset, p.responseLength, p.withMetadata);
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    /** The CDXJ line of a response written at {@code offset}; its status and type come from the records' head facts. */
    private void index(CaptureWarcRecords records, long offset, long length) {
        if (index == null) return;
        if (records.headUnreadable()) index.rescan();
        else index.add(records.response(), offset, length, records.facts());
    }

    /** The metadata record, then the capture to the file; rotates when the file is full. */
    private WarcPosition finishCapture(CaptureRecord c, URI responseId, long offset, long length, boolean metadataWritten)
            throws IOException {
        if (!metadataWritten) {
            WarcMetadata meta = metadata(c, responseId, warcinfoId);
            if (meta != null) writer.write(meta);
        }
        buffer.flush(); // one write per capture; its records are in the file when this returns
        long end = position();
        WarcPosition pos = new WarcPosition(currentName, offset, length, responseId, end);
        // closed at the next write, once the caller has recorded this capture's outcome (see FileEvents)
        if (end >= maxFileSize) full = true;
        return pos;
    }

    /**
     * Forces what was written to the current file onto the disk, so a frontier on another machine may record
     * the captures in it as done (a machine that dies loses nothing the frontier calls committed).
     */
    public void sync() throws IOException {
        if (channel != null && !broken) channel.force(false);
    }

    /**
     * Where the next record goes in the open file (just after the warcinfo in a freshly opened one: where a file with
     * no captures ends): what the writer wrote, and what was appended already compressed.
     */
    public long position() {
        return writer == null ? 0 : writer.position() + appended;
    }

    private void ensureOpen() throws IOException {
        if (writer != null && full) closeCurrent();
        if (writer != null) return;
        currentName = WarcFileNames.name(prefix, clock.instant(), nextSerial++);
        Path open = dir.resolve(currentName + WarcFileNames.OPEN_SUFFIX);
        channel = opener.open(open);
        buffer = new CaptureBuffer(channel);
        writer = new GzipRecordWriter(buffer, GzipRecordWriter.DEFAULT_LEVEL);
        appended = 0;
        if (indexWarnings != null) index = new LiveCdxj(dir, currentName);
        Warcinfo info = new Warcinfo.Builder().filename(currentName).date(clock.instant()).fields(warcinfoFields).build();
        warcinfoId = info.id();
        writer.write(info);
        buffer.flush(); // position() after open() is where the file ends on disk
        syncDirectory(); // the new file's name is on the disk before a frontier on another machine records it
        events.opened(currentName, position());
    }

    /**
     * Forces the folder's entries (a file created or renamed) to the disk: a frontier on another machine may commit
     * captures in a file as soon as it is recorded, and a machine that crashes can lose a file's name along with its
     * bytes unless its folder was synced. Where a folder cannot be opened to sync (not on Linux), nothing is done.
     */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // not supported here: the file's own force still holds its bytes
        }
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
                writer.close();
                channel.close();
            } finally {
                writer = null;
                channel = null;
                buffer = null;
                currentName = null;
                warcinfoId = null;
                full = false;
                dropIndex();
            }
            return;
        }
        events.closing(currentName, position());
        buffer.flush();
        channel.force(false);
        writer.close();
        buffer.close();
        full = false;
        Path open = dir.resolve(currentName + WarcFileNames.OPEN_SUFFIX);
        Path done = dir.resolve(currentName);
        Files.move(open, done, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory();
        writer = null;
        channel = null;
        buffer = null;
        String closed = currentName;
        currentName = null;
        warcinfoId = null;
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

    /**
     * Closes the open file without renaming it, as after a failed write: for a crawl that stopped on an error, whose
     * last outcomes may not be committed. {@code --resume} then cuts the file back to what the frontier committed.
     */
    public void abandon() throws IOException {
        broken = true;
        closeCurrent();
    }

    /** The capture's metadata record (how it was found: kind, hop, parent), or null when it has no metadata. */
    static WarcMetadata metadata(CaptureRecord c, URI responseId, URI warcinfoId) {
        if (c.metadata() == null || c.metadata().isEmpty()) return null;
        return new WarcMetadata.Builder().targetURI(c.uri()).date(c.date())
                .concurrentTo(responseId).warcinfoId(warcinfoId).fields(c.metadata()).build();
    }

    /** The SHA-1 of {@code bytes}, as WARC digest headers carry it. */
    public static WarcDigest sha1(byte[] bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(bytes);
            return new WarcDigest(md);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
