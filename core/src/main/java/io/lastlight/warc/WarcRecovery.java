package io.lastlight.warc;

import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

import java.io.IOException;
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
 * lost and nothing is duplicated); otherwise it is cut after its last complete record.
 */
public final class WarcRecovery {
    private WarcRecovery() {}

    public record Recovered(Path file, long originalSize, long keptSize) {}

    public static List<Recovered> recover(Path dir, Map<String, Long> committedEnds) throws IOException {
        List<Recovered> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        List<Path> open = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(WarcFileNames.SUFFIX + WarcFileNames.OPEN_SUFFIX))
                    .sorted().forEach(open::add);
        }
        for (Path p : open) {
            String name = p.getFileName().toString();
            String finalName = name.substring(0, name.length() - WarcFileNames.OPEN_SUFFIX.length());
            long size = Files.size(p);
            Long committed = committedEnds.get(finalName);
            long keep = committed != null ? Math.min(committed, size) : lastCompleteRecordEnd(p);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.truncate(keep);
                ch.force(true);
            }
            if (keep == 0) {
                Files.delete(p);
            } else {
                Files.move(p, dir.resolve(finalName), StandardCopyOption.ATOMIC_MOVE);
            }
            out.add(new Recovered(dir.resolve(finalName), size, keep));
        }
        return out;
    }

    /** End offset of the last record that reads completely (0 if none does). */
    public static long lastCompleteRecordEnd(Path file) throws IOException {
        long good = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); WarcReader reader = new WarcReader(ch)) {
            long pendingStart = -1;
            while (true) {
                Optional<WarcRecord> rec;
                try {
                    rec = reader.next();
                } catch (IOException | RuntimeException e) {
                    break;
                }
                if (rec.isEmpty()) {
                    if (pendingStart >= 0) good = Files.size(file);
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
        } catch (IOException | RuntimeException e) {
            // unreadable from the start: keep nothing beyond what was proven good
        }
        return good;
    }
}
