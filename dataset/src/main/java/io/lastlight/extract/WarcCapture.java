package io.lastlight.extract;

import io.lastlight.platform.Capture;

import java.time.Instant;

/**
 * A response record read back from WARC: its pointer (file, offset, stored length, record id), its
 * headers' facts, and the decoded capture (null when the HTTP message itself could not be read, with
 * {@code error} saying why).
 */
public record WarcCapture(String warcFile, long offset, long length, String recordId, String targetUri,
                          Instant date, Integer httpStatus, String payloadDigest, long payloadLength, Capture capture,
                          String error) {
}
