package io.lastlight.evidence;

import io.lastlight.extract.RecordDigests;
import io.lastlight.extract.WarcFormat;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.WarcPayload;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whether a WARC record's bytes are still those its writer digested, said in a line for a reader of evidence: its
 * {@code WARC-Block-Digest} (the whole block) and, for a response, its {@code WARC-Payload-Digest} (the HTTP body),
 * computed again from the file with the build's implementation ({@link RecordDigests}: the same verdicts as
 * captures.digest_check). A flipped bit, an edit or a bad copy since the capture shows here. A record without digests
 * (some tools write none) cannot be checked.
 */
final class DigestCheck {
    private DigestCheck() {}

    /** One line for the record at {@code offset}: each digest it carries, verified or not. */
    static String of(Path warc, long offset) {
        try {
            return of(io.lastlight.extract.WarcSource.of(warc), offset);
        } catch (IOException e) {
            return "digests: " + warc.getFileName() + " could not be read to check them (" + e.getMessage() + ")";
        }
    }

    /** As {@link #of(Path, long)}, for a WARC file wherever it is (on disk, inside a WACZ). */
    static String of(io.lastlight.extract.WarcSource warc, long offset) {
        List<String> parts = new ArrayList<>();
        boolean bad = false;
        try {
            String block;
            String payloadHeader;
            RecordDigests.Verdict payload = RecordDigests.Verdict.ABSENT;
            byte[] blockDigest = null;
            try (ReadableByteChannel ch = warc.openAt(offset); WarcReader reader = new WarcReader(ch)) {
                Optional<WarcRecord> next = reader.next();
                if (next.isEmpty()) return "digests: no record at offset " + offset + " of " + warc.name();
                WarcRecord rec = next.get();
                block = rec.headers().first("WARC-Block-Digest").orElse(null);
                payloadHeader = rec.headers().first("WARC-Payload-Digest").orElse(null);
                if (payloadHeader != null && !(rec instanceof WarcRevisit) && rec instanceof WarcResponse response) {
                    Optional<WarcPayload> p = response.payload();
                    if (p.isPresent()) {
                        byte[] body = p.get().body().stream().readAllBytes();
                        HttpResponse http = response.contentType().base().equals(org.netpreserve.jwarc.MediaType.HTTP) ? response.http() : null;
                        int head = http == null ? -1 : http.serializeHeader().length;
                        payload = RecordDigests.payload(payloadHeader, body, body.length, head < 0 ? null : () -> transferred(warc, offset, head));
                    }
                }
            }
            if (block != null) {
                // the block read again from its start: the payload above was read through the HTTP parser
                MessageDigest md = RecordDigests.digester(block);
                if (md != null) {
                    try (ReadableByteChannel ch = warc.openAt(offset); WarcReader reader = new WarcReader(ch);
                         InputStream in = reader.next().orElseThrow(() -> new IOException("no record")).body().stream()) {
                        byte[] buf = new byte[1 << 16];
                        for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
                    }
                    blockDigest = md.digest();
                }
            }
            if (payloadHeader != null && payload != RecordDigests.Verdict.ABSENT) {
                bad |= payload == RecordDigests.Verdict.MISMATCH;
                parts.add(switch (payload) {
                    case MATCH -> "payload " + payloadHeader + " verified";
                    case MISMATCH -> "PAYLOAD DIGEST MISMATCH: the record says " + payloadHeader
                            + ", its HTTP body gives another (de-chunked and as transferred)";
                    default -> "payload digest " + payloadHeader + " (algorithm unknown here or value unreadable: not checked)";
                });
            }
            if (block != null) {
                RecordDigests.Verdict v = RecordDigests.verdict(block, blockDigest);
                bad |= v == RecordDigests.Verdict.MISMATCH;
                parts.add(switch (v) {
                    case MATCH -> "block " + block + " verified";
                    case MISMATCH -> "BLOCK DIGEST MISMATCH: the record says " + block + ", its bytes give "
                            + RecordDigests.format(block, blockDigest);
                    default -> "block digest " + block + " (not computed: algorithm unknown here or value unreadable)";
                });
            }
        } catch (IOException | RuntimeException e) {
            return "digests: the record at offset " + offset + " of " + warc.name() + " could not be read to check them ("
                    + e.getMessage() + ")";
        }
        if (parts.isEmpty()) return "digests: the record carries none (its writer stored no WARC-Block-Digest): not checked";
        return "digests: " + String.join("; ", parts)
                + (bad ? " — the stored bytes are not those the crawler digested (damage or an edit since the capture)" : "");
    }

    /** The HTTP body of the record at {@code offset} as transferred: its block after the {@code head} bytes of the HTTP head. */
    private static byte[] transferred(io.lastlight.extract.WarcSource warc, long offset, int head) throws IOException {
        try (ReadableByteChannel ch = warc.openAt(offset); WarcReader reader = new WarcReader(ch)) {
            byte[] block = reader.next().orElseThrow(() -> new IOException("no record")).body().stream().readAllBytes();
            return block.length < head ? null : Arrays.copyOfRange(block, head, block.length);
        }
    }
}
