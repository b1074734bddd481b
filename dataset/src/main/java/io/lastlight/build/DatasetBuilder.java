package io.lastlight.build;

import io.lastlight.parquet.Futures;

import io.lastlight.classify.Classifier;
import io.lastlight.classify.Classifiers;
import io.lastlight.core.UserException;
import io.lastlight.core.Version;
import io.lastlight.derive.BuildDatabase;
import io.lastlight.derive.DerivedTables;
import io.lastlight.derive.DuckDb;
import io.lastlight.extract.WarcExtractor;
import io.lastlight.extract.WarcSource;
import io.lastlight.parquet.ParquetSorter;
import io.lastlight.platform.Platforms;
import io.lastlight.progress.JobEvents;
import io.lastlight.revisit.RevisitResolver;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.DuckDbViews;
import io.lastlight.schema.TableSchema;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code lastlight build}: WARC files → observation Parquet (one file per WARC per table, incremental) →
 * derived tables (DuckDB SQL) → {@code lastlight.duckdb} views with relative paths → {@code manifest.json}.
 * The WARC files are the only input, so a rebuild gives the same dataset.
 */
public final class DatasetBuilder {
    public static final String DB_FILE = "lastlight.duckdb";

    private final DatasetSchema schema = DatasetSchema.bundled();
    private final Clock clock;
    private final String defaultPlatform;
    private final JobEvents events;
    /** Sentences with no figures of their own (warnings, retries): {@code log} events. */
    private final Consumer<String> log;
    private final int threads;
    private boolean strict;

    public DatasetBuilder(Clock clock, String defaultPlatform, Consumer<String> log) {
        this(clock, defaultPlatform, log, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param threads WARC files extracted at once, and threads parsing captures into rows (output does not
     *                depend on it)
     */
    public DatasetBuilder(Clock clock, String defaultPlatform, Consumer<String> log, int threads) {
        // Files are extracted on several threads, and each logs: one line at a time, so the consumer need not be
        // thread-safe (a test's ArrayList::add threw ArrayIndexOutOfBounds when two files logged at once).
        this(clock, defaultPlatform, JobEvents.text(log), threads);
    }

    /**
     * @param events the build's events ({@code extracting}, {@code extracted}, {@code extraction}, {@code deriving},
     *               {@code derived}, {@code log}) and its live status (thread-safe: files log from several threads)
     */
    public DatasetBuilder(Clock clock, String defaultPlatform, JobEvents events, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
        this.clock = clock;
        this.defaultPlatform = defaultPlatform;
        this.events = events;
        this.log = events::log;
        this.threads = threads;
    }

    /**
     * WARC files anywhere under {@code in} (a crawl's {@code warc/}, worker folders, folders by month, files beside
     * them), sorted by file name; every other WARC-like file under it (still open, hidden, a WACZ, empty …) goes to
     * {@code ignored} with the reason. The rule is {@link WarcFolders}', which the Spark job applies too.
     */
    public static List<Path> warcFiles(Path in, List<String> ignored) throws IOException {
        if (!Files.isDirectory(in)) {
            throw new UserException("--in " + in + " is not a directory (give the crawl's output directory, which holds warc/)");
        }
        return LocalWarcs.select(in, ignored);
    }

    /** As {@link #warcFiles(Path, List)}, the WACZ files under {@code in} going to {@code packages} instead of {@code ignored}. */
    public static List<Path> warcFiles(Path in, List<String> ignored, List<Path> packages) throws IOException {
        if (!Files.isDirectory(in)) throw new UserException("--in " + in + " is not a directory");
        return LocalWarcs.select(in, ignored, packages);
    }

    /**
     * What {@code lastlight build --in} reads: the {@link #warcFiles} and the WARC files inside the WACZ packages under
     * {@code in} ({@link LocalWarcs#sources}), or inside {@code in} itself when it is a WACZ file; sorted by name.
     */
    public static List<WarcSource> warcInputs(Path in, List<String> ignored) throws IOException {
        if (Files.isRegularFile(in) && WarcFolders.isPackage(in.getFileName().toString())) return LocalWarcs.sources(in, ignored);
        if (!Files.isDirectory(in)) {
            throw new UserException("--in " + in + " is not a directory or a .wacz file (give the crawl's output directory,"
                    + " which holds warc/, a folder of WARC or WACZ files, or one WACZ file)");
        }
        return LocalWarcs.sources(in, ignored);
    }

    /** Strict: the first damaged WARC record stops the build with its file and offset (default: reported, build goes on). */
    public DatasetBuilder strict(boolean strict) {
        this.strict = strict;
        return this;
    }

    public BuildReport build(Path in, Path dataset, boolean force) throws IOException, SQLException {
        BuildReport report = new BuildReport();
        List<WarcSource> warcs = warcInputs(in, report.ignored);
        if (warcs.isEmpty()) {
            throw new UserException("no WARC files in " + in + (Files.isDirectory(in) ? " or its subfolders" : "")
                    + " (expected *.warc.gz, *.warc, *.warc.zst, *.arc, *.arc.gz, or *.wacz holding them)"
                    + (report.ignored.isEmpty() ? "" : "; ignored: " + String.join("; ", report.ignored)));
        }
        for (String w : report.ignored) log.accept("warning: ignored " + w);
        try {
            Files.createDirectories(dataset);
        } catch (IOException e) {
            throw new UserException("cannot create the dataset directory " + dataset + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dataset)) throw new UserException("the dataset directory " + dataset + " is not writable");
        if (force) ExtractionCheckpoint.clear(dataset);
        Manifest old = force ? null : ExtractionCheckpoint.previous(dataset);
        Manifest manifest = new Manifest();
        manifest.schemaVersion = schema.version();
        manifest.software = Version.software();
        manifest.created = clock.instant().toString();
        Classifier classifier = Classifiers.standard(); // rules OR the shipped learned model (docs/classifier.md)
        manifest.classifierVersion = classifier.version();
        manifest.warcDir = LocalWarcs.warcDirFor(in, containers(warcs), dataset);
        ExtractionCheckpoint checkpoint = ExtractionCheckpoint.start(dataset, manifest.schemaVersion, manifest.software,
                manifest.classifierVersion);
        report.warcFiles = warcs.size();
        // One DuckDB for the whole build (sort pass, revisit lookup, derived tables): one memory budget, spilling
        // to DATASET/.tmp-duckdb beyond it, so the process's memory does not depend on the data's size.
        try (BuildDatabase db = BuildDatabase.open(dataset.resolve(".tmp-duckdb"), threads, DerivedTables.memoryLimit())) {
            build(warcs, dataset, force, old, manifest, checkpoint, classifier, report, db);
        }
        ExtractionCheckpoint.clear(dataset);
        return report;
    }

    /** The files on disk that hold the inputs (a WACZ once for all its WARC files). */
    static List<Path> containers(List<WarcSource> warcs) {
        return warcs.stream().map(WarcSource::container).distinct().toList();
    }

    private void build(List<WarcSource> warcs, Path dataset, boolean force, Manifest old, Manifest manifest,
                       ExtractionCheckpoint checkpoint, Classifier classifier, BuildReport report, BuildDatabase db)
            throws IOException, SQLException {
        long t0 = System.nanoTime();
        double cpu0 = processCpuSeconds();
        List<Long> sizes = new ArrayList<>();
        for (WarcSource w : warcs) sizes.add(w.size());
        BuildProgress progress = new BuildProgress(sizes, System::nanoTime);
        events.status(progress);
        ExecutorService parsePool = Executors.newFixedThreadPool(threads, daemon("extract-parse"));
        ExecutorService filePool = Executors.newFixedThreadPool(Math.min(threads, warcs.size()), daemon("extract-file"));
        // Observation rows are sorted in the JVM as they are written (TableWriter); DuckDB sorts a file again only
        // if rows of a table keyed by WARC position came out of that order, on the build's database, within two
        // thirds of its budget while the Java heap is in use too; it has all of it back for the derived tables.
        // Resources close in reverse order: the pools stop (and file tasks end) before the sorter closes.
        String budget = db.memoryLimit();
        db.memoryLimit(extractionBudget(budget));
        int filesAtOnce = Math.min(threads, warcs.size());
        try (ParquetSorter sorter = new ParquetSorter(db, threads).log(log).sortsAtOnce(filesAtOnce * WarcExtractor.SORTED_PER_FILE);
             Closeable pools = () -> {
                 filePool.shutdownNow();
                 parsePool.shutdownNow();
                 awaitQuietly(filePool);
             }) {
            WarcExtractor extractor = new WarcExtractor(schema, Platforms::byName, defaultPlatform, classifier, parsePool, sorter).strict(strict);
            List<Future<FileOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < warcs.size(); i++) {
                WarcSource warc = warcs.get(i);
                int index = i;
                outcomes.add(filePool.submit(() -> {
                    FileOutcome o = extractOne(extractor, warc, index, warcs.size(), dataset, old, classifier,
                            progress.file(index));
                    checkpoint.add(o.source);
                    progress.fileDone(index);
                    return o;
                }));
            }
            for (Future<FileOutcome> f : outcomes) {
                FileOutcome o = Futures.get(f);
                if (o.skipped) report.skipped++;
                else report.extracted++;
                if (o.source.damage != null) report.damage.add(o.source.damage);
                manifest.sources.add(o.source);
            }
        } finally {
            db.memoryLimit(budget);
        }
        double seconds = (System.nanoTime() - t0) / 1e9, cpu = processCpuSeconds() - cpu0;
        events.event("extraction", figures("files", report.extracted, "skipped_unchanged", report.skipped,
                        "seconds", round1(seconds), "cpu_s", round1(cpu)),
                String.format("extracted %d WARC file(s) in %.1f s, %.1f CPU-s (%d skipped unchanged)",
                        report.extracted, seconds, cpu, report.skipped));
        // The extraction's garbage is not needed again: a full collection now lets the collector give some of the
        // heap back before DuckDB takes its whole budget (measured at 1M posts: ~190 MB less at the derive's start).
        System.gc();
        ObservationFiles.removeOrphans(dataset, warcs.stream().map(WarcSource::name).toList());
        resolveRevisits(dataset, warcs, manifest, classifier, force, db);
        List<String> observation = new ArrayList<>(WarcExtractor.TABLES);
        DerivedTables derived = new DerivedTables(schema, DerivedTables.defaultRangeBytes(), log).onTableDone((name, s) -> {
            progress.tableDone();
            events.event("derived-table", figures("table", name, "seconds", round1(s)), String.format(java.util.Locale.ROOT, "derived %s in %.1f s", name, s));
        });
        events.event("deriving", figures("tables", derived.tables()), "deriving " + String.join(", ", derived.tables()));
        progress.deriving(derived.tables().size());
        long t1 = System.nanoTime();
        double cpu1 = processCpuSeconds();
        derived.build(dataset, observation, threads, db);
        double dSeconds = (System.nanoTime() - t1) / 1e9, dCpu = processCpuSeconds() - cpu1;
        events.event("derived", figures("seconds", round1(dSeconds), "cpu_s", round1(dCpu)),
                String.format("derived tables in %.1f s, %.1f CPU-s", dSeconds, dCpu));
        events.status(null);
        writeViews(dataset);
        DatasetDescription.describe(schema, dataset, manifest, report);
        manifest.write(dataset);
    }

    /** CPU seconds this process has used (all threads, DuckDB's included), or NaN where the JVM cannot say. */
    static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long ns = sun.getProcessCpuTime();
            if (ns >= 0) return ns / 1e9;
        }
        return Double.NaN;
    }

    /** DuckDB's budget while files are extracted: two thirds of {@code budget} (the Java heap is busy then). */
    static String extractionBudget(String budget) {
        return (DerivedTables.bytes(budget) * 2 / 3) + "B";
    }

    private record FileOutcome(Manifest.Source source, boolean skipped) {}

    /** Revisit records → rows, from their originals' payloads (after every file is extracted: originals may be anywhere). */
    private void resolveRevisits(Path dataset, List<WarcSource> warcs, Manifest manifest, Classifier classifier, boolean force,
                                 BuildDatabase db) throws IOException, SQLException {
        List<RevisitResolver.Input> inputs = new ArrayList<>();
        for (WarcSource w : warcs) {
            Manifest.Source s = manifest.source(w.name());
            inputs.add(new RevisitResolver.Input(w, s.sha256, s.platform == null ? defaultPlatform : s.platform,
                    s.revisits == null ? 0 : s.revisits));
        }
        RevisitResolver resolver = new RevisitResolver(schema, Platforms::byName, classifier,
                manifest.schemaVersion + "|" + manifest.software + "|" + manifest.classifierVersion, threads, log);
        RevisitResolver.Report r = resolver.resolve(dataset, inputs, force, db);
        if (r.filesResolved > 0) {
            log.accept(String.format("revisits: %d file(s) resolved (%s, %,d unresolved), %d unchanged", r.filesResolved,
                    r.resolvedBy, r.unresolved, r.filesUnchanged));
        }
    }

    /**
     * Extracts one WARC file unless the old manifest shows it unchanged: same digest, schema, software and classifier,
     * extracted with the platform this build would use ({@link Manifest.Source#samePlatform}), and, for --strict, read without damage
     * (a lenient build recorded it; a strict one must stop at it).
     */
    private FileOutcome extractOne(WarcExtractor extractor, WarcSource warc, int index, int files, Path dataset, Manifest old,
                                   Classifier classifier, io.lastlight.extract.ExtractionProgress progress) throws IOException {
        String label = String.format("[%d/%d]", index + 1, files);
        String name = warc.name();
        Manifest.Source prev = old == null ? null : old.source(name);
        // Only a file the old manifest lists needs its digest before reading (to skip it if unchanged); any
        // other file is digested in the same pass that extracts it.
        String sha = prev == null ? null : Digests.sha256(warc);
        if (prev != null && sha.equals(prev.sha256) && schema.version().equals(old.schemaVersion)
                && Version.software().equals(old.software) && classifier.version().equals(old.classifierVersion)
                && prev.samePlatform(defaultPlatform) && !(strict && prev.damage != null) && ObservationFiles.outputsExist(dataset, name)) {
            return new FileOutcome(prev, true);
        }
        events.event("extracting", figures("file", name, "n", index + 1, "of", files), label + " extracting " + name);
        long t0 = System.nanoTime();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("lastlight.source_warc", name);
        meta.put("lastlight.software", Version.software());
        WarcExtractor.Result r = extractor.extract(warc, dataset, meta, progress);
        double s = (System.nanoTime() - t0) / 1e9;
        if (!r.digestMismatches.isEmpty()) {
            int n = r.digestMismatches.size();
            log.accept("warning: " + warc + ": " + n + " record(s) do not match their WARC digests (damage or an edit since the "
                    + "capture; captures.digest_check): " + String.join("; ", r.digestMismatches.subList(0, Math.min(5, n)))
                    + (n > 5 ? "; …" : ""));
        }
        long captures = r.rowsByTable.getOrDefault("captures", 0L), posts = r.rowsByTable.getOrDefault("post_observations", 0L);
        events.event("extracted", figures("file", name, "n", index + 1, "of", files, "seconds", round1(s),
                        "captures", captures, "posts", posts),
                String.format("%s extracted %s in %.1f s (%,d captures, %,d posts)", label, name, s, captures, posts));
        Manifest.Source src = new Manifest.Source();
        src.path = name;
        src.sha256 = r.sha256;
        src.bytes = warc.size();
        src.platform = r.platform;
        src.platformFrom = r.platformFromWarcinfo ? Manifest.Source.FROM_WARCINFO : Manifest.Source.FROM_OPTION;
        src.damage = r.damage;
        String changed = warc.declaredDigestMismatch(r.sha256);
        if (changed != null) {
            log.accept("warning: " + changed);
            src.damage = src.damage == null ? changed : src.damage + "; " + changed;
        }
        src.revisits = r.revisits > 0 ? r.revisits : null;
        return new FileOutcome(src, false);
    }

    /** An event's figures from name, value pairs, in order. */
    private static Map<String, Object> figures(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** One decimal; null for NaN (CPU time where the JVM cannot say), which JSON has no number for. */
    private static Double round1(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10) / 10.0;
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Creates {@code lastlight.duckdb} (via a temporary file) with one view per table that has Parquet files, relative
     * paths. Public so commands that add files to a dataset (e.g. {@code lastlight label import}) can refresh the views.
     */
    public static void writeViews(Path dataset) throws SQLException, IOException {
        DatasetSchema schema = DatasetSchema.bundled();
        Path tmp = dataset.resolve(".tmp-" + DB_FILE);
        Files.deleteIfExists(tmp);
        Files.deleteIfExists(dataset.resolve(".tmp-" + DB_FILE + ".wal"));
        try (Connection c = DuckDb.open(tmp, false)) {
            DuckDb.searchPath(c, dataset);
            for (TableSchema t : schema.tables()) {
                DuckDb.exec(c, hasParquet(dataset.resolve(t.name())) ? DuckDbViews.createView(t) : DuckDbViews.createEmptyView(t));
            }
            DuckDb.exec(c, "CHECKPOINT");
        }
        Files.move(tmp, dataset.resolve(DB_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static boolean hasParquet(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet") && !p.getFileName().toString().startsWith("."));
        }
    }
}
