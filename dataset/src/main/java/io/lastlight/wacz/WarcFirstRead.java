package io.lastlight.wacz;

import io.lastlight.core.UserException;
import io.lastlight.extract.Resync;
import io.lastlight.extract.WarcFormat;
import io.lastlight.platform.Platform;
import io.lastlight.platform.Platforms;
import io.lastlight.warc.CdxjIndexer;
import io.lastlight.warc.SortedLines;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.Warcinfo;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * The first read of one WARC file for a package: its CDXJ lines, its pages, the CRC-32 a stored zip entry needs up
 * front, and what its warcinfo says. Only lines that point at a record of their own are written:
 * <ul>
 * <li>a file whose records have no offset of their own in its bytes (whole-file gzip, zstd) is first re-compressed
 * one gzip member per record ({@link PerRecordGzip}) and that is what the package stores; so too a per-record gzip
 * file found to hold members with several records;</li>
 * <li>after damage in an uncompressed or per-record gzip file, indexing resumes at the next readable record, where the
 * build resumes ({@link Resync}); the record the damage cut short gets no line, and a warning names file and offset.</li>
 * </ul>
 */
final class WarcFirstRead {
    /** What a WARC file's warcinfo records said. */
    static final class Info {
        String platform;
        String configDigest;
        String baseUrl;
    }

    /** A WARC file as it goes into the package: the bytes stored, their name, size and CRC, and the original if re-compressed. */
    record WarcFile(Path path, String name, long size, long crc, Info info, PerRecordGzip.Result recompressed) {}

    /** Receives pages.jsonl lines; the file's first page comes with its {@link Page} (for the package's main page). */
    interface PageSink {
        void accept(String json, Page firstOrNull) throws IOException;
    }

    private final Path work;
    private final Consumer<String> log;
    private final List<String> warnings;

    WarcFirstRead(Path work, Consumer<String> log, List<String> warnings) {
        this.work = work;
        this.log = log;
        this.warnings = warnings;
    }

    /** Reads {@code warc}: lines into {@code index}, pages into {@code pages}. */
    WarcFile read(Path warc, SortedLines index, PageSink pages) throws IOException {
        String name = warc.getFileName().toString();
        WarcFormat format = Files.size(warc) == 0 ? WarcFormat.PLAIN : WarcFormat.sniff(warc);
        if (PerRecordGzip.needed(format)) return recompressed(warc, format, index, pages, format.description() + ": its records have no offsets of their own");
        Buffered out = new Buffered(name);
        try {
            WarcFile f = direct(warc, name, format, out);
            if (out.shared == 0) {
                out.commit(index, pages);
                return f;
            }
            return recompressed(warc, WarcFormat.GZIP_WHOLE, index, pages,
                    out.shared + " records share a gzip member with another record (so have no offset of their own)");
        } finally {
            out.delete();
        }
    }

    private WarcFile recompressed(Path warc, WarcFormat format, SortedLines index, PageSink pages, String why) throws IOException {
        String name = warc.getFileName().toString();
        String stored = PerRecordGzip.storedName(name);
        log.accept("re-compressing " + name + " one gzip member per record (" + why + ")");
        Path dir = Files.createDirectories(work.resolve("archive"));
        PerRecordGzip.Result r = PerRecordGzip.write(warc, format, dir.resolve(stored), work);
        warnings.add(name + ": " + why + "; stored re-compressed one gzip member per record as " + Wacz.ARCHIVE_DIR + stored
                + " (" + r.members() + " members; the decompressed bytes are the original's, byte for byte"
                + (r.damage() == null ? "" : ", but for the damaged stretches named below") + "; datapackage.json"
                + " names the original file and its sha256 " + r.fromSha256() + ")");
        if (r.damage() != null) warnings.add(name + ": damaged: " + r.damage());
        Buffered out = new Buffered(stored);
        try {
            WarcFile f = direct(r.file(), stored, WarcFormat.GZIP, out);
            if (out.shared > 0) throw new IllegalStateException(stored + ": re-compressed, yet records share gzip members");
            out.commit(index, pages);
            return new WarcFile(f.path(), f.name(), f.size(), f.crc(), f.info(), r);
        } finally {
            out.delete();
        }
    }

    /** Indexes a file whose records have offsets of their own, resuming after damage where that can be done. */
    private WarcFile direct(Path warc, String name, WarcFormat format, Buffered out) throws IOException {
        long size = Files.size(warc);
        Info info = new Info();
        CdxjIndexer.Listener listener = listener(info, out);
        CdxjIndexer.Scan scan;
        long crc;
        try (CheckedInputStream in = new CheckedInputStream(new BufferedInputStream(Files.newInputStream(warc), 1 << 16), new CRC32())) {
            scan = CdxjIndexer.scan(in, name, size, listener);
            crc = in.getChecksum().getValue();
        }
        if (Files.size(warc) != size) throw new UserException(warc + " changed while it was being packaged; package only closed WARC files");
        long start = 0;
        while (true) {
            out.shared += scan.sharedMembers;
            if (scan.skipped > 0) {
                warnings.add(name + ": " + scan.skipped + " records not indexed (" + String.join("; ", scan.skippedReasons) + ")");
            }
            if (scan.damage == null) break;
            long resume = resumeAfter(warc, format, scan, start);
            String what = name + ": damaged at offset " + (scan.damagedRecord >= 0 ? scan.damagedRecord : scan.damageAt)
                    + " (" + scan.damage + "); ";
            if (resume < 0) {
                warnings.add(what + (Resync.resumable(format) ? "no readable record after it" : "the " + format.description()
                        + " file cannot be entered after it") + ", so its records up to the damage are indexed");
                break;
            }
            warnings.add(what + "indexing resumes at offset " + resume + ", the next readable record");
            log.accept("warning: " + name + " is damaged at offset " + scan.damageAt + "; indexing resumes at offset " + resume);
            try (FileChannel ch = FileChannel.open(warc, StandardOpenOption.READ)) {
                ch.position(resume);
                scan = CdxjIndexer.scanAt(ch, name, size, listener);
            }
            start = resume;
        }
        return new WarcFile(warc, name, size, crc, info, null);
    }

    /** Where reading resumes after the damage {@code scan} met in a pass from {@code start}, or -1 (as the build). */
    private static long resumeAfter(Path warc, WarcFormat format, CdxjIndexer.Scan scan, long start) throws IOException {
        if (!Resync.resumable(format) || scan.damageAt < 0) return -1;
        long resume = scan.damagedRecord >= 0 && scan.damageAt <= scan.damagedRecord
                ? Resync.afterRecord(WarcFormat.Bytes.of(warc), format, scan.damagedRecord)
                : Resync.afterFailure(WarcFormat.Bytes.of(warc), format, start, scan.damageAt);
        return resume > start && resume > scan.damagedRecord ? resume : -1;
    }

    private CdxjIndexer.Listener listener(Info info, Buffered out) {
        PageFinder[] finder = {new PageFinder(null)};
        Page[] pending = new Page[1];
        return new CdxjIndexer.Listener() {
            @Override
            public void warcinfo(Warcinfo w) throws IOException {
                var f = w.fields();
                f.first("platform").ifPresent(p -> {
                    info.platform = p;
                    finder[0] = new PageFinder(platformOrNull(p));
                });
                f.first("config-digest").ifPresent(d -> info.configDigest = d);
                f.first("base-url").ifPresent(b -> info.baseUrl = b);
            }

            @Override
            public void capture(WarcCaptureRecord record) {
                pending[0] = null;
                try {
                    pending[0] = finder[0].pageOf(record).orElse(null);
                } catch (IOException | RuntimeException e) {
                    // not a page we can title; it is still indexed and replayable
                }
            }

            @Override
            public void line(String cdxj) throws IOException {
                out.line(cdxj);
                if (pending[0] != null) out.page(WaczPackager.pageLine(pending[0]), pending[0]);
                pending[0] = null;
            }
        };
    }

    private static Platform platformOrNull(String name) {
        try {
            return Platforms.byName(name);
        } catch (UserException e) {
            return null;
        }
    }

    /**
     * A file's lines and pages, held in work files until the file is known to index cleanly (a per-record gzip file
     * with shared members is indexed again after re-compressing, and its first lines must not reach the package).
     */
    private final class Buffered {
        final Path lines, pageLines;
        final BufferedWriter linesOut, pagesOut;
        final java.util.ArrayList<Page> pages = new java.util.ArrayList<>();
        long shared;

        Buffered(String name) throws IOException {
            lines = Files.createTempFile(work, name, ".lines");
            pageLines = Files.createTempFile(work, name, ".pages");
            linesOut = Files.newBufferedWriter(lines, StandardCharsets.UTF_8);
            pagesOut = Files.newBufferedWriter(pageLines, StandardCharsets.UTF_8);
        }

        void line(String cdxj) throws IOException {
            linesOut.write(cdxj);
            linesOut.write('\n');
        }

        void page(String json, Page p) throws IOException {
            pagesOut.write(json);
            pagesOut.write('\n');
            if (pages.size() < 1) pages.add(p); // the first page only: the package's main page
        }

        void commit(SortedLines index, PageSink sink) throws IOException {
            linesOut.close();
            pagesOut.close();
            try (BufferedReader r = Files.newBufferedReader(lines, StandardCharsets.UTF_8)) {
                for (String l; (l = r.readLine()) != null; ) index.add(l);
            }
            try (BufferedReader r = Files.newBufferedReader(pageLines, StandardCharsets.UTF_8)) {
                boolean first = true;
                for (String l; (l = r.readLine()) != null; ) {
                    sink.accept(l, first && !pages.isEmpty() ? pages.get(0) : null);
                    first = false;
                }
            }
        }

        void delete() throws IOException {
            linesOut.close();
            pagesOut.close();
            Files.deleteIfExists(lines);
            Files.deleteIfExists(pageLines);
        }
    }
}
