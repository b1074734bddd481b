package io.lastlight.e2e;

import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Follows a row's pointer into the WARC files: the record at (file, offset) must carry the row's record id, and
 * its payload, or for a revisit its original's (found by {@code WARC-Refers-To} among the WARC files, independently
 * of the dataset), must contain the row's id.
 */
public final class WarcPointers {
    /** Where each response record is: record id → {file name, offset}. */
    private final Map<String, Object[]> responses = new HashMap<>();
    private final Path dir;
    public int revisitsFollowed;

    public WarcPointers(Path warcDir) throws IOException {
        this.dir = warcDir;
        try (Stream<Path> s = Files.list(warcDir)) {
            for (Path w : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".warc.gz"))::iterator) {
                try (WarcReader r = new WarcReader(w)) {
                    for (WarcRecord rec : r) {
                        if (rec instanceof WarcResponse) responses.put(rec.id().toString(), new Object[] {w.getFileName().toString(), rec.position()});
                    }
                }
            }
        }
    }

    /** Asserts the pointer (file, offset, record id) leads to a payload containing {@code id}. */
    public void assertHolds(String file, long offset, String recordId, String id) throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve(file), StandardOpenOption.READ)) {
            ch.position(offset);
            WarcRecord r = new WarcReader(ch).next().orElseThrow();
            assertEquals(recordId, r.id().toString(), file + "@" + offset);
            if (r instanceof WarcRevisit v) {
                String original = v.refersTo().orElseThrow(() -> new AssertionError(file + "@" + offset + ": revisit without WARC-Refers-To")).toString();
                Object[] at = responses.get(original);
                assertTrue(at != null, "revisit " + recordId + " refers to " + original + ", not among the WARC files' responses");
                revisitsFollowed++;
                assertHolds((String) at[0], (Long) at[1], original, id);
                return;
            }
            assertTrue(r instanceof WarcResponse, file + "@" + offset + " is a " + r.type());
            byte[] body = ((WarcResponse) r).http().body().stream().readAllBytes();
            assertTrue(new String(body, StandardCharsets.UTF_8).contains(id), "record at " + offset + " of " + file + " lacks " + id);
        }
    }
}
