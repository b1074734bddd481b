package io.lastlight.warc;

import org.netpreserve.jwarc.WarcCaptureRecord;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The CDXJ index of the WARC file being written, built from the records as they are written rather than by
 * reading the closed file back (which costs a gunzip and a WARC parse of every byte). Each line is the one
 * {@link CdxjIndexer} would write for the record: the same jwarc CDXJ formatting of the same
 * headers ({@link CdxjLine}), at the offset and length of the record's gzip member. The index is written beside the file when it
 * closes (sorted, via a temporary file); a file that never closes (a killed crawl) is indexed by
 * {@link CdxjIndexer#indexMissing} after recovery, which also removes runs this index spilled.
 */
final class LiveCdxj implements Closeable {
    /** About 16 MiB of heap for lines before a sorted run is spilled beside the file. */
    static final long BUFFER_CHARS = 8L << 20;

    private final String filename;
    private final SortedLines lines;
    private final CdxjLine format = new CdxjLine();
    /** Set when a record could not be indexed as written: the closed file is then read back instead. */
    private boolean rescan;

    LiveCdxj(Path dir, String filename) {
        this.filename = filename;
        this.lines = CdxjIndexer.lines(dir, filename, BUFFER_CHARS);
    }

    /** A record was written that cannot be indexed as written: the closed file is read back instead. */
    void rescan() {
        rescan = true;
    }

    /** Adds the line of a record written at {@code offset} whose gzip member is {@code length} bytes. */
    void add(WarcCaptureRecord record, long offset, long length) {
        add(record, offset, length, null);
    }

    /**
     * As above, for a record whose HTTP head has {@code head}'s facts; null: parsed from the record, whose body must
     * then not have been read.
     */
    void add(WarcCaptureRecord record, long offset, long length, HeadFacts head) {
        if (rescan) return;
        try {
            lines.add(format.format(record, filename, offset, length, head));
        } catch (IOException | RuntimeException e) {
            rescan = true; // the WARC file is fine; only this way of indexing it is given up
        }
    }

    /** Writes the sorted index beside {@code warc} (the closed file's final path). */
    CdxjIndexer.Result finish(Path warc) throws IOException {
        if (rescan) return CdxjIndexer.writeBeside(warc);
        Path out = CdxjIndexer.indexFileFor(warc);
        long n = lines.count();
        CdxjIndexer.writeSorted(lines, out);
        return new CdxjIndexer.Result(out, n, 0, null);
    }

    @Override
    public void close() {
        lines.close();
    }
}
