package io.lastlight.revisit;

import io.lastlight.extract.Resync;
import io.lastlight.extract.WarcFormat;
import io.lastlight.extract.WarcSource;
import io.lastlight.extract.ZstdFrameChannel;
import java.util.function.LongUnaryOperator;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRevisit;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the revisit records of one WARC file, in file order, with their stored length (up to the next record).
 * Lenient as the extraction is, and over the same records: after a damaged record reading resumes where the
 * extraction resumed ({@link Resync}, uncompressed, per-record gzip and per-record zstd files), so a revisit after the damage is not
 * lost, and a revisit just before it ends where the damage begins. A whole-file gzip or zstd file damaged part-way
 * is read up to its last good record (the extraction already reported the damage).
 */
public final class RevisitScanner {
    private RevisitScanner() {}

    /** @return revisit records seen */
    public static long scan(Path warc, Consumer<RevisitRef> sink) throws IOException {
        return scan(WarcSource.of(warc), sink);
    }

    /** As {@link #scan(Path, Consumer)}, for a WARC file wherever it is (on disk, inside a WACZ). */
    public static long scan(WarcSource source, Consumer<RevisitRef> sink) throws IOException {
        // the same view of the file as the extraction's (a whole-file gzip is read decompressed: the same offsets)
        WarcFormat.Bytes warc = source.bytes();
        WarcFormat format = WarcFormat.sniff(warc);
        Pass pass = new Pass(source, format, sink);
        long resume;
        try (SeekableByteChannel ch = warc.open()) {
            resume = pass.run(format.sequential(ch), 0);
        }
        while (resume >= 0) {
            try (SeekableByteChannel again = warc.open()) {
                again.position(resume);
                resume = pass.run(format.resumed(again), resume);
            }
        }
        return pass.revisits;
    }

    /** Runs of jwarc over the file, as WarcCaptureReader's: from the start, then from each place it resumes. */
    private static final class Pass {
        final WarcFormat.Bytes warc;
        final String name;
        final long size;
        final WarcFormat format;
        final Consumer<RevisitRef> sink;
        long revisits;

        Pass(WarcSource source, WarcFormat format, Consumer<RevisitRef> sink) {
            this.warc = source.bytes();
            this.name = source.name();
            this.size = source.size();
            this.format = format;
            this.sink = sink;
        }

        /** @return where to read on after damage, or -1 at the end */
        long run(ReadableByteChannel ch, long start) throws IOException {
            // a per-record zstd file is read decompressed: a position jwarc gives is turned into its frame's offset
            ZstdFrameChannel frames = ch instanceof ZstdFrameChannel z ? z : null;
            LongUnaryOperator stored = frames == null ? p -> p : frames::stored;
            WarcReader reader;
            try {
                reader = new WarcReader(ch, ByteBuffer.allocate(1 << 20).flip());
            } catch (IOException | RuntimeException e) {
                return Resync.afterRecord(warc, format, frames != null && frames.stored(0) >= 0 ? frames.stored(0) : start);
            }
            try (reader) {
                reader.setLenient(true);
                WarcRevisit pending = null;
                long pendingAt = -1;
                Object[] pendingHead = null;
                String pendingCheck = null;
                while (true) {
                    Optional<WarcRecord> next;
                    try {
                        next = reader.next();
                    } catch (WarcFormat.TruncatedGzip cut) {
                        // a whole-file gzip cut short: a pending revisit ends where the next record starts, or at the cut
                        if (pending != null) {
                            emit(pending, pendingHead, pendingCheck, pendingAt, reader.position() > pending.position() ? reader.position() : cut.decoded);
                        }
                        return -1;
                    } catch (IOException | RuntimeException e) {
                        long at = stored.applyAsLong(reader.position());
                        if (pending != null && at <= pendingAt) {
                            // the revisit itself cannot be read to its end: the extraction made it a damaged record
                            return Resync.afterRecord(warc, format, pendingAt);
                        }
                        if (pending != null) emit(pending, pendingHead, pendingCheck, pendingAt, at); // it ends where the damage begins
                        return Resync.afterFailure(warc, format, start, at);
                    }
                    if (pending != null) {
                        emit(pending, pendingHead, pendingCheck, pendingAt, next.map(r -> stored.applyAsLong(r.position()))
                                .orElse(format.decompressedOffsets() ? reader.position() : size));
                        pending = null;
                    }
                    if (next.isEmpty()) return -1;
                    if (next.get() instanceof WarcRevisit v) {
                        pending = v;
                        pendingAt = stored.applyAsLong(v.position());
                        // its block read now, before the reader moves on: its own digest checked, its HTTP head parsed
                        byte[] block = readBlock(v);
                        pendingCheck = block == null ? null : blockCheck(v, block);
                        pendingHead = block == null ? new Object[2] : readHead(v, block);
                    }
                }
            }
        }

        private void emit(WarcRevisit v, Object[] head, String check, long offset, long end) {
            sink.accept(ref(name, v, head, check, offset, end - offset));
            revisits++;
        }
    }

    /** Largest revisit block read (a revisit stores an HTTP head, not a payload). */
    static final int MAX_BLOCK = 16 << 20;

    /** The revisit's block (at most {@link #MAX_BLOCK} bytes), or null when it cannot be read. */
    private static byte[] readBlock(WarcRevisit v) {
        try {
            return v.body().stream().readNBytes(MAX_BLOCK);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * captures.digest_check of a revisit: its own WARC-Block-Digest against its block (its WARC-Payload-Digest names
     * its original's payload, which it does not hold).
     */
    static String blockCheck(WarcRevisit v, byte[] block) {
        String header = v.headers().first("WARC-Block-Digest").orElse(null);
        if (header == null) return io.lastlight.extract.RecordDigests.NONE;
        long size;
        try {
            size = v.body().size();
        } catch (IOException e) {
            size = -1;
        }
        if (size != block.length) return io.lastlight.extract.RecordDigests.UNSUPPORTED; // not read whole
        return switch (io.lastlight.extract.RecordDigests.verdict(header,
                io.lastlight.extract.RecordDigests.digest(header, block, 0, block.length))) {
            case MATCH -> io.lastlight.extract.RecordDigests.VERIFIED;
            case MISMATCH -> io.lastlight.extract.RecordDigests.BLOCK_MISMATCH;
            default -> io.lastlight.extract.RecordDigests.UNSUPPORTED;
        };
    }

    /** Status and headers of the revisit's HTTP head (from its block), or nulls when it stores none (or an unreadable one). */
    private static Object[] readHead(WarcRevisit v, byte[] block) {
        try {
            if (v.contentType().base().equals(org.netpreserve.jwarc.MediaType.HTTP) && block.length > 0) {
                HttpResponse http = new org.netpreserve.jwarc.WarcResponse.Builder(URI.create("urn:x-lastlight:revisit-head"))
                        .body(org.netpreserve.jwarc.MediaType.HTTP_RESPONSE, block).build().http();
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
    private static RevisitRef ref(String file, WarcRevisit v, Object[] head, String check, long offset, long length) {
        URI profile = lenient(v::profile);
        String digest = v.headers().first("WARC-Payload-Digest").orElse(null);
        boolean same = profile == null || !(profile.equals(WarcRevisit.SERVER_NOT_MODIFIED_1_0)
                || profile.equals(WarcRevisit.SERVER_NOT_MODIFIED_1_1));
        // id and date as the extraction reads them (a missing id gets its stand-in; every W3C date precision)
        io.lastlight.extract.RecordFacts facts = io.lastlight.extract.RecordFacts.of(v, file, offset);
        Optional<URI> refersTo = lenient(v::refersTo);
        Optional<URI> refersToTarget = lenient(v::refersToTargetURI);
        Optional<java.time.Instant> refersToDate = lenient(v::refersToDate);
        return new RevisitRef(file, offset, length, facts.id(), facts.target(), facts.date(), digest,
                profile == null ? null : profile.toString(),
                refersTo == null ? null : refersTo.map(URI::toString).orElse(null),
                refersToTarget == null ? null : refersToTarget.map(URI::toString).orElse(null),
                refersToDate == null ? null : refersToDate.orElse(null),
                (Integer) head[0], (Map<String, List<String>>) head[1], same, check);
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
