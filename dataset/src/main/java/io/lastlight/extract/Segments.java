package io.lastlight.extract;

import org.netpreserve.jwarc.WarcRecord;

/**
 * Segmented records (WARC 1.1 section 7): a payload too large for one record is split into a first record holding
 * {@code WARC-Segment-Number: 1} and {@code continuation} records, each naming the first in
 * {@code WARC-Segment-Origin-ID}, the last with {@code WARC-Segment-Total-Length}. The build does not join them (its
 * reader takes one record at a time), so each part says what it is, and the first is an error, not a parse failure
 * of a payload that was only partly read.
 */
final class Segments {
    static final String CONTINUATION = "continuation";

    private Segments() {}

    /** The parse error of a first segment, or null when {@code r} is not one. */
    static String firstSegmentError(WarcRecord r) {
        String n = r.headers().first("WARC-Segment-Number").map(String::strip).orElse(null);
        if (n == null) return null;
        return "segment " + n + " of a segmented record (WARC-Segment-Number): the rest of its payload is in 'continuation'"
                + " records naming " + r.headers().first("WARC-Record-ID").orElse("it") + " in WARC-Segment-Origin-ID, which build"
                + " does not join, so the payload is not parsed; to build it, rewrite the file with the segments joined"
                + " into one record";
    }

    /** The record note of a continuation record. */
    static String continuationNote(WarcRecord r) {
        String n = r.headers().first("WARC-Segment-Number").map(String::strip).orElse("?");
        String origin = r.headers().first("WARC-Segment-Origin-ID").map(String::strip).orElse("(no WARC-Segment-Origin-ID)");
        String total = r.headers().first("WARC-Segment-Total-Length").map(t -> ", the last: " + t.strip() + " bytes in all").orElse("");
        return "continuation record: segment " + n + " of record " + origin + total + "; its bytes are the rest of that"
                + " record's payload, which build does not join (that record's parse_error says so)";
    }

    static boolean isContinuation(String type) {
        return CONTINUATION.equalsIgnoreCase(type);
    }
}
