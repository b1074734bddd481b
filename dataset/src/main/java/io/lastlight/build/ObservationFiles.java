package io.lastlight.build;

import io.lastlight.extract.WarcExtractor;
import io.lastlight.revisit.RevisitOutputs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The observation Parquet files of a dataset, one per WARC per table: whether a WARC's exist, and removing orphans. */
final class ObservationFiles {
    private ObservationFiles() {}

    /** @param warc a WARC file's name as the dataset knows it (a row's {@code warc_file}) */
    static boolean outputsExist(Path dataset, String warc) {
        for (String t : WarcExtractor.TABLES) {
            if (!Files.exists(dataset.resolve(t).resolve(WarcExtractor.outputName(warc)))) return false;
        }
        return true;
    }

    /** Observation files whose WARC is no longer in the input would silently add stale rows: remove them. */
    static void removeOrphans(Path dataset, List<String> warcs) throws IOException {
        List<String> expected = new ArrayList<>();
        for (String w : warcs) {
            expected.add(WarcExtractor.outputName(w));
            expected.add(RevisitOutputs.outputName(w)); // kept or removed by the revisit pass
        }
        for (String t : WarcExtractor.TABLES) {
            Path dir = dataset.resolve(t);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String n = p.getFileName().toString();
                    if (n.startsWith(".tmp-") || (n.endsWith(".parquet") && !expected.contains(n))) Files.delete(p);
                }
            }
        }
    }
}
