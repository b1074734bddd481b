package io.lastlight.extract;

import io.lastlight.classify.Classifier;
import io.lastlight.classify.Label;
import io.lastlight.parquet.Row;
import io.lastlight.parquet.AsyncTableWriter;
import io.lastlight.parquet.Futures;
import io.lastlight.parquet.ParquetSorter;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * One WARC file → one Parquet file per observation table ({@code TABLE/<warc name>.parquet}), rows sorted
 * by the table's {@code sort_by} (ties in WARC order): tables keyed by WARC position get their rows in that
 * order; the others' rows are sorted in the JVM ({@link io.lastlight.parquet.TableWriter}, spilling sorted runs
 * beside the output) and encoded once; the {@link ParquetSorter} sorts a file again only if rows of a table keyed
 * by WARC position came out of order.
 * Output files appear only when complete, so a re-run after a kill redoes just this file.
 * Three stages overlap: the calling thread reads (gunzip, WARC and HTTP parsing), a shared pool turns
 * batches of captures into rows, and one thread per table encodes Parquet; batches are written in read
 * order, so the output does not depend on timing.
 */
public final class WarcExtractor {
    /** Key-value metadata of every output file: the sha256 of the WARC file it was extracted from. */
    public static final String SOURCE_SHA256 = "lastlight.source_sha256";
    public static final List<String> TABLES = List.of("captures", "profile_observations", "post_observations", "follows", "tombstones", "platform_stats", "links");
    /** Tables of {@link #TABLES} whose rows a file's extraction sorts in the JVM (not keyed by WARC position). */
    public static final int SORTED_PER_FILE = (int) TABLES.stream()
            .filter(t -> !TableWriter.inWarcOrder(DatasetSchema.bundled().table(t))).count();
    private static final int CAPTURES = 0, PROFILES = 1, POSTS = 2, FOLLOWS = 3, TOMBSTONES = 4, STATS = 5, LINKS = 6;
    /** Captures per parse task, and the payload bytes that close a batch early (bounds memory). */
    static final int BATCH = 256;
    static final long BATCH_BYTES = 8L * 1024 * 1024;
    /** Parse tasks in the air per WARC file, beyond which the reader waits for the oldest. */
    static final int IN_FLIGHT = 2 * Runtime.getRuntime().availableProcessors() + 2;

    private final DatasetSchema schema;
    private final ObservationRows rows;
    private final Function<String, Platform> platforms;
    private final String defaultPlatform;
    private final Classifier classifier;
    private final Executor parsePool;
    private final ParquetSorter sorter;
    private boolean strict;

    /** Counts for the build report. */
    public static final class Result {
        public final Map<String, Long> rowsByTable = new LinkedHashMap<>();
        public final Map<String, Long> parseStatus = new LinkedHashMap<>();
        public String damage;
        /** Records whose WARC digests do not match their bytes ("offset N: what"), in file order; empty if none. */
        public List<String> digestMismatches = List.of();
        public String platform;
        /** True if the file's warcinfo named {@link #platform}; false if the default platform was used. */
        public boolean platformFromWarcinfo;
        /** sha256 (hex) of the WARC file, computed while reading it. */
        public String sha256;
        /** Revisit records in the file: not extracted here, see {@code io.lastlight.revisit.RevisitResolver}. */
        public long revisits;
    }

    /**
     * @param parsePool where captures are parsed into rows (shared by all files of a build; its size is the
     *                  build's parallelism). Reading and Parquet encoding run on their own threads.
     * @param sorter    sorts output files whose rows are not in key order (shared by all files of a build)
     */
    public WarcExtractor(DatasetSchema schema, Function<String, Platform> platforms, String defaultPlatform,
                         Classifier classifier, Executor parsePool, ParquetSorter sorter) {
        this.sorter = sorter;
        this.classifier = classifier;
        this.parsePool = parsePool;
        this.schema = schema;
        this.rows = new ObservationRows(schema);
        this.platforms = platforms;
        this.defaultPlatform = defaultPlatform;
    }

    /** Strict: the first damaged WARC record stops the extraction (a UserException naming file and offset). */
    public WarcExtractor strict(boolean strict) {
        this.strict = strict;
        return this;
    }

    public static String outputName(Path warc) {
        return outputName(warc.getFileName().toString());
    }

    /** {@code <stem>.parquet} for a {@code warc_file} value ({@link WarcSource#fileStem}). */
    public static String outputName(String warcName) {
        return WarcSource.fileStem(warcName) + ".parquet";
    }

    public Result extract(Path warc, Path dataset, Map<String, String> fileMetadata) throws IOException {
        return extract(WarcSource.of(warc), dataset, fileMetadata, ExtractionProgress.NONE);
    }

    /** As {@link #extract(Path, Path, Map)} for a WARC file wherever it is, telling {@code progress} how far it has got. */
    public Result extract(WarcSource warc, Path dataset, Map<String, String> fileMetadata, ExtractionProgress progress)
            throws IOException {
        String outName = outputName(warc.name());
        Map<String, AsyncTableWriter> writers = new LinkedHashMap<>();
        Result result = new Result();
        Deque<Future<Batch>> inflight = new ArrayDeque<>();
        try {
            for (String t : TABLES) {
                writers.put(t, new AsyncTableWriter(new TableWriter(schema.table(t), dataset.resolve(t).resolve(outName), fileMetadata, sorter), t));
            }
            WarcCaptureReader reader = new WarcCaptureReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES, strict);
            Platform[] platform = {null};
            List<WarcCapture> batch = new ArrayList<>(BATCH);
            long[] batchBytes = {0};
            WarcCaptureReader.FileInfo info = reader.read(warc, (fileInfo, c) -> {
                if (platform[0] == null) {
                    platform[0] = platforms.apply(fileInfo.warcinfo.getOrDefault("platform", defaultPlatform));
                }
                batch.add(c);
                progress.read(fileInfo.bytesRead);
                batchBytes[0] += Math.max(0, c.payloadLength());
                if (batch.size() == BATCH || batchBytes[0] > BATCH_BYTES) {
                    submit(new ArrayList<>(batch), platform[0], inflight, writers, result, progress);
                    batch.clear();
                    batchBytes[0] = 0;
                }
            });
            if (!batch.isEmpty()) submit(batch, platform[0], inflight, writers, result, progress);
            while (!inflight.isEmpty()) dispatch(inflight.poll(), writers, result, progress);
            result.damage = info.damage;
            result.digestMismatches = List.copyOf(info.digestMismatches);
            result.platform = info.warcinfo.getOrDefault("platform", defaultPlatform);
            result.platformFromWarcinfo = info.warcinfo.containsKey("platform");
            result.sha256 = info.sha256;
            result.revisits = info.revisits;
            Map<String, String> late = Map.of(SOURCE_SHA256, info.sha256);
            // finished side by side: the tables that need a sort pass are sorted at the same time
            Map<String, Future<Long>> commits = new LinkedHashMap<>();
            for (Map.Entry<String, AsyncTableWriter> w : writers.entrySet()) commits.put(w.getKey(), w.getValue().commitAsync(late));
            for (Map.Entry<String, Future<Long>> c : commits.entrySet()) result.rowsByTable.put(c.getKey(), Futures.get(c.getValue()));
            return result;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            for (Future<Batch> f : inflight) f.cancel(true);
            closeAll(writers.values());
        }
    }

    /** Closes every writer (deleting its temporary files), also after one fails; the first failure is thrown. */
    private static void closeAll(Iterable<AsyncTableWriter> writers) throws IOException {
        IOException failed = null;
        for (AsyncTableWriter w : writers) {
            try {
                w.close();
            } catch (IOException e) {
                if (failed == null) failed = e;
                else failed.addSuppressed(e);
            }
        }
        if (failed != null) throw failed;
    }

    /**
     * Hands a batch of captures to the parse pool; keeps at most {@link #IN_FLIGHT} batches in the air and
     * writes finished ones in the order they were read, so output files are the same for any thread count.
     */
    private void submit(List<WarcCapture> captures, Platform platform, Deque<Future<Batch>> inflight,
                        Map<String, AsyncTableWriter> writers, Result result, ExtractionProgress progress) {
        inflight.add(CompletableFuture.supplyAsync(() -> parse(captures, platform), parsePool));
        while (inflight.size() > IN_FLIGHT) dispatch(inflight.poll(), writers, result, progress);
    }

    private static void dispatch(Future<Batch> f, Map<String, AsyncTableWriter> writers, Result result,
                                 ExtractionProgress progress) {
        Batch b;
        try {
            b = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted while extracting"));
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
        try {
            for (int i = 0; i < TABLES.size(); i++) writers.get(TABLES.get(i)).write(b.rows[i]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        b.status.forEach((k, v) -> result.parseStatus.merge(k, v, Long::sum));
        progress.written(b.rows[CAPTURES].size(), b.rows[POSTS].size());
    }

    /** Rows of one batch of captures, per table in {@link #TABLES} order; runs on the parse pool. */
    private static final class Batch {
        @SuppressWarnings("unchecked")
        final List<Row>[] rows = new List[TABLES.size()];
        final Map<String, Long> status = new LinkedHashMap<>();

        Batch() {
            for (int i = 0; i < rows.length; i++) rows[i] = new ArrayList<>();
        }
    }

    private Batch parse(List<WarcCapture> captures, Platform platform) {
        Batch b = new Batch();
        for (WarcCapture c : captures) handle(c, platform, b);
        return b;
    }

    private void handle(WarcCapture c, Platform platform, Batch b) {
        if (c.status() != null && c.capture() == null && !CaptureDecoder.ERROR.equals(c.status())) {
            // not a capture (warcinfo, request …), no HTTP message (dns: …) or damaged: accounted, not parsed
            capture(b, rows.capture(c, platform.name(), null, c.status(), c.error(), 0), c.status());
            return;
        }
        String kind;
        try {
            kind = c.capture() != null ? platform.kindOf(c.capture().uri())
                    : c.targetUri() == null ? null : platform.kindOf(java.net.URI.create(c.targetUri()));
        } catch (IllegalArgumentException e) {
            kind = "other";
        }
        if (c.capture() == null) {
            capture(b, rows.capture(c, platform.name(), kind, Extraction.ERROR, c.error(), 0), Extraction.ERROR);
            return;
        }
        Extraction x;
        try {
            x = platform.extract(c.capture());
        } catch (RuntimeException e) {
            x = Extraction.failed(Extraction.ERROR, "adapter failed: " + e);
        }
        String instance = platform.instanceOf(c.capture().uri()); // the id space of this capture's ids
        for (ProfileObservation p : x.profiles()) b.rows[PROFILES].add(rows.profile(p, c, instance));
        for (PostObservation p : x.posts()) b.rows[POSTS].add(rows.post(p, c, instance, label(p)));
        for (Tombstone t : x.tombstones()) b.rows[TOMBSTONES].add(rows.tombstone(t, c, instance));
        for (PlatformStat st : x.stats()) b.rows[STATS].add(rows.stat(st, c, instance));
        for (FollowEdge f : x.follows()) b.rows[FOLLOWS].add(rows.follow(f, c, instance));
        for (io.lastlight.platform.LinkObservation l : x.links()) b.rows[LINKS].add(rows.link(l, c, instance));
        capture(b, rows.capture(c, platform.name(), kind, x), x.status());
    }

    private static void capture(Batch b, Row capture, String status) {
        b.rows[CAPTURES].add(capture);
        b.status.merge(status, 1L, Long::sum);
    }

    private Label label(PostObservation p) {
        if (classifier == null || p.text() == null || p.text().isBlank() || p.deleted()) return null;
        return classifier.classify(p.text(), p.lang());
    }
}
