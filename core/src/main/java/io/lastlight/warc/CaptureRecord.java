package io.lastlight.warc;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One HTTP exchange to archive: the request as sent and the response as received (body raw, still
 * content-encoded). {@code metadata} goes into the WARC metadata record (how the item was discovered).
 * With {@code revisitOf} set, the response is stored as a {@code revisit} record (identical payload digest)
 * pointing at that earlier capture instead of a second full copy.
 */
public record CaptureRecord(URI uri, Instant date, String method, List<Map.Entry<String, String>> requestHeaders,
                            int status, String reason, List<Map.Entry<String, String>> responseHeaders,
                            byte[] body, boolean truncated, Map<String, List<String>> metadata, Revisit revisitOf) {

    public CaptureRecord(URI uri, Instant date, String method, List<Map.Entry<String, String>> requestHeaders,
                         int status, String reason, List<Map.Entry<String, String>> responseHeaders,
                         byte[] body, boolean truncated, Map<String, List<String>> metadata) {
        this(uri, date, method, requestHeaders, status, reason, responseHeaders, body, truncated, metadata, null);
    }

    /** The earlier capture an unchanged payload refers to. {@code recordId} may be null. */
    public record Revisit(URI targetUri, Instant date, URI recordId) {}
}
