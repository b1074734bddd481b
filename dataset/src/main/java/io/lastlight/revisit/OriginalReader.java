package io.lastlight.revisit;

import io.lastlight.extract.CaptureDecoder;
import io.lastlight.extract.RecordFacts;
import io.lastlight.extract.WarcFormat;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one response record at a known offset of a WARC file (each record of a {@code .warc.gz} or {@code .warc.zst}
 * is its own gzip member or zstd frame, so reading starts right there; a whole-file gzip is decompressed up to it, see
 * {@link WarcFormat#openAt}) and decodes its payload with the extraction's {@link CaptureDecoder}, limits included.
 * Thread-safe: every read opens its own channel.
 */
public final class OriginalReader {
    private final CaptureDecoder decoder;
    /** Each file's format, sniffed once: it says what an offset means ({@link WarcFormat#openAt(WarcFormat.Bytes, String, WarcFormat, long)}). */
    private final Map<String, WarcFormat> formats = new ConcurrentHashMap<>();

    /** @param maxBody largest payload, raw or decoded, read for parsing (as {@code WarcCaptureReader}) */
    public OriginalReader(long maxBody) {
        this.decoder = new CaptureDecoder(maxBody);
    }

    /** The response at {@code offset} of {@code warc}, expected to carry {@code recordId}. Never throws for bad bytes. */
    public OriginalPayload read(Path warc, long offset, String recordId) {
        return read(warc.getFileName().toString(), warc.toAbsolutePath().toString(), WarcFormat.Bytes.of(warc), offset, recordId);
    }

    /** As {@link #read(Path, long, String)}, for a WARC file wherever it is (on disk, inside a WACZ). */
    public OriginalPayload read(io.lastlight.extract.WarcSource warc, long offset, String recordId) {
        return read(warc.name(), warc.location(), warc.bytes(), offset, recordId);
    }

    /**
     * As {@link #read(Path, long, String)}, for a WARC file of any store (the Spark job's originals on hdfs:, s3a:...),
     * read through the same layout rules as a local one.
     *
     * @param name the file's name (the rows' {@code warc_file}), for messages
     * @param key  what identifies the file (its path or URI), under which its format is remembered
     */
    public OriginalPayload read(String name, String key, WarcFormat.Bytes warc, long offset, String recordId) {
        String where = name + " at offset " + offset;
        try (ReadableByteChannel ch = WarcFormat.openAt(warc, name, format(key, warc), offset)) {
            WarcReader reader = new WarcReader(ch);
            reader.setLenient(true);
            Optional<WarcRecord> rec = reader.next();
            if (rec.isEmpty()) return OriginalPayload.failed("original " + recordId + ": no WARC record in " + where);
            if (!(rec.get() instanceof WarcResponse r)) {
                return OriginalPayload.failed("original " + recordId + ": the record in " + where + " is a " + rec.get().type());
            }
            RecordFacts facts = RecordFacts.of(r, name, offset);
            if (!facts.id().equals(recordId)) {
                return OriginalPayload.failed("original " + recordId + ": the record in " + where + " is " + facts.id() + " (the file changed?)");
            }
            CaptureDecoder.Decoded d = decoder.decode(r, facts, max -> again(key, warc, name, offset, max));
            if (d.capture() == null) {
                String why = d.error() != null ? d.error() : d.status() + (d.note() == null ? "" : " (" + d.note() + ")");
                return OriginalPayload.failed("original " + recordId + " in " + where + " unreadable: " + why);
            }
            return new OriginalPayload(d.capture().status(), d.capture().headers(), d.capture().body(), d.payloadLength(),
                    d.capture().truncated(), null);
        } catch (IOException | RuntimeException e) {
            return OriginalPayload.failed("original " + recordId + " in " + where + " unreadable: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private WarcFormat format(String key, WarcFormat.Bytes warc) throws IOException {
        WarcFormat f = formats.get(key);
        if (f == null) {
            f = WarcFormat.sniff(warc);
            formats.put(key, f);
        }
        return f;
    }

    private byte[] again(String key, WarcFormat.Bytes warc, String name, long offset, int max) throws IOException {
        try (ReadableByteChannel ch = WarcFormat.openAt(warc, name, format(key, warc), offset)) {
            Optional<WarcRecord> rec = new WarcReader(ch).next();
            if (rec.isEmpty()) throw new IOException("no record at offset " + offset);
            return rec.get().body().stream().readNBytes(max);
        }
    }
}
