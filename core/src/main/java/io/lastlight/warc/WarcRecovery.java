package io.lastlight.warc;

import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Closes WARC files a crashed crawl left open. Where the frontier recorded how far the file was committed,
 * the file is cut there (records after it belong to captures that will be fetched again, so nothing is
 * lost and nothing is duplicated); otherwise it is cut after its last complete record. A committed end that
 * is not where a record ends in the file as found (the machine lost file bytes the frontier had counted, as
 * a power cut can) is moved back to the last record that ends before it, so the file stays valid; {@link
 * Recovered#lost} then says how many committed bytes are missing.
 */
public final class WarcRecovery {
    private WarcRecovery() {}

    /** @param committed the end the frontier recorded for the file, or null if none */
    public record Recovered(Path file, long originalSize, long keptSize, Long committed) {
        public Recovered(Path file, long originalSize, long keptSize) {
            this(file, originalSize, keptSize, null);
        }

        /** Bytes the frontier counted as committed that the file no longer holds (0 normally). */
        public long lost() {
            return committed == null ? 0 : Math.max(0, committed - keptSize);
        }
    }

    /** Closes every {@code .open} file in {@code dir} (the folder's one crawl process, before it writes). */
    public static List<Recovered> recover(Path dir, Map<String, Long> committedEnds) throws IOException {
        return recover(dir, committedEnds, true);
    }

    /**
     * Closes the {@code .open} files in {@code dir} that {@code committedEnds} lists, and no other: a worker of a
     * shared crawl knows its own files from its ledger, and a file it does not list (another worker's, which may be
     * alive and writing it) is not its to cut. {@link #openFiles} afterwards names those left open.
     */
    public static List<Recovered> recoverListed(Path dir, Map<String, Long> committedEnds) throws IOException {
        return recover(dir, committedEnds, false);
    }

    /** The {@code .open} WARC files in {@code dir}, by name. */
    public static List<Path> openFiles(Path dir) throws IOException {
        List<Path> open = new ArrayList<>();
        if (!Files.isDirectory(dir)) return open;
        try (var files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(WarcFileNames.SUFFIX + WarcFileNames.OPEN_SUFFIX))
                    .sorted().forEach(open::add);
        }
        return open;
    }

    private static List<Recovered> recover(Path dir, Map<String, Long> committedEnds, boolean unlisted) throws IOException {
        List<Recovered> out = new ArrayList<>();
        for (Path p : openFiles(dir)) {
            String name = p.getFileName().toString();
            String finalName = name.substring(0, name.length() - WarcFileNames.OPEN_SUFFIX.length());
            if (!unlisted && !committedEnds.containsKey(finalName)) continue;
            long size = Files.size(p);
            Long committed = committedEnds.get(finalName);
            long keep = committed != null ? recordEndAtOrBefore(p, committed) : lastCompleteRecordEnd(p);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.truncate(keep);
                ch.force(true);
            }
            if (keep == 0) {
                Files.delete(p);
            } else {
                Files.move(p, dir.resolve(finalName), StandardCopyOption.ATOMIC_MOVE);
            }
            out.add(new Recovered(dir.resolve(finalName), size, keep, committed));
        }
        return out;
    }

    /** End offset of the last record that reads completely (0 if none does). */
    public static long lastCompleteRecordEnd(Path file) throws IOException {
        return recordEndAtOrBefore(file, Long.MAX_VALUE);
    }

    /**
     * The end of the last record that reads completely within the file's first {@code limit} bytes: {@code limit}
     * itself when a record ends there (or the file is shorter and ends with a complete record), 0 if none does.
     */
    static long recordEndAtOrBefore(Path file, long limit) throws IOException {
        long good = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = Math.min(limit, ch.size());
            try (WarcReader reader = new WarcReader(new Slice(ch, 0, size))) {
                long pendingStart = -1;
                while (true) {
                    Optional<WarcRecord> rec;
                    try {
                        rec = reader.next();
                    } catch (IOException | RuntimeException e) {
                        // the record from pendingStart read completely, what follows it did not: where does it end?
                        if (pendingStart >= 0) good = Math.max(good, endOfRecordAt(ch, pendingStart, size));
                        break;
                    }
                    if (rec.isEmpty()) {
                        if (pendingStart >= 0) good = size;
                        break;
                    }
                    if (pendingStart >= 0) good = rec.get().position();
                    pendingStart = rec.get().position();
                    try {
                        rec.get().body().consume();
                    } catch (IOException | RuntimeException e) {
                        break;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable from the start: keep nothing beyond what was proven good
        }
        return good;
    }

    /**
     * Where the record starting at {@code start} ends, when it is followed by bytes that are not a complete record
     * (0 if that cannot be found): the first place before {@code size} where a record may start (a gzip member's
     * magic bytes, or {@code WARC/}) such that the bytes from {@code start} up to it read as exactly one record.
     */
    private static long endOfRecordAt(FileChannel ch, long start, long size) throws IOException {
        ByteBuffer window = ByteBuffer.allocate(1 << 16);
        long base = start + 1;
        while (base < size) {
            window.clear();
            int n = ch.read(window, base);
            if (n <= 0) break;
            byte[] b = window.array();
            for (int i = 0; i < n; i++) {
                boolean gzip = b[i] == 0x1f && (i + 1 < n ? b[i + 1] == (byte) 0x8b : true);
                boolean warc = b[i] == 'W' && (i + 4 >= n || (b[i + 1] == 'A' && b[i + 2] == 'R' && b[i + 3] == 'C' && b[i + 4] == '/'));
                if ((gzip || warc) && readsAsOneRecord(ch, start, base + i)) return base + i;
            }
            base += Math.max(1, n - 4);  // overlap, so magic bytes across two windows are seen
        }
        return 0;
    }

    private static boolean readsAsOneRecord(FileChannel ch, long start, long end) {
        try (WarcReader r = new WarcReader(new Slice(ch, start, end))) {
            Optional<WarcRecord> rec = r.next();
            if (rec.isEmpty()) return false;
            rec.get().body().consume();
            return r.next().isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The bytes of a file from {@code position} up to {@code end}. */
    private static final class Slice implements ReadableByteChannel {
        private final FileChannel ch;
        private final long size;
        private long position;

        Slice(FileChannel ch, long position, long end) {
            this.ch = ch;
            this.position = position;
            this.size = end;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (position >= size) return -1;
            int room = (int) Math.min(dst.remaining(), size - position);
            ByteBuffer slice = dst.slice();
            slice.limit(room);
            int n = ch.read(slice, position);
            if (n <= 0) return n == 0 ? 0 : -1;
            dst.position(dst.position() + n);
            position += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return ch.isOpen();
        }

        @Override
        public void close() {
            // the file channel is closed by its owner
        }
    }
}
