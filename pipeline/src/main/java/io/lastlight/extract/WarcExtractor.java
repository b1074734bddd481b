package io.lastlight.extract;

import io.lastlight.classify.Classifier;
import io.lastlight.classify.Label;
import io.lastlight.parquet.Row;
import io.lastlight.parquet.TableWriter;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.FollowEdge;
import io.lastlight.platform.Platform;
import io.lastlight.platform.PlatformStat;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;
import io.lastlight.platform.Tombstone;
import io.lastlight.schema.DatasetSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One WARC file → one Parquet file per observation table ({@code TABLE/<warc name>.parquet}), rows in
 * WARC order. Output files appear only when complete, so a re-run after a kill redoes just this file.
 */
public final class WarcExtractor {
    public static final List<String> TABLES = List.of("captures", "profile_observations", "post_observations", "follows", "tombstones", "platform_stats");

    private final DatasetSchema schema;
    private final ObservationRows rows;
    private final Function<String, Platform> platforms;
    private final String defaultPlatform;
    private final Classifier classifier;

    /** Counts for the build report. */
    public static final class Result {
        public final Map<String, Long> rowsByTable = new LinkedHashMap<>();
        public final Map<String, Long> parseStatus = new LinkedHashMap<>();
        public String damage;
        public String platform;
    }

    public WarcExtractor(DatasetSchema schema, Function<String, Platform> platforms, String defaultPlatform,
                         Classifier classifier) {
        this.classifier = classifier;
        this.schema = schema;
        this.rows = new ObservationRows(schema);
        this.platforms = platforms;
        this.defaultPlatform = defaultPlatform;
    }

    public static String outputName(Path warc) {
        return warc.getFileName().toString() + ".parquet";
    }

    public Result extract(Path warc, Path dataset, Map<String, String> fileMetadata) throws IOException {
        String outName = outputName(warc);
        Map<String, TableWriter> writers = new LinkedHashMap<>();
        Result result = new Result();
        try {
            for (String t : TABLES) {
                writers.put(t, new TableWriter(schema.table(t), dataset.resolve(t).resolve(outName), fileMetadata));
            }
            WarcCaptureReader reader = new WarcCaptureReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES);
            Platform[] platform = {null};
            WarcCaptureReader.FileInfo info = reader.read(warc, (fileInfo, c) -> {
                try {
                    if (platform[0] == null) {
                        platform[0] = platforms.apply(fileInfo.warcinfo.getOrDefault("platform", defaultPlatform));
                    }
                    handle(c, platform[0], writers, result);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            result.damage = info.damage;
            result.platform = info.warcinfo.getOrDefault("platform", defaultPlatform);
            for (Map.Entry<String, TableWriter> w : writers.entrySet()) {
                result.rowsByTable.put(w.getKey(), w.getValue().rows());
                w.getValue().commit();
            }
            return result;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            for (TableWriter w : writers.values()) w.close();
        }
    }

    private void handle(WarcCapture c, Platform platform, Map<String, TableWriter> w, Result result) throws IOException {
        String kind = platform.kindOf(java.net.URI.create(c.targetUri()));
        if (c.capture() == null) {
            write(w, rows.capture(c, platform.name(), kind, Extraction.ERROR, c.error(), 0), result, Extraction.ERROR);
            return;
        }
        Extraction x;
        try {
            x = platform.extract(c.capture());
        } catch (RuntimeException e) {
            x = Extraction.failed(Extraction.ERROR, "adapter failed: " + e);
        }
        for (ProfileObservation p : x.profiles()) w.get("profile_observations").write(rows.profile(p, c));
        for (PostObservation p : x.posts()) w.get("post_observations").write(rows.post(p, c, label(p)));
        for (Tombstone t : x.tombstones()) w.get("tombstones").write(rows.tombstone(t, c));
        for (PlatformStat st : x.stats()) w.get("platform_stats").write(rows.stat(st, c));
        for (FollowEdge f : x.follows()) w.get("follows").write(rows.follow(f, c));
        write(w, rows.capture(c, platform.name(), kind, x.status(), x.detail(), x.rowCount()), result, x.status());
    }

    private Label label(PostObservation p) {
        if (classifier == null || p.text() == null || p.text().isBlank() || p.deleted()) return null;
        return classifier.classify(p.text());
    }

    private static void write(Map<String, TableWriter> w, Row capture, Result result, String status) throws IOException {
        w.get("captures").write(capture);
        result.parseStatus.merge(status, 1L, Long::sum);
    }
}
