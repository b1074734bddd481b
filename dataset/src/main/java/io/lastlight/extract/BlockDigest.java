package io.lastlight.extract;

import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A record's WARC-Block-Digest against the digest jwarc computed of its block as it was read, and the record's
 * {@code captures.digest_check} from it and the payload digest's verdict ({@link RecordDigests}), with a note saying
 * what mismatched or could not be checked.
 */
record BlockDigest(RecordDigests.Verdict verdict, String note) {
    /**
     * The block digest of {@code rec}, whose block has been read to its end with jwarc's block digest on. Throws as
     * reading the block throws: the record is damaged.
     */
    static BlockDigest of(WarcRecord rec) throws IOException {
        String header = rec.headers().first("WARC-Block-Digest").orElse(null);
        Optional<WarcDigest> got = rec.calculatedBlockDigest();
        if (header == null) return new BlockDigest(RecordDigests.Verdict.ABSENT, null);
        if (got.isEmpty()) return new BlockDigest(RecordDigests.Verdict.UNSUPPORTED, null);
        RecordDigests.Verdict v = RecordDigests.verdict(header, got.get().bytes());
        return new BlockDigest(v, v != RecordDigests.Verdict.MISMATCH ? null : "WARC-Block-Digest " + header.strip()
                + " does not match the record's bytes, which give " + got.get() + " (damage or an edit since the capture)");
    }

    /**
     * {@code c} with its digest_check and notes: {@code block} null when the block was not digested, {@code payload}
     * the payload digest's verdict.
     */
    static WarcCapture checked(WarcCapture c, WarcRecord rec, BlockDigest block, RecordDigests.Verdict payload) {
        RecordDigests.Verdict b = block == null ? RecordDigests.Verdict.UNSUPPORTED : block.verdict();
        RecordDigests.Verdict p = payload;
        String payloadHeader = rec.headers().first("WARC-Payload-Digest").orElse(null);
        // a payload digest not checked here (a request, a resource …): the block digest, which covers the
        // payload, speaks for the record; without one the record's digest is not checked
        if (payloadHeader != null && p == RecordDigests.Verdict.ABSENT && b == RecordDigests.Verdict.ABSENT) {
            p = RecordDigests.Verdict.UNSUPPORTED;
        }
        RecordDigests.Check check = new RecordDigests.Check(b, p, null);
        List<String> notes = new ArrayList<>(2);
        if (block != null && block.note() != null) notes.add(block.note());
        if (p == RecordDigests.Verdict.MISMATCH) {
            notes.add("WARC-Payload-Digest " + payloadHeader.strip() + " does not match the HTTP body (neither de-chunked"
                    + " nor as transferred)");
        }
        if (check.status().equals(RecordDigests.UNSUPPORTED)) {
            notes.add("digests not checked: " + unsupported(rec, b, p, payload, payloadHeader, c.recordType()));
        }
        return c.withDigestCheck(check.status(), notes.isEmpty() ? null : String.join("; ", notes));
    }

    private static String unsupported(WarcRecord rec, RecordDigests.Verdict b, RecordDigests.Verdict p,
                                      RecordDigests.Verdict payload, String payloadHeader, String recordType) {
        String blockHeader = rec.headers().first("WARC-Block-Digest").orElse(null);
        List<String> why = new ArrayList<>(2);
        if (b == RecordDigests.Verdict.UNSUPPORTED) {
            why.add(blockHeader == null ? "the block was not digested"
                    : "WARC-Block-Digest " + blockHeader.strip() + " (algorithm unknown here or value unreadable)");
        }
        if (p == RecordDigests.Verdict.UNSUPPORTED) {
            why.add("WARC-Payload-Digest " + payloadHeader.strip() + (payload == RecordDigests.Verdict.UNSUPPORTED
                    ? " (algorithm unknown here, value unreadable, or the body was not read whole)"
                    : " (not checked on a " + recordType + " record without a block digest)"));
        }
        return String.join("; ", why);
    }
}
