package io.lastlight.extract;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Real WARC files of other tools' test suites, kept in {@code shared/data/real/warc} beside the repository (found
 * walking up from the working directory, as the app's RealWarcCorpusTest finds it). Not part of a clone: a test that
 * needs one is skipped without it.
 */
public final class RealWarcFiles {
    private RealWarcFiles() {}

    /** The folder, if it is here. */
    public static Optional<Path> corpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path d = dir.resolve("shared").resolve("data").resolve("real").resolve("warc");
            if (Files.isDirectory(d)) return Optional.of(d);
        }
        return Optional.empty();
    }

    /** The file at {@code relative} in the folder; the calling test is skipped when it is not here. */
    public static Path need(String relative) {
        Optional<Path> f = corpus().map(d -> d.resolve(relative)).filter(Files::isRegularFile);
        Assumptions.assumeTrue(f.isPresent(), "no shared/data/real/warc/" + relative + " beside the project: skipped");
        return f.get();
    }
}
