package io.lastlight.extract;

import io.lastlight.platform.Capture;

import java.time.Instant;

/**
 * A record read back from WARC: its pointer (file, offset, stored length, record id), its headers' facts, and for a
 * response the decoded capture (null when the HTTP message itself could not be read, with {@code error} saying why).
 * Every record of a file becomes one: {@code recordType} is its WARC-Type, {@code status} is set when the reader
 * already knows the record's parse status (not-capture, not-http, damaged, error) and null when the capture is to be
 * parsed, and {@code note} says what was odd about the record itself (or why it holds no capture).
 * {@code captureSource} says where the record came from: crawl, import ({@code lastlight import}) or other (see
 * captures.capture_source). {@code digestCheck} is the record's WARC digests against its bytes
 * ({@link RecordDigests}: captures.digest_check), null where the record could not be read.
 */
public record WarcCapture(String warcFile, long offset, long length, String recordId, String targetUri,
                          Instant date, Integer httpStatus, String payloadDigest, long payloadLength, Capture capture,
                          String error, String recordType, String status, String note, String captureSource,
                          String digestCheck) {
    public static final String CRAWL = "crawl";
    public static final String IMPORT = "import";
    public static final String OTHER = "other";

    /** A record from the given source, its digests not (yet) checked. */
    public WarcCapture(String warcFile, long offset, long length, String recordId, String targetUri, Instant date,
                       Integer httpStatus, String payloadDigest, long payloadLength, Capture capture, String error,
                       String recordType, String status, String note, String captureSource) {
        this(warcFile, offset, length, recordId, targetUri, date, httpStatus, payloadDigest, payloadLength, capture, error,
                recordType, status, note, captureSource, null);
    }

    /** This record with its digest check, and a note added (null for none). */
    public WarcCapture withDigestCheck(String check, String addNote) {
        String n = addNote == null ? note : note == null ? addNote : note + "; " + addNote;
        return new WarcCapture(warcFile, offset, length, recordId, targetUri, date, httpStatus, payloadDigest, payloadLength,
                capture, error, recordType, status, n, captureSource, check);
    }

    /** A record of a crawl, with what the reader knows of it. */
    public WarcCapture(String warcFile, long offset, long length, String recordId, String targetUri, Instant date,
                       Integer httpStatus, String payloadDigest, long payloadLength, Capture capture, String error,
                       String recordType, String status, String note) {
        this(warcFile, offset, length, recordId, targetUri, date, httpStatus, payloadDigest, payloadLength, capture, error,
                recordType, status, note, CRAWL);
    }

    /** A record whose capture is to be parsed, from the given source (a resource record of an import). */
    public WarcCapture(String warcFile, long offset, long length, String recordId, String targetUri, Instant date,
                       Integer httpStatus, String payloadDigest, long payloadLength, Capture capture, String error,
                       String recordType, String captureSource) {
        this(warcFile, offset, length, recordId, targetUri, date, httpStatus, payloadDigest, payloadLength, capture, error,
                recordType, capture == null ? CaptureDecoder.ERROR : null, null, captureSource);
    }

    /** A response record as before (type response, status decided by parsing, nothing odd). */
    public WarcCapture(String warcFile, long offset, long length, String recordId, String targetUri, Instant date,
                       Integer httpStatus, String payloadDigest, long payloadLength, Capture capture, String error) {
        this(warcFile, offset, length, recordId, targetUri, date, httpStatus, payloadDigest, payloadLength, capture, error,
                "response", capture == null ? CaptureDecoder.ERROR : null, null, CRAWL);
    }
}
