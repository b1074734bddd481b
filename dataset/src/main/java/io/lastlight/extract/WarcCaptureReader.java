package io.lastlight.extract;

import io.lastlight.core.UserException;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.Warcinfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Reads every record of one WARC or ARC file (format sniffed from the bytes, see {@link WarcFormat}) and hands each on
 * as a {@link WarcCapture}: responses decoded by the {@link CaptureDecoder}, warcinfo, request, metadata and other
 * records with the status {@code not-capture}, responses without an HTTP message with {@code not-http}. Revisit
 * records are counted, not handed on (they are resolved against their originals after extraction, by
 * io.lastlight.revisit). Lenient by default: a record whose WARC bytes cannot be read becomes a {@code damaged} entry
 * (file, offset, what was wrong) and reading resumes at the next record that can be found (uncompressed, per-record
 * gzip and per-record zstd files, {@link Resync}; a damaged whole-file gzip or zstd file ends there, after its last
 * complete record). Strict,
 * the first damaged record stops the read with a {@link UserException} naming the file and offset.
 */
public final class WarcCaptureReader {
    /** See {@link CaptureDecoder#DEFAULT_MAX_PARSE_BYTES}. */
    public static final long DEFAULT_MAX_PARSE_BYTES = CaptureDecoder.DEFAULT_MAX_PARSE_BYTES;
    /** Bytes read from the file at a time (jwarc's default is 8 KiB: many more reads and inflater calls). */
    static final int READ_BUFFER = 1 << 20;
    /**
     * Note of a record in a per-record gzip file that does not start a gzip member of its own (its member holds other
     * records too): jwarc places it where it can, so its offset and length are not its own.
     */
    static final String SHARED_MEMBER = "the record does not start a gzip member of its own (offset as jwarc placed it)";
    /** Note of a record in a per-record zstd file that does not start a frame of its own (its offset is its frame's). */
    static final String SHARED_FRAME = "the record does not start a zstd frame of its own (offset of the frame it is in)";
    /** Damaged records described in {@link FileInfo#damage} (all are in the captures table). */
    static final int DAMAGE_LISTED = 5;

    private final CaptureDecoder decoder;
    private final long maxBody;
    private final boolean strict;

    /** What the file said about itself, and the damage met while reading it (if any). */
    public static final class FileInfo {
        public final Map<String, String> warcinfo = new LinkedHashMap<>();
        /** Summary of the damage (null if none): file, offsets and what was wrong, for the build report. */
        public String damage;
        public final List<String> damaged = new ArrayList<>();
        public long records;
        /** Revisit records seen (resolved against their originals after extraction, by io.lastlight.revisit). */
        public long revisits;
        /** sha256 (hex) of the whole file, computed while reading it (no second pass over the file). */
        public String sha256;
        public WarcFormat format;
        /** Records per captures.digest_check value ({@link RecordDigests}); damaged stretches are not counted. */
        public final Map<String, Long> digestChecks = new LinkedHashMap<>();
        /** Records whose digests do not match their bytes: "offset N: what", in file order. */
        public final List<String> digestMismatches = new ArrayList<>();
        /**
         * Bytes of the file read so far, as stored (compressed or not; jwarc reads ahead of the record it hands on),
         * for a live status: written by the reading thread only.
         */
        public volatile long bytesRead;
    }

    public WarcCaptureReader(long maxBody) {
        this(maxBody, false);
    }

    public WarcCaptureReader(long maxBody, boolean strict) {
        this.decoder = new CaptureDecoder(maxBody);
        this.maxBody = maxBody;
        this.strict = strict;
    }

    public FileInfo read(Path file, BiConsumer<FileInfo, WarcCapture> sink) throws IOException {
        return read(WarcSource.of(file), sink);
    }

    /** As {@link #read(Path, BiConsumer)}, for a WARC file wherever it is (on disk, inside a WACZ). */
    public FileInfo read(WarcSource source, BiConsumer<FileInfo, WarcCapture> sink) throws IOException {
        FileInfo info = new FileInfo();
        String name = source.name();
        long size = source.size();
        WarcFormat.Bytes file = source.bytes();
        WarcFormat format = WarcFormat.sniff(file);
        info.format = format;
        try (Pass pass = new Pass(source, format, info, sink);
             DigestingChannel ch = new DigestingChannel(file.open(), n -> info.bytesRead += n)) {
            long resume = pass.run(format.sequential(ch), 0, 0, true);
            info.sha256 = ch.finish();
            // resynchronised after damage: uncompressed, per-record gzip and per-record zstd files hold more records after
            // it; or a record whose WARC-Block-Digest jwarc cannot take is read on its own without digesting (any format)
            while (resume >= 0) {
                boolean digests = resume != pass.plainAt;
                if (format.decompressedOffsets()) {
                    try (ReadableByteChannel again = WarcFormat.openAt(file, source.location(), format, resume)) {
                        resume = pass.run(again, resume, resume, digests);
                    }
                } else {
                    try (SeekableByteChannel again = file.open()) {
                        again.position(resume);
                        resume = pass.run(format.resumed(again), resume, 0, digests);
                    }
                }
            }
        }
        if (!info.damaged.isEmpty()) {
            info.damage = name + ": " + info.damaged.size() + " damaged record(s) (" + format.description() + "): "
                    + String.join("; ", info.damaged.subList(0, Math.min(DAMAGE_LISTED, info.damaged.size())))
                    + (info.damaged.size() > DAMAGE_LISTED ? "; … (all in captures, parse_status = 'damaged')" : "");
        }
        return info;
    }

    /** One run of jwarc over the file from a position; records handed on, damage recorded. */
    private final class Pass implements java.io.Closeable {
        final WarcFormat.Bytes file;
        /** Where the file is, for messages. */
        final String location;
        final String name;
        final long size;
        final WarcFormat format;
        final FileInfo info;
        final BiConsumer<FileInfo, WarcCapture> sink;
        /** Does a record start a gzip member? (reads the file a window at a time) */
        final MemberProbe probe;
        /** Offset of the last record read in this run (-1 before the first). */
        long lastOffset = -1;
        /** The last target URI parsed (a capture's records share theirs). */
        final RecordFacts.Targets targets = new RecordFacts.Targets();
        /**
         * Offset of a record that jwarc could not read with block digests on (a WARC-Block-Digest value it cannot parse,
         * e.g. URL-safe base64, or two of them): it is read again from there in a pass of its own without them (-1: none).
         */
        long plainAt = -1;

        Pass(WarcSource source, WarcFormat format, FileInfo info, BiConsumer<FileInfo, WarcCapture> sink) {
            this.file = source.bytes();
            this.location = source.location();
            this.name = source.name();
            this.size = source.size();
            this.format = format;
            this.info = info;
            this.sink = sink;
            this.probe = new MemberProbe(file);
        }

        /**
         * @param shift   added to jwarc's positions (a whole-file gzip or zstd entered at a decompressed offset)
         * @param digests compute each record's block digest as it is read ({@link WarcReader#calculateBlockDigest});
         *                without, only the first record is read (see {@link #plainAt}) and the pass ends at the next
         * @return where to look for the next record after damage, or -1 when the pass reached the end
         */
        long run(ReadableByteChannel ch, long start, long shift, boolean digests) throws IOException {
            lastOffset = -1;
            // a per-record zstd file is read decompressed: a position jwarc gives is turned into its frame's offset
            ZstdFrameChannel frames = ch instanceof ZstdFrameChannel z ? z : null;
            java.util.function.LongUnaryOperator stored = frames == null ? p -> p + shift : frames::stored;
            WarcReader reader;
            try {
                reader = new WarcReader(ch, ByteBuffer.allocate(READ_BUFFER).flip());
            } catch (IOException | RuntimeException e) {
                long at = frames != null && frames.stored(0) >= 0 ? frames.stored(0) : start;
                long resume = Resync.afterRecord(file, format, at);
                damaged(at, length(at, resume), "unreadable from here (" + e.getMessage() + ")");
                return resume;
            }
            reader.setLenient(true);
            if (digests) reader.calculateBlockDigest();
            // jwarc recovers from some faults with a warning: an "invalid record trailer" says the record before did not
            // end where its Content-Length said (see swallowed)
            List<String> warnings = new ArrayList<>();
            reader.onWarning(warnings::add);
            Pending pending = null;
            while (true) {
                Optional<WarcRecord> next;
                warnings.clear();
                try {
                    // the pending record's block digest, its body read to the end (as jwarc's next() would read it)
                    if (pending != null) pending.digest();
                    next = reader.next();
                } catch (WarcFormat.TruncatedGzip cut) {
                    // a whole-file gzip cut short: every record before the cut was handed on (Gunzipped);
                    // what the cut leaves of the next one is one damaged stretch, in decompressed bytes as its offset
                    long at = reader.position() + shift;
                    long rest = Math.max(0, cut.decoded - at);
                    String what = "the file ends inside the gzip stream (" + rest + " decompressed bytes after the last complete record)";
                    if (pending != null && at <= pending.offset) {
                        // the cut is inside the pending record itself
                        emit(pending.withDamage(rest, what));
                        if (strict) fail(pending.offset, what);
                    } else {
                        if (pending != null) emit(pending.finish(at));
                        damaged(at, rest, what);
                    }
                    return -1;
                } catch (IOException | RuntimeException e) {
                    long at = stored.applyAsLong(reader.position());
                    String what = e.getClass().getSimpleName() + ": " + e.getMessage();
                    if (pending != null && at <= pending.offset) {
                        // the pending record itself could not be read to its end
                        long resume = Resync.afterRecord(file, format, pending.offset);
                        emit(pending.withDamage(length(pending.offset, resume), what));
                        if (strict) fail(pending.offset, what);
                        return resume;
                    }
                    if (digests && e instanceof IllegalArgumentException && at != plainAt) {
                        // jwarc parses the next record's WARC-Block-Digest to digest it and throws on a value it cannot
                        // read: that record is read again without digesting (if it is damaged, that pass says so)
                        if (pending != null) emit(pending.finish(at));
                        plainAt = at;
                        return at;
                    }
                    long swallowed = swallowed(pending, warnings, at);
                    if (swallowed >= 0) return swallowed;
                    // stray bytes after a record inside its gzip member: the next member may well be readable (Resync)
                    long resume = Resync.afterFailure(file, format, start, at);
                    if (pending != null) emit(pending.finish(at));
                    if (resume == at) return resume;
                    // jwarc failed looking for a trailer or a record after the last one: nothing is left to be damaged
                    if (!format.decompressedOffsets() && resume < 0 && at >= size) return resume;
                    long until = resume < 0 ? size : resume;
                    if (!format.decompressedOffsets() && until > at && Resync.blank(file, at, until)) return resume; // blank lines, not damage
                    damaged(at, length(at, resume), what);
                    return resume;
                }
                if (pending != null) {
                    long end = next.isPresent() ? stored.applyAsLong(next.get().position()) : end(reader, shift);
                    long swallowed = swallowed(pending, warnings, end);
                    if (swallowed >= 0) return swallowed; // read again from there, in a pass of its own
                    emit(pending.finish(end));
                }
                pending = null;
                if (next.isEmpty()) return -1;
                // the record read without digesting is done: the rest is read with them, in a pass of its own
                if (!digests && lastOffset >= 0 && stored.applyAsLong(next.get().position()) > lastOffset) {
                    return stored.applyAsLong(next.get().position());
                }
                WarcRecord rec = next.get();
                info.records++;
                long offset = stored.applyAsLong(rec.position());
                RecordFacts facts = RecordFacts.of(rec, name, offset, targets);
                // in a per-record gzip file, a record placed where the one before it was, or not at a member's start,
                // shares a member with others (the one before it gets the note too when its length comes out 0); in a
                // per-record zstd file, a record that does not begin a frame shares one
                if (format == WarcFormat.GZIP && (offset == lastOffset || !startsMember(offset))) facts = facts.withNote(SHARED_MEMBER);
                if (frames != null && !frames.startsFrame(rec.position())) facts = facts.withNote(SHARED_FRAME);
                lastOffset = offset;
                if (rec instanceof Warcinfo w) readWarcinfo(w, facts);
                if (rec instanceof WarcRevisit) {
                    info.revisits++;
                    continue;
                }
                if (rec instanceof org.netpreserve.jwarc.WarcResource r) {
                    // a saved page or JSON (lastlight import, other tools' resource records) is a capture: ResourceCaptures
                    java.util.function.LongFunction<WarcCapture> page = null;
                    try {
                        page = ResourceCaptures.pending(name, r, maxBody);
                    } catch (IOException | RuntimeException e) {
                        facts = facts.withNote("resource record body unreadable: " + e.getMessage());
                    }
                    if (page != null) {
                        pending = new Pending(rec, offset, page.apply(offset), RecordDigests.Verdict.ABSENT);
                        continue;
                    }
                }
                CaptureDecoder.Decoded d = decoder.decode(rec, facts, max -> reread(offset, max));
                pending = new Pending(rec, offset, facts, d);
            }
        }

        /**
         * A record whose Content-Length ran past its end (jwarc found no trailer after it, then skipped what it could not
         * parse) may have swallowed the start of the records after it: in a per-record gzip file the next member, in an
         * uncompressed one the next {@code WARC/1.} line, before {@code end} where jwarc took the next record to begin.
         * Then the record is emitted as damaged up to the first one it swallowed, and that offset is returned for
         * reading to resume at; else -1.
         */
        private long swallowed(Pending pending, List<String> warnings, long end) throws IOException {
            if (pending == null || warnings.stream().noneMatch(w -> w.contains("trailer"))) return -1;
            long at = Resync.swallowed(file, format, pending.offset, end);
            if (at < 0) return -1;
            String what = "the record does not end where its Content-Length says: it runs into the record at offset " + at
                    + ", which is read from there";
            emit(pending.withDamage(at - pending.offset, what));
            if (strict) fail(pending.offset, what);
            return at;
        }

        /** Stored length of a damaged stretch from {@code offset} to where reading resumes (0 when unknown). */
        private long length(long offset, long resume) {
            if (format.decompressedOffsets()) return 0; // offsets are in the decompressed stream, whose end is unknown
            return Math.max(0, (resume < 0 ? size : resume) - offset);
        }

        private long end(WarcReader reader, long shift) {
            return format.decompressedOffsets() ? reader.position() + shift : size;
        }

        private boolean startsMember(long offset) throws IOException {
            return probe.startsMember(offset);
        }

        @Override
        public void close() throws IOException {
            probe.close();
        }

        private void readWarcinfo(Warcinfo w, RecordFacts facts) {
            try {
                w.fields().map().forEach((k, v) -> info.warcinfo.putIfAbsent(k, String.join(" ", v)));
            } catch (IOException | RuntimeException e) {
                // the record is still accounted; its fields are not used
            }
        }

        private byte[] reread(long offset, int max) throws IOException {
            try (ReadableByteChannel ch = WarcFormat.openAt(file, location, format, offset);
                 WarcReader r = new WarcReader(ch)) {
                Optional<WarcRecord> rec = r.next();
                if (rec.isEmpty()) throw new IOException("no record at offset " + offset);
                return rec.get().body().stream().readNBytes(max);
            }
        }

        void damaged(long offset, long length, String what) {
            info.damaged.add("offset " + offset + ": " + what);
            if (strict) fail(offset, what);
            sink.accept(info, new WarcCapture(name, offset, length, RecordFacts.standInId(name, offset), null, null, null, null, -1,
                    null, what, "unknown", CaptureDecoder.DAMAGED, "unreadable WARC record (" + format.description() + ")"));
        }

        void fail(long offset, String what) {
            throw new UserException("damaged WARC record in " + location + " at offset " + offset + ": " + what
                    + " (--strict; without it the damage is reported in captures and the build goes on)");
        }

        void emit(WarcCapture c) {
            if (CaptureDecoder.DAMAGED.equals(c.status())) info.damaged.add("offset " + c.offset() + ": " + c.error());
            if (c.digestCheck() != null) {
                info.digestChecks.merge(c.digestCheck(), 1L, Long::sum);
                if (RecordDigests.isMismatch(c.digestCheck())) {
                    String what = c.digestCheck() + " (" + c.recordType() + " record)";
                    info.digestMismatches.add("offset " + c.offset() + ": " + what);
                    if (strict) {
                        throw new UserException("WARC record in " + location + " at offset " + c.offset() + " does not match its "
                                + "digest: " + what + " (--strict; without it the mismatch is reported in captures.digest_check "
                                + "and the build goes on)");
                    }
                }
            }
            sink.accept(info, c);
        }

        /** A record handed on once the next one's position (its end) is known. */
        final class Pending {
            final long offset;
            final WarcCapture partial;
            final WarcRecord rec;
            /** The payload digest's verdict (decided when the body was decoded) and the block digest's (by {@link #digest}). */
            final RecordDigests.Verdict payload;
            BlockDigest block;

            Pending(WarcRecord rec, long offset, RecordFacts f, CaptureDecoder.Decoded d) {
                this(rec, offset, new WarcCapture(name, offset, -1, f.id(), f.target(), f.date(), d.httpStatus(),
                        rec.headers().first("WARC-Payload-Digest").orElse(null), d.payloadLength(), d.capture(), d.error(),
                        f.type(), d.status(), d.note()), d.payloadDigest());
            }

            Pending(WarcRecord rec, long offset, WarcCapture partial, RecordDigests.Verdict payload) {
                this.offset = offset;
                this.partial = partial;
                this.rec = rec;
                this.payload = payload;
            }

            /**
             * Reads the record's block to its end, then compares jwarc's digest of it (computed as it was read) with its
             * WARC-Block-Digest. Throws as reading the block throws: the record is damaged.
             */
            void digest() throws IOException {
                if (block == null) block = BlockDigest.of(rec);
            }

            WarcCapture finish(long end) {
                String note = partial.note();
                if (format == WarcFormat.GZIP && end == offset && (note == null || !note.contains(SHARED_MEMBER))) {
                    // the next record was placed where this one was: they share a gzip member
                    note = (note == null ? "" : note + "; ") + SHARED_MEMBER;
                }
                return BlockDigest.checked(with(end - offset, partial.capture(), partial.error(), partial.status(), note), rec,
                        block, payload);
            }

            WarcCapture withDamage(long length, String what) {
                String note = (partial.note() == null ? "" : partial.note() + "; ") + "the record cannot be read to its end: " + what;
                return with(length, null, what, CaptureDecoder.DAMAGED, note);
            }

            private WarcCapture with(long length, io.lastlight.platform.Capture c, String error, String status, String note) {
                WarcCapture p = partial;
                return new WarcCapture(p.warcFile(), p.offset(), length, p.recordId(), p.targetUri(), p.date(), p.httpStatus(),
                        p.payloadDigest(), p.payloadLength(), c, error, p.recordType(), status, note, p.captureSource());
            }
        }
    }
}
