package io.lastlight.extract;

import io.lastlight.platform.Capture;

import java.time.Instant;

/**
 * A response (or resource) record read back from WARC: its pointer (file, offset, stored length, record id),
 * its headers' facts, and the decoded capture (null when the HTTP message itself could not be read, with
 * {@code error} saying why). {@code recordType} is the WARC-Type (response, resource); {@code captureSource}
 * says where the record came from: crawl, import (lastlight import) or other (see captures.capture_source).
 */
public record WarcCapture(String warcFile, long offset, long length, String recordId, String targetUri,
                          Instant date, Integer httpStatus, String payloadDigest, long payloadLength, Capture capture,
                          String error, String recordType, String captureSource) {
    public static final String CRAWL = "crawl";
    public static final String IMPORT = "import";
    public static final String OTHER = "other";

    /** A response record of a crawl. */
    public WarcCapture(String warcFile, long offset, long length, String recordId, String targetUri,
                       Instant date, Integer httpStatus, String payloadDigest, long payloadLength, Capture capture,
                       String error) {
        this(warcFile, offset, length, recordId, targetUri, date, httpStatus, payloadDigest, payloadLength, capture, error,
                "response", CRAWL);
    }
}
