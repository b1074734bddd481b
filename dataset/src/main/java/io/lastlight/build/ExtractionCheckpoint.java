package io.lastlight.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The WARC files a build has finished extracting, recorded as each one finishes
 * ({@value #FILE}, rewritten atomically), so a build that fails or is killed later (in another file, in a
 * derived table) does not extract them again when re-run. {@code manifest.json} is only written once the
 * whole dataset is complete; this file holds the same per-source facts until then and is removed after.
 */
final class ExtractionCheckpoint {
    static final String FILE = ".lastlight-extracted.json";

    private final Path dataset;
    private final Manifest state;

    private ExtractionCheckpoint(Path dataset, Manifest state) {
        this.dataset = dataset;
        this.state = state;
    }

    /** Starts an empty checkpoint for a build with these versions (the file appears with the first source). */
    static ExtractionCheckpoint start(Path dataset, String schemaVersion, String software, String classifierVersion) {
        Manifest m = new Manifest();
        m.schemaVersion = schemaVersion;
        m.software = software;
        m.classifierVersion = classifierVersion;
        return new ExtractionCheckpoint(dataset, m);
    }

    synchronized void add(Manifest.Source source) throws IOException {
        state.sources.removeIf(s -> s.path.equals(source.path));
        state.sources.add(source);
        state.write(dataset, FILE);
    }

    static void clear(Path dataset) throws IOException {
        Files.deleteIfExists(dataset.resolve(FILE));
    }

    /**
     * What an incremental build may reuse: the last finished build's manifest, with the sources a later,
     * unfinished build extracted taking precedence when that build ran the same schema, software and
     * classifier (a source is only reused by a build whose versions match the record it comes from).
     */
    static Manifest previous(Path dataset) throws IOException {
        Manifest done = Manifest.read(dataset);
        Manifest partial = Manifest.read(dataset, FILE);
        if (partial == null) return done;
        if (done == null || !sameVersions(done, partial)) return partial;
        Manifest merged = new Manifest();
        merged.schemaVersion = done.schemaVersion;
        merged.software = done.software;
        merged.classifierVersion = done.classifierVersion;
        List<Manifest.Source> sources = new ArrayList<>(partial.sources);
        for (Manifest.Source s : done.sources) if (partial.source(s.path) == null) sources.add(s);
        merged.sources = sources;
        return merged;
    }

    private static boolean sameVersions(Manifest a, Manifest b) {
        return Objects.equals(a.schemaVersion, b.schemaVersion) && Objects.equals(a.software, b.software)
                && Objects.equals(a.classifierVersion, b.classifierVersion);
    }
}
