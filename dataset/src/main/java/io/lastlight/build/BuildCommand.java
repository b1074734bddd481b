package io.lastlight.build;

import io.lastlight.progress.JobLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lastlight build}: WARC → Parquet dataset with DuckDB views. */
@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turn a crawl's WARC files into a Parquet dataset: DATASET/<table>/*.parquet, views in " +
                "DATASET/lastlight.duckdb (relative paths: the folder can be moved) and DATASET/manifest.json.",
                "Incremental: WARC files already extracted (same sha256, schema and software) are skipped, also " +
                "after a build that failed or was killed later (DATASET/.lastlight-extracted.json records them).",
                "Observation rows are sorted in the JVM: the sorts running at once hold up to 30%% of the heap, " +
                "then spill sorted runs beside the output (JAVA_OPTS=-Dlastlight.sort.buffer=128MB sets each " +
                "sort's budget). " +
                "DuckDB (derived tables) works within 1.5GB, spilling to DATASET/.tmp-duckdb beyond it; " +
                "set another budget with JAVA_OPTS=-Dlastlight.duckdb.memory=4GB. Tables larger than a twelfth " +
                "of it (posts, post_versions, profiles, profile_history) are derived in key ranges, one file each. " +
                "The ./lastlight launcher adds -Xmx1g -XX:+UseG1GC (a 1 GiB heap, which G1 gives back after " +
                "extraction) unless JAVA_OPTS sets a heap or a collector; with java -jar, give both yourself. So set, " +
                "a build of 10M posts stays under 3 GB of memory in all.",
                "Bad records never stop the build; they are counted in captures.parse_status.",
                "Progress goes to stderr: on a terminal, each step's line and a live bar (WARC bytes read, files, " +
                "posts, posts/s, time left); otherwise one JSON object per line, {\"time\", \"event\", figures, " +
                "\"message\"}, with a \"progress\" event every 10 s. The summary (JSON) goes to stdout.",
                "Revisit records are parsed from their original response (in any input file) as observations at " +
                "their own time; one whose original is not in the input is counted as revisit-unresolved."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  built (damaged WARC files and bad records are reported, not fatal)",
                "  1  runtime failure (message says what to do)", "  2  bad usage"})
public final class BuildCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", paramLabel = "DIR", required = true, description = "Folder of WARC files, read with its subfolders (a crawl's output, worker folders, any layout), "
            + "or a WACZ file: the WARC files in WACZ files are read in place (warc_file = crawl.wacz#archive/data.warc.gz, "
            + "offsets in that inner file); WARC-like files not read (open, hidden, damaged zip, empty) are listed in the summary's \"ignored\".")
    Path in;

    @Option(names = "--out", paramLabel = "DATASET", required = true, description = "Dataset directory to write, or a Hadoop " +
            "FileSystem URI (s3a://bucket/path, hdfs://…): built in --staging, then published with manifest.json last.")
    String out;

    @Option(names = "--hadoop-conf", paramLabel = "KEY=VALUE", description = "Hadoop setting for a URI --out (repeatable), e.g. " +
            "fs.s3a.endpoint=http://…, fs.s3a.path.style.access=true. $HADOOP_CONF_DIR/core-site.xml is read too.")
    Map<String, String> hadoopConf = new LinkedHashMap<>();

    @Option(names = "--staging", paramLabel = "DIR", description = "Local folder a URI --out is built in (kept for the next run; " +
            "default: a folder under the temporary directory named from the URI).")
    Path staging;

    @Option(names = "--platform", defaultValue = "parler", paramLabel = "NAME",
            completionCandidates = io.lastlight.platform.PlatformNames.class,
            description = "Adapter for WARC files whose warcinfo names none: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String platform;

    @Option(names = "--force", description = "Re-extract every WARC file even if unchanged.")
    boolean force;

    @Option(names = "--threads", paramLabel = "N", description = "WARC files extracted at once and threads parsing records (default: the number of cores; the output does not depend on it).")
    Integer threads;

    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    @Option(names = "--strict", description = "Stop at the first damaged WARC record, naming its file and offset (default: "
            + "damaged records are counted in captures as parse_status 'damaged' and the build goes on).")
    boolean strict;

    @Override
    public Integer call() throws Exception {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1 (got " + n + ")");
        boolean remote = HadoopTarget.isUri(out);
        if (!remote && (!hadoopConf.isEmpty() || staging != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--hadoop-conf and --staging apply only when --out is a URI such as s3a://bucket/path");
        }
        Map<String, Object> summary;
        // closed (the live line ended) before the summary goes to stdout, which is often the same terminal
        try (JobLog log = JobLog.stderr(quiet)) {
            summary = build(new DatasetBuilder(Clock.systemUTC(), platform, log, n).strict(strict), remote, log::log);
        }
        System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        return 0;
    }

    private Map<String, Object> build(DatasetBuilder builder, boolean remote, java.util.function.Consumer<String> log)
            throws Exception {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("dataset", out);
        BuildReport r;
        if (remote) {
            Path stage = staging != null ? staging : RemoteBuild.defaultStaging(out);
            RemoteBuild.Published published = new RemoteBuild.Published();
            try (HadoopTarget target = HadoopTarget.open(out, HadoopTarget.configuration(hadoopConf))) {
                r = new RemoteBuild(builder, log).build(in, target, stage, force, published);
            }
            summary.put("staging", stage.toString());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("uploaded", published.uploaded.size());
            p.put("unchanged", published.unchanged.size());
            p.put("deleted", published.deleted.size());
            p.put("fetched", published.fetched.size());
            summary.put("published", p);
        } else {
            r = builder.build(in, Path.of(out), force);
        }
        summary.put("warc_files", r.warcFiles);
        summary.put("extracted", r.extracted);
        summary.put("skipped_unchanged", r.skipped);
        summary.put("rows", r.rows);
        summary.put("parse_status", r.parseStatus);
        summary.put("digest_check", r.digestCheck);
        summary.put("digest_mismatches", r.digestMismatches);
        if (!r.revisits.isEmpty()) summary.put("revisits", r.revisits);
        if (!r.damage.isEmpty()) summary.put("damaged_warc_files", r.damage);
        if (!r.ignored.isEmpty()) summary.put("ignored", r.ignored);
        return summary;
    }
}
