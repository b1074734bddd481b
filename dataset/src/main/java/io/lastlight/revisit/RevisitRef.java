package io.lastlight.revisit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A WARC revisit record as read from its file: its pointer, what it says about its original
 * ({@code WARC-Refers-To}, {@code WARC-Refers-To-Target-URI}, {@code WARC-Refers-To-Date}, {@code WARC-Payload-Digest}),
 * and the HTTP status line and headers it stores instead of a payload.
 *
 * @param headers     HTTP headers of the revisit (null if it stores no HTTP head, or an unreadable one)
 * @param httpStatus  HTTP status of the revisit (null as for headers)
 * @param sameDigest  true if the profile promises a payload identical to the original's (identical-payload-digest),
 *                    so an original must have the same payload digest to match
 * @param digestCheck captures.digest_check of the revisit record itself: its own block digest (null if its block
 *                    could not be read)
 */
public record RevisitRef(String warcFile, long offset, long length, String recordId, String targetUri, Instant date,
                         String payloadDigest, String profile, String refersTo, String refersToTargetUri,
                         Instant refersToDate, Integer httpStatus, Map<String, List<String>> headers, boolean sameDigest,
                         String digestCheck) {

    /** What the record told us to look its original up by, for an "unresolved" report. */
    public String lookupDescription() {
        StringBuilder s = new StringBuilder();
        if (refersTo != null) s.append("WARC-Refers-To ").append(refersTo);
        if (refersToTargetUri != null && refersToDate != null) {
            if (s.length() > 0) s.append(", then ");
            s.append("WARC-Refers-To-Target-URI + WARC-Refers-To-Date ").append(refersToDate);
        }
        if (payloadDigest != null) {
            if (s.length() > 0) s.append(", then ");
            s.append("target URI + WARC-Payload-Digest ").append(payloadDigest);
        }
        return s.length() == 0 ? "the record names no original and has no payload digest" : "looked up by " + s;
    }
}
