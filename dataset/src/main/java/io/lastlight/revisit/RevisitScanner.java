package io.lastlight.revisit;

import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRevisit;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the revisit records of one WARC file, in file order, with their stored length (up to the next
 * record). Lenient as the extraction is: a file damaged part-way is read up to its last good record (the
 * extraction already reported the damage).
 */
public final class RevisitScanner {
    private RevisitScanner() {}

    /** @return revisit records seen */
    public static long scan(Path warc, Consumer<RevisitRef> sink) throws IOException {
        String name = warc.getFileName().toString();
        long size = Files.size(warc);
        long n = 0;
        // the same view of the file as the extraction's (a whole-file gzip is read decompressed: the same offsets)
        io.lastlight.extract.WarcFormat format = io.lastlight.extract.WarcFormat.sniff(warc);
        try (FileChannel ch = FileChannel.open(warc, StandardOpenOption.READ);
             WarcReader reader = new WarcReader(format.sequential(ch), ByteBuffer.allocate(1 << 20).flip())) {
            reader.setLenient(true);
            WarcRevisit pending = null;
            Object[] pendingHead = null;
            while (true) {
                Optional<WarcRecord> next;
                try {
                    next = reader.next();
                } catch (io.lastlight.extract.WarcFormat.EndOfInput e) {
                    next = Optional.empty(); // a zstd file used up
                } catch (io.lastlight.extract.WarcFormat.TruncatedGzip cut) {
                    // a whole-file gzip cut short: a pending revisit ends where the next record starts, or at the cut
                    if (pending != null) {
                        long end = reader.position() > pending.position() ? reader.position() : cut.decoded;
                        sink.accept(ref(name, pending, pendingHead, Math.max(0, end - pending.position())));
                        n++;
                    }
                    break;
                } catch (IOException | RuntimeException e) {
                    // damaged from here on (the extraction reported it)
                    if (pending != null) {
                        // its end is unknown: the rest of the file is all we can say
                        sink.accept(ref(name, pending, pendingHead, size - pending.position()));
                        n++;
                    }
                    break;
                }
                if (pending != null) {
                    long end = next.map(WarcRecord::position)
                            .orElse(format == io.lastlight.extract.WarcFormat.GZIP_WHOLE ? reader.position() : size);
                    sink.accept(ref(name, pending, pendingHead, end - pending.position()));
                    n++;
                    pending = null;
                }
                if (next.isEmpty()) break;
                if (next.get() instanceof WarcRevisit v) {
                    pending = v;
                    pendingHead = readHead(v); // read the HTTP head now, before the reader moves on
                }
            }
        }
        return n;
    }

    /** Status and headers of the revisit's HTTP head, or nulls when it stores none (or an unreadable one). */
    private static Object[] readHead(WarcRevisit v) {
        try {
            if (v.contentType().base().equals(org.netpreserve.jwarc.MediaType.HTTP) && v.body().size() > 0) {
                HttpResponse http = v.http();
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (Map.Entry<String, List<String>> e : http.headers().map().entrySet()) headers.put(e.getKey(), new ArrayList<>(e.getValue()));
                return new Object[] {http.status(), headers};
            }
        } catch (IOException | RuntimeException e) {
            // a revisit with a broken head still points at its original: resolved, with the original's head
        }
        return new Object[2];
    }

    @SuppressWarnings("unchecked")
    private static RevisitRef ref(String file, WarcRevisit v, Object[] head, long length) {
        URI profile = lenient(v::profile);
        String digest = v.headers().first("WARC-Payload-Digest").orElse(null);
        boolean same = profile == null || !(profile.equals(WarcRevisit.SERVER_NOT_MODIFIED_1_0)
                || profile.equals(WarcRevisit.SERVER_NOT_MODIFIED_1_1));
        // id and date as the extraction reads them (a missing id gets its stand-in; every W3C date precision)
        io.lastlight.extract.RecordFacts facts = io.lastlight.extract.RecordFacts.of(v, file, v.position());
        Optional<URI> refersTo = lenient(v::refersTo);
        Optional<URI> refersToTarget = lenient(v::refersToTargetURI);
        Optional<java.time.Instant> refersToDate = lenient(v::refersToDate);
        return new RevisitRef(file, v.position(), length, facts.id(), facts.target(), facts.date(), digest,
                profile == null ? null : profile.toString(),
                refersTo == null ? null : refersTo.map(URI::toString).orElse(null),
                refersToTarget == null ? null : refersToTarget.map(URI::toString).orElse(null),
                refersToDate == null ? null : refersToDate.orElse(null),
                (Integer) head[0], (Map<String, List<String>>) head[1], same);
    }

    /** A header jwarc parses, or null when its value cannot be parsed (the revisit is still accounted). */
    private static <T> T lenient(java.util.function.Supplier<T> get) {
        try {
            return get.get();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
