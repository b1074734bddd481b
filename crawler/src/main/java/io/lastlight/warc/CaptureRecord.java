package io.lastlight.warc;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One HTTP exchange to archive: the request as sent and the response as received (body raw, still
 * content-encoded). {@code metadata} goes into the WARC metadata record (how the item was discovered).
 */
public record CaptureRecord(URI uri, Instant date, String method, List<Map.Entry<String, String>> requestHeaders,
                            int status, String reason, List<Map.Entry<String, String>> responseHeaders,
                            byte[] body, boolean truncated, Map<String, List<String>> metadata) {
}
