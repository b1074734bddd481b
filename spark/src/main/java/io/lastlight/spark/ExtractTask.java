package io.lastlight.spark;

import io.lastlight.build.Digests;
import io.lastlight.classify.Classifier;
import io.lastlight.classify.Classifiers;
import io.lastlight.core.UserException;
import io.lastlight.core.Version;
import io.lastlight.derive.BuildDatabase;
import io.lastlight.extract.WarcExtractor;
import io.lastlight.parquet.ParquetSorter;
import io.lastlight.build.Manifest;
import io.lastlight.platform.Platforms;
import io.lastlight.schema.DatasetSchema;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * One Spark task: one WARC file through the local build's own extraction ({@link WarcExtractor}: reader, platform
 * adapters, classifier, Parquet writer, sort pass) into a scratch folder, then each table's file uploaded to
 * {@code TABLE/<warc name>.parquet} of the dataset, replacing any file an earlier attempt left. A file the previous
 * manifest lists with the same sha256, schema, software and classifier, whose outputs are all there, is skipped
 * (unless --platform decided its rows and is another now, or --strict is given and it was read with damage).
 */
final class ExtractTask implements Function<ExtractTask.Job, Source> {
    private static final long serialVersionUID = 1L;

    /** One WARC file, and what the previous build recorded about it (null if nothing, or if it must be redone). */
    record Job(WarcInputs.Warc warc, Source previous) implements java.io.Serializable {}

    private final Store store;
    private final String defaultPlatform;
    private final String duckDbMemory;
    private final String failOnce;
    private final boolean strict;

    /**
     * @param failOnce a WARC file name whose first task attempt fails after uploading its first table (tests of
     *                 retries; null in real runs)
     * @param strict   stop at the first damaged record (a {@link UserException} naming the file and offset), and read
     *                 again a file the previous build recorded as damaged
     */
    ExtractTask(Store store, String defaultPlatform, String duckDbMemory, String failOnce, boolean strict) {
        this.store = store;
        this.defaultPlatform = defaultPlatform;
        this.duckDbMemory = duckDbMemory;
        this.failOnce = failOnce;
        this.strict = strict;
    }

    @Override
    public Source call(Job job) throws Exception {
        WarcInputs.Warc warc = job.warc();
        Path scratch = Files.createTempDirectory("lastlight-extract-");
        try {
            Path local = Store.local(warc.uri(), store.configuration(), Files.createDirectories(scratch.resolve("in")));
            // as the local build: under --strict a file read with damage before is read again (and stops at it)
            if (job.previous() != null && job.previous().manifest().samePlatform(defaultPlatform) && !(strict && job.previous().damage() != null)
                    && outputsExist(warc.name()) && Digests.sha256(local).equals(job.previous().sha256())) {
                return job.previous().asSkipped();
            }
            try {
                return extract(warc, local, scratch);
            } catch (UserException e) {
                // the message names the local copy of a remote file: name the input instead
                throw local.startsWith(scratch) ? new UserException(e.getMessage().replace(local.toString(), warc.uri()), e) : e;
            }
        } finally {
            deleteTree(scratch);
        }
    }

    private Source extract(WarcInputs.Warc warc, Path local, Path scratch) throws IOException {
        DatasetSchema schema = DatasetSchema.bundled();
        Classifier classifier = Classifiers.standard();
        int threads = Math.max(1, taskCpus());
        Path out = Files.createDirectories(scratch.resolve("out"));
        ExecutorService parse = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "extract-parse");
            t.setDaemon(true);
            return t;
        });
        WarcExtractor.Result r;
        try (BuildDatabase db = BuildDatabase.open(scratch.resolve(".tmp-duckdb"), threads, duckDbMemory);
             // the tasks of one executor share its heap
             ParquetSorter sorter = new ParquetSorter(db, threads).sortsAtOnce(tasksAtOnce(threads) * WarcExtractor.SORTED_PER_FILE)) {
            WarcExtractor extractor = new WarcExtractor(schema, Platforms::byName, defaultPlatform, classifier, parse, sorter).strict(strict);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("lastlight.source_warc", warc.name());
            meta.put("lastlight.software", Version.software());
            r = extractor.extract(local, out, meta);
        } finally {
            parse.shutdownNow();
        }
        String file = WarcExtractor.outputName(local);
        TaskContext tc = TaskContext.get();
        String tag = tc == null ? "driver" : tc.stageId() + "-" + tc.stageAttemptNumber() + "-" + tc.partitionId() + "-" + tc.attemptNumber();
        boolean first = true;
        for (String t : WarcExtractor.TABLES) {
            store.upload(out.resolve(t).resolve(file), t + "/" + file, tag);
            if (first && failOnce != null && failOnce.equals(warc.name()) && tc != null && tc.attemptNumber() == 0) {
                throw new IOException("injected failure of the first attempt at " + warc.name() + " (spark.lastlight.test.failOnce)");
            }
            first = false;
        }
        return new Source(warc.name(), r.sha256, Files.size(local), r.platform,
                r.platformFromWarcinfo ? Manifest.Source.FROM_WARCINFO : Manifest.Source.FROM_OPTION, r.damage, r.revisits > 0 ? r.revisits : null,
                false, new LinkedHashMap<>(r.rowsByTable));
    }

    private boolean outputsExist(String name) throws IOException {
        for (String t : WarcExtractor.TABLES) if (!store.exists(t + "/" + name + ".parquet")) return false;
        return true;
    }

    /**
     * Tasks an executor runs at once: its cores ({@code spark.executor.cores}, or N of a {@code local[N]} master, or
     * the machine's) over the cores each task takes.
     */
    static int tasksAtOnce(int taskCpus) {
        int cores = Runtime.getRuntime().availableProcessors();
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        if (env != null) {
            String master = env.conf().get("spark.master", "");
            java.util.regex.Matcher local = java.util.regex.Pattern.compile("local\\[(\\d+)").matcher(master);
            if (local.lookingAt()) cores = Integer.parseInt(local.group(1));
            cores = env.conf().getInt("spark.executor.cores", cores);
        }
        return Math.max(1, cores / Math.max(1, taskCpus));
    }

    private static int taskCpus() {
        TaskContext tc = TaskContext.get();
        return tc == null ? 1 : tc.cpus();
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // scratch space: the temporary directory's owner cleans up what is left
        }
    }
}
