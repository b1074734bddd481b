package io.lastlight.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.core.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code spark-submit --class io.lastlight.spark.BuildJob lastlight-spark.jar --in WARCS --out URI}: the dataset
 * {@code lastlight build} makes, built by a Spark cluster ({@link SparkBuild}). The master and every other Spark
 * setting come from Spark's own configuration ({@code --master}, {@code --conf}, {@code spark-defaults.conf}, or
 * {@code -Dspark.master=...} on a plain {@code java} command line); none is set here.
 */
@Command(name = "lastlight-spark-build", mixinStandardHelpOptions = true, versionProvider = BuildJob.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Builds the lastlight dataset from WARC files on Apache Spark: one task per WARC file extracts " +
                "its observation files with the same code as 'lastlight build'; revisits and the derived tables run as " +
                "Spark SQL; the DuckDB views file and the manifest are written last. Unchanged WARC files (same sha256, " +
                "schema, software and classifier) are skipped.",
                "",
                "Spark settings read: spark.lastlight.duckdb.memory (DuckDB budget per task for re-sorting a file whose " +
                "rows came out of WARC order, default 1GB). " +
                "Hadoop settings (S3A credentials, endpoints) go in as spark.hadoop.* settings."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  built (damaged WARC files and bad records are reported, not fatal unless --strict)",
                "  1  runtime failure, or a damaged WARC record under --strict (message says what to do)", "  2  bad usage"})
public final class BuildJob implements Callable<Integer> {
    @Option(names = "--in", paramLabel = "WARCS", required = true, split = ",", description = "WARC files to build from " +
            "(repeatable, or comma-separated): a folder of *.warc.gz (or a crawl output holding warc/), one WARC file, " +
            "or a listing naming one WARC file per line. Any Hadoop FileSystem URI (hdfs://, s3a://, file:).")
    List<String> in = new ArrayList<>();

    @Option(names = "--out", paramLabel = "URI", required = true, description = "Dataset folder to write or update: a " +
            "Hadoop FileSystem URI or a local path.")
    String out;

    @Option(names = "--platform", defaultValue = "parler", paramLabel = "NAME",
            completionCandidates = io.lastlight.platform.PlatformNames.class,
            description = "Adapter for WARC files whose warcinfo names none: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String platform;

    @Option(names = "--force", description = "Re-extract every WARC file even if unchanged.")
    boolean force;

    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    @Option(names = "--strict", description = "Stop at the first damaged WARC record, naming its file and offset (default: "
            + "damaged records are counted in captures as parse_status 'damaged' and the build goes on). A file an earlier "
            + "lenient build found damaged is read again.")
    boolean strict;

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {io.lastlight.core.Version.software()};
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the job; returns the exit code (0 built, 1 failure, 2 bad usage). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new BuildJob());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof UserException) {
                cmd.getErr().println("lastlight-spark-build: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        // the driver's steps as the local build writes its own: sentences on a terminal, JSON lines ("log" events) in a
        // log file or pipe, where a scheduler or a script reads them
        SparkBuild.Result r;
        try (io.lastlight.progress.JobLog steps = io.lastlight.progress.JobLog.stderr(quiet)) {
            r = new SparkBuild(Clock.systemUTC(), platform, steps::log).strict(strict).build(in, out, force);
        }
        Map<String, Object> summary = r.summary();
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        return 0;
    }
}
