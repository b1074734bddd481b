package io.lastlight.extract;

import io.lastlight.platform.Capture;

import java.time.Instant;

/**
 * A record read back from WARC: its pointer (file, offset, stored length, record id), its headers' facts, and for a
 * response the decoded capture (null when the HTTP message itself could not be read, with {@code error} saying why).
 * Every record of a file becomes one: {@code recordType} is its WARC-Type, {@code status} is set when the reader
 * already knows the record's parse status (not-capture, not-http, damaged, error) and null when the capture is to be
 * parsed, and {@code note} says what was odd about the record itself (or why it holds no capture).
 */
public record WarcCapture(String warcFile, long offset, long length, String recordId, String targetUri,
                          Instant date, Integer httpStatus, String payloadDigest, long payloadLength, Capture capture,
                          String error, String recordType, String status, String note) {

    /** A response record as before (type response, status decided by parsing, nothing odd). */
    public WarcCapture(String warcFile, long offset, long length, String recordId, String targetUri, Instant date,
                       Integer httpStatus, String payloadDigest, long payloadLength, Capture capture, String error) {
        this(warcFile, offset, length, recordId, targetUri, date, httpStatus, payloadDigest, payloadLength, capture, error,
                "response", capture == null ? CaptureDecoder.ERROR : null, null);
    }
}
