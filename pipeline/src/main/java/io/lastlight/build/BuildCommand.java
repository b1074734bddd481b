package io.lastlight.build;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lastlight build}: WARC → Parquet dataset with DuckDB views. */
@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turn a crawl's WARC files into a Parquet dataset: DATASET/<table>/*.parquet, views in",
                "DATASET/lastlight.duckdb (relative paths: the folder can be moved) and DATASET/manifest.json.",
                "Incremental: WARC files already extracted (same sha256, schema and software) are skipped.",
                "Bad records never stop the build; they are counted in captures.parse_status."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  built (damaged WARC files and bad records are reported, not fatal)",
                "  1  runtime failure (message says what to do)", "  2  bad usage"})
public final class BuildCommand implements Callable<Integer> {
    @Option(names = "--in", paramLabel = "DIR", required = true, description = "Crawl output directory (holding warc/) or a folder of WARC files.")
    Path in;

    @Option(names = "--out", paramLabel = "DATASET", required = true, description = "Dataset directory to write.")
    Path out;

    @Option(names = "--platform", defaultValue = "parler", description = "Adapter for WARC files whose warcinfo names none (default: ${DEFAULT-VALUE}).")
    String platform;

    @Option(names = "--force", description = "Re-extract every WARC file even if unchanged.")
    boolean force;

    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        BuildReport r = new DatasetBuilder(Clock.systemUTC(), platform, quiet ? s -> { } : System.err::println)
                .build(in, out, force);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("dataset", out.toString());
        summary.put("warc_files", r.warcFiles);
        summary.put("extracted", r.extracted);
        summary.put("skipped_unchanged", r.skipped);
        summary.put("rows", r.rows);
        summary.put("parse_status", r.parseStatus);
        if (!r.damage.isEmpty()) summary.put("damaged_warc_files", r.damage);
        if (!r.ignored.isEmpty()) summary.put("ignored", r.ignored);
        System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        return 0;
    }
}
