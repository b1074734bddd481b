package io.lastlight.evidence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code evidence --extract} says whether a record's bytes are still those its writer digested: both digests verified
 * for an intact record, a MISMATCH for a record whose payload changed after it was written (one digit of a follower
 * count, as an audit's bit-rot file had), and no claim for a record that carries no digests.
 */
class DigestCheckTest {
    @TempDir
    Path tmp;

    private static final String BODY = "{\"id\":\"42\",\"username\":\"someone\",\"followers_count\":19}";

    private static WarcDigest sha1(byte[] b) throws Exception {
        return new WarcDigest("sha1", MessageDigest.getInstance("SHA-1").digest(b));
    }

    /** A response whose digests are computed over {@code digested}, stored with the payload {@code stored}. */
    private Path warc(String name, String digested, String stored, boolean digests) throws Exception {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + stored.length() + "\r\n\r\n";
        byte[] block = (head + stored).getBytes(StandardCharsets.UTF_8);
        byte[] digestedBlock = (head + digested).getBytes(StandardCharsets.UTF_8);
        WarcResponse.Builder b = new WarcResponse.Builder(URI.create("https://gab.example/api/v1/accounts/42"))
                .date(Instant.parse("2021-01-10T12:00:00Z")).body(MediaType.HTTP_RESPONSE, block);
        if (digests) {
            b.blockDigest(sha1(digestedBlock)).payloadDigest(sha1(digested.getBytes(StandardCharsets.UTF_8)));
        }
        Path f = tmp.resolve(name);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            new WarcWriter(ch, WarcCompression.GZIP).write(b.build());
        }
        return f;
    }

    @Test
    void intactRecordsAreVerifiedChangedOnesAreNotAndUndigestedOnesAreNotJudged() throws Exception {
        String ok = DigestCheck.of(warc("ok.warc.gz", BODY, BODY, true), 0);
        assertTrue(ok.contains("payload sha1:") && ok.contains("verified") && ok.contains("block sha1:"), ok);
        assertTrue(!ok.contains("MISMATCH"), ok);

        String rotted = DigestCheck.of(warc("rot.warc.gz", BODY, BODY.replace("19", "09"), true), 0);
        assertTrue(rotted.contains("PAYLOAD DIGEST MISMATCH") && rotted.contains("BLOCK DIGEST MISMATCH"), rotted);
        assertTrue(rotted.contains("not those the crawler digested"), rotted);

        String none = DigestCheck.of(warc("none.warc.gz", BODY, BODY, false), 0);
        assertTrue(none.contains("carries none") && none.contains("not checked"), none);

        String missing = DigestCheck.of(tmp.resolve("ok.warc.gz"), 1_000_000);
        assertTrue(missing.startsWith("digests: ") && !missing.contains("verified"), missing);
    }
}
