package io.lastlight.evidence;

import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcPayload;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a WARC record's bytes are still those its writer digested: its {@code WARC-Block-Digest} (the whole block)
 * and, for a response, its {@code WARC-Payload-Digest} (the HTTP body as sent), computed again from the file, as
 * {@code jwarc validate} does. Evidence shown to a reader is only as good as this check: a flipped bit, an edit or a
 * bad copy since the capture shows here. A record without digests (some tools write none) cannot be checked.
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
        try (ReadableByteChannel ch = warc.openAt(offset)) {
            WarcReader reader = new WarcReader(ch);
            reader.calculateBlockDigest();
            Optional<WarcRecord> next = reader.next();
            if (next.isEmpty()) return "digests: no record at offset " + offset + " of " + warc.name();
            WarcRecord rec = next.get();
            Optional<WarcDigest> block = rec.blockDigest();
            Optional<WarcDigest> payloadDigest = rec.headers().first("WARC-Payload-Digest").map(WarcDigest::new);
            if (payloadDigest.isPresent() && rec instanceof WarcResponse response) {
                Optional<WarcPayload> payload = response.payload();
                if (payload.isPresent()) {
                    WarcDigest got = digest(payload.get().body().stream(), payloadDigest.get());
                    boolean ok = got != null && got.equals(payloadDigest.get());
                    bad |= got != null && !ok;
                    parts.add(got == null ? "payload digest " + payloadDigest.get() + " (algorithm unknown here: not checked)"
                            : ok ? "payload " + payloadDigest.get() + " verified"
                            : "PAYLOAD DIGEST MISMATCH: the record says " + payloadDigest.get() + ", its bytes give " + got);
                }
            }
            rec.body().consume();
            if (block.isPresent()) {
                Optional<WarcDigest> calculated = rec.calculatedBlockDigest();
                if (calculated.isEmpty()) {
                    parts.add("block digest " + block.get() + " (not computed: algorithm unknown here)");
                } else if (calculated.get().equals(block.get())) {
                    parts.add("block " + block.get() + " verified");
                } else {
                    bad = true;
                    parts.add("BLOCK DIGEST MISMATCH: the record says " + block.get() + ", its bytes give " + calculated.get());
                }
            }
        } catch (IOException | RuntimeException e) {
            return "digests: the record at offset " + offset + " of " + warc.name() + " could not be read to check them ("
                    + e.getMessage() + ")";
        }
        if (parts.isEmpty()) return "digests: the record carries none (its writer stored no WARC-Block-Digest): not checked";
        return "digests: " + String.join("; ", parts)
                + (bad ? " — the stored bytes are not those the crawler digested (damage or an edit since the capture)" : "");
    }

    /** The digest of {@code in} in the algorithm of {@code like}, or null when that algorithm is not known here. */
    private static WarcDigest digest(InputStream in, WarcDigest like) throws IOException {
        MessageDigest md;
        try {
            md = like.getDigester();
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        return new WarcDigest(md);
    }
}
