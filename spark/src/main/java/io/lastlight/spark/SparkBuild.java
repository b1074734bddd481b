package io.lastlight.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.build.Manifest;
import io.lastlight.classify.Classifiers;
import io.lastlight.core.UserException;
import io.lastlight.core.Version;
import io.lastlight.extract.WarcExtractor;
import io.lastlight.revisit.RevisitOutputs;
import io.lastlight.schema.DatasetSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The build on Spark, stage by stage as {@code DatasetBuilder} runs them locally: extraction (a task per WARC file),
 * a checkpoint of the sources, orphan removal, revisits, derived tables, views, manifest.
 */
public final class SparkBuild {
    static final String CHECKPOINT = ".lastlight-extracted.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatasetSchema schema = DatasetSchema.bundled();
    private final Clock clock;
    private final String defaultPlatform;
    private final Consumer<String> log;
    private boolean strict;

    public SparkBuild(Clock clock, String defaultPlatform, Consumer<String> log) {
        this.clock = clock;
        this.defaultPlatform = defaultPlatform;
        this.log = log;
    }

    /**
     * Strict: the first damaged WARC record stops the job with its file and offset (default: reported, the job goes
     * on), and a file the previous build recorded as damaged is read again, as {@code lastlight build --strict} does.
     */
    public SparkBuild strict(boolean strict) {
        this.strict = strict;
        return this;
    }

    /** What the job did, as {@code lastlight build} reports it. */
    public static final class Result {
        public String dataset;
        public int warcFiles, extracted, skipped;
        public final Map<String, Long> rows = new LinkedHashMap<>();
        public final Map<String, Long> parseStatus = new LinkedHashMap<>();
        public final Map<String, Long> revisits = new LinkedHashMap<>();
        public final List<String> damage = new ArrayList<>();
        public final List<String> ignored = new ArrayList<>();

        public Map<String, Object> summary() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("dataset", dataset);
            s.put("warc_files", warcFiles);
            s.put("extracted", extracted);
            s.put("skipped_unchanged", skipped);
            s.put("rows", rows);
            s.put("parse_status", parseStatus);
            if (!revisits.isEmpty()) s.put("revisits", revisits);
            if (!damage.isEmpty()) s.put("damaged_warc_files", damage);
            if (!ignored.isEmpty()) s.put("ignored", ignored);
            return s;
        }
    }

    public Result build(List<String> in, String out, boolean force) throws IOException, SQLException {
        boolean own = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        if (own && !new SparkConf().contains("spark.master")) {
            throw new UserException("no Spark master is set: run the job with spark-submit --master ..., or give "
                    + "-Dspark.master=local[*] on a plain java command line");
        }
        SparkSession spark = SparkSession.builder().appName("lastlight build")
                // part of the dataset's contract, not tuning: UTC days, Parquet TIMESTAMP(MICROS, UTC), zstd
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                .config("spark.sql.parquet.compression.codec", "zstd")
                .getOrCreate();
        java.nio.file.Path scratch = Files.createTempDirectory("lastlight-spark-driver-");
        try {
            return build(spark, in, out, force, scratch);
        } finally {
            ExtractTask.deleteTree(scratch);
            if (own) spark.stop();
        }
    }

    private Result build(SparkSession spark, List<String> in, String out, boolean force, java.nio.file.Path scratch)
            throws IOException, SQLException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        rawLocalFiles(hadoop);
        Path root = new Path(out);
        Store store = new Store(root.getFileSystem(hadoop).makeQualified(root).toString(), hadoop);
        Result result = new Result();
        result.dataset = store.root();
        List<WarcInputs.Warc> warcs = WarcInputs.resolve(in, hadoop, result.ignored);
        store.fs().mkdirs(store.path(""));
        String classifier = Classifiers.standard().version();
        Manifest manifest = new Manifest();
        manifest.schemaVersion = schema.version();
        manifest.software = Version.software();
        manifest.created = clock.instant().toString();
        manifest.classifierVersion = classifier;
        manifest.warcDir = warcDir(in, hadoop, store);
        if (force) store.delete(CHECKPOINT);
        Manifest old = force ? null : previous(store, manifest);
        result.warcFiles = warcs.size();

        // 1. extraction: one task per WARC file
        List<ExtractTask.Job> jobs = new ArrayList<>();
        for (WarcInputs.Warc w : warcs) {
            Manifest.Source prev = old == null ? null : old.source(w.name());
            jobs.add(new ExtractTask.Job(w, prev == null ? null : Source.of(prev)));
        }
        SparkConf conf = spark.sparkContext().getConf();
        String memory = conf.get("spark.lastlight.duckdb.memory", "1GB");
        String failOnce = conf.get("spark.lastlight.test.failOnce", null);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobDescription("extract " + warcs.size() + " WARC file(s)");
        long t0 = System.nanoTime();
        List<Source> sources;
        try {
            sources = jsc.parallelize(jobs, jobs.size()).map(new ExtractTask(store, defaultPlatform, memory, failOnce, strict)).collect();
        } catch (Exception e) { // Spark's SparkException is a checked exception thrown undeclared
            UserException u = userCause(e);
            if (u != null) throw u;
            throw e;
        }
        Map<String, Source> byName = new LinkedHashMap<>();
        for (Source s : sources) {
            byName.put(s.name(), s);
            if (s.skipped()) result.skipped++;
            else result.extracted++;
            if (s.damage() != null) result.damage.add(s.damage());
            manifest.sources.add(s.manifest());
        }
        log.accept(String.format("extracted %d WARC file(s) in %.1f s (%d skipped unchanged)", result.extracted,
                (System.nanoTime() - t0) / 1e9, result.skipped));
        checkpoint(store, manifest, scratch);
        removeOrphans(store, warcs);

        // 2. revisits, 3. derived tables: Spark SQL
        SparkDerive derive = new SparkDerive(spark, store, schema, log);
        derive.observationViews(WarcExtractor.TABLES);
        String versions = manifest.schemaVersion + "|" + manifest.software + "|" + manifest.classifierVersion;
        SparkRevisits.Report rv = new SparkRevisits(spark, store, versions, memory, log).resolve(warcs, byName, defaultPlatform, force);
        if (rv.filesResolved > 0) {
            log.accept(String.format("revisits: %d file(s) resolved (%s, %,d unresolved), %d unchanged", rv.filesResolved,
                    rv.resolvedBy, rv.unresolved, rv.filesUnchanged));
        }
        derive.observationViews(WarcExtractor.TABLES); // again: the revisit files are new
        long t1 = System.nanoTime();
        derive.build();
        log.accept(String.format("derived tables in %.1f s", (System.nanoTime() - t1) / 1e9));

        // 4. views, description, manifest last
        Publisher.writeViews(store, schema, scratch);
        Publisher.resources(manifest, Publisher.describe(spark, store, schema), result.rows);
        Publisher.parseStatus(spark, manifest.parseStatus, result.revisits);
        result.parseStatus.putAll(manifest.parseStatus);
        Publisher.manifest(store, manifest, scratch);
        store.delete(CHECKPOINT);
        return result;
    }

    /**
     * A task's {@link UserException} (a damaged record under --strict) as the job's own, so the job ends with its
     * message and exit code 1 instead of Spark's stack trace; null when the failure holds none.
     */
    static UserException userCause(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserException u) return new UserException(u.getMessage(), e);
        }
        return null;
    }

    /**
     * Local files ({@code file:}) are read and written without Hadoop's checksum layer (LocalFileSystem): it names a
     * file's checksum {@code .NAME.crc} by parsing that as a URI, which fails for any name holding a ':' before a '/'
     * ({@code crawl-2021-01-10T12:00:00.warc.gz}, and so its {@code captures/crawl-...warc.gz.parquet}), and the
     * dataset keeps no .crc files anyway (the manifest holds sha256s). Uncached: the cached LocalFileSystem that
     * Spark made at start-up would be returned otherwise.
     */
    static void rawLocalFiles(Configuration hadoop) {
        hadoop.set("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
        hadoop.setBoolean("fs.file.impl.disable.cache", true);
    }

    /**
     * What may be reused: the last finished build's manifest, with the sources a later, unfinished job recorded
     * ({@value #CHECKPOINT}) taking precedence; only records made under this schema, software and classifier count.
     */
    private static Manifest previous(Store store, Manifest now) throws IOException {
        Manifest done = read(store, Manifest.FILE);
        Manifest partial = read(store, CHECKPOINT);
        Manifest merged = new Manifest();
        for (Manifest m : new Manifest[] {partial, done}) {
            if (m == null || !Objects.equals(m.schemaVersion, now.schemaVersion) || !Objects.equals(m.software, now.software)
                    || !Objects.equals(m.classifierVersion, now.classifierVersion)) continue;
            for (Manifest.Source s : m.sources) if (merged.source(s.path) == null) merged.sources.add(s);
        }
        return merged;
    }

    private static Manifest read(Store store, String name) throws IOException {
        if (!store.exists(name)) return null;
        try (InputStream in = store.fs().open(store.path(name))) {
            return JSON.readValue(in, Manifest.class);
        }
    }

    /** The sources extracted so far, so a job that fails later (revisits, derived tables) does not extract them again. */
    private static void checkpoint(Store store, Manifest manifest, java.nio.file.Path scratch) throws IOException {
        Manifest m = new Manifest();
        m.schemaVersion = manifest.schemaVersion;
        m.software = manifest.software;
        m.classifierVersion = manifest.classifierVersion;
        m.sources = manifest.sources;
        java.nio.file.Path f = scratch.resolve(CHECKPOINT);
        JSON.writeValue(f.toFile(), m);
        store.upload(f, CHECKPOINT, "driver");
    }

    /** Observation files whose WARC is no longer an input, and temporary files of failed attempts: removed. */
    private static void removeOrphans(Store store, List<WarcInputs.Warc> warcs) throws IOException {
        Set<String> expected = new HashSet<>();
        for (WarcInputs.Warc w : warcs) {
            expected.add(w.name() + ".parquet");
            expected.add(RevisitOutputs.outputName(w.name()));
        }
        for (String t : WarcExtractor.TABLES) {
            for (FileStatus s : store.list(t)) {
                String n = s.getPath().getName();
                if (n.startsWith(".tmp-") || (n.endsWith(".parquet") && !expected.contains(n))) store.fs().delete(s.getPath(), false);
            }
        }
    }

    /** The WARC folder relative to the dataset when both are local and there is one folder, else its URI; null if several. */
    private static String warcDir(List<String> in, Configuration conf, Store store) throws IOException {
        if (in.size() != 1) return null;
        Path p = new Path(in.get(0));
        var fs = p.getFileSystem(conf);
        p = fs.makeQualified(p);
        if (!fs.getFileStatus(p).isDirectory()) return null;
        Path warc = new Path(p, "warc");
        if (fs.exists(warc) && fs.getFileStatus(warc).isDirectory()) p = warc;
        if (fs.getUri().getScheme().equals("file") && store.fs().getUri().getScheme().equals("file")) {
            java.nio.file.Path dir = java.nio.file.Path.of(p.toUri()).normalize();
            java.nio.file.Path ds = java.nio.file.Path.of(store.path("").toUri()).normalize();
            return ds.relativize(dir).toString().replace('\\', '/');
        }
        return p.toString();
    }
}
