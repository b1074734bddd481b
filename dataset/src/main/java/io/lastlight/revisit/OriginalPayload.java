package io.lastlight.revisit;

import java.util.List;
import java.util.Map;

/**
 * The payload of a revisit's original response, read back from its WARC file: its HTTP status and headers,
 * the decoded body (Content-Encoding removed, as the extraction does), the payload length as stored and whether
 * it was truncated; or, when the record could not be read, why ({@code error}, everything else null).
 */
public record OriginalPayload(int status, Map<String, List<String>> headers, byte[] body, long payloadLength,
                              boolean truncated, String error) {
    static OriginalPayload failed(String error) {
        return new OriginalPayload(0, null, null, -1, false, error);
    }
}
