package io.lastlight.revisit;

import io.lastlight.http.ContentDecoding;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one response record at a known offset of a WARC file (each record of a {@code .warc.gz} is its own gzip
 * member, so reading starts right there) and decodes its payload the way the extraction does. Thread-safe: every
 * read opens its own channel.
 */
public final class OriginalReader {
    private final long maxBody;

    /** @param maxBody largest payload, raw or decoded, read for parsing (as {@code WarcCaptureReader}) */
    public OriginalReader(long maxBody) {
        this.maxBody = maxBody;
    }

    /** The response at {@code offset} of {@code warc}, expected to carry {@code recordId}. Never throws for bad bytes. */
    public OriginalPayload read(Path warc, long offset, String recordId) {
        String where = warc.getFileName() + " at offset " + offset;
        try (FileChannel ch = FileChannel.open(warc, StandardOpenOption.READ)) {
            ch.position(offset);
            Optional<WarcRecord> rec = new WarcReader(ch).next();
            if (rec.isEmpty()) return OriginalPayload.failed("original " + recordId + ": no WARC record in " + where);
            if (!(rec.get() instanceof WarcResponse r)) {
                return OriginalPayload.failed("original " + recordId + ": the record in " + where + " is a " + rec.get().type());
            }
            if (!r.id().toString().equals(recordId)) {
                return OriginalPayload.failed("original " + recordId + ": the record in " + where + " is " + r.id() + " (the file changed?)");
            }
            HttpResponse http = r.http();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            http.headers().map().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
            byte[] raw;
            try (InputStream in = http.body().stream()) {
                raw = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBody + 1));
            }
            boolean truncated = r.truncated() != WarcTruncationReason.NOT_TRUNCATED || raw.length > maxBody;
            byte[] body = ContentDecoding.decode(raw, http.headers().first("Content-Encoding").orElse(null), maxBody);
            return new OriginalPayload(http.status(), headers, body, raw.length, truncated, null);
        } catch (IOException | RuntimeException e) {
            return OriginalPayload.failed("original " + recordId + " in " + where + " unreadable: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
