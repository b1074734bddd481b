package io.lastlight.importer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lastlight import}: a folder of saved pages → WARC resource records that {@code lastlight build} reads. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Wrap a folder of saved pages into WARC files that 'lastlight build' reads.",
                "Made for saved-page dumps such as the leaked Parler dump (one HTML file per post). Each file becomes a WARC resource record at the URL its name gives (--url-pattern), dated by the file's modification time or by --captured-at (relative times such as '4 days ago' on a page are resolved against that date; the summary says which was used), with a metadata record beside it keeping the original path, size, modification time and sha256. Files are written to OUT/warc/import-<time>-<serial>.warc.gz; build them with: lastlight build --in OUT --out DATASET.",
                "Empty or unreadable files are skipped and listed; every other file is imported."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  every file was imported", "  1  runtime failure (the message says what went wrong and what to do)",
                "  2  bad usage (unknown option, missing or invalid value)",
                "  3  some files were skipped (listed with the reason); the others were imported"})
public final class ImportCommand implements Callable<Integer> {
    static final int EXIT_SKIPPED = 3;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", paramLabel = "DIR", required = true, description = "Folder of saved pages (searched recursively; hidden files and folders are ignored).")
    Path in;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write the WARC files to (into its warc/ folder, created if needed); give it to 'lastlight build --in'.")
    Path out;

    @Option(names = "--url-pattern", paramLabel = "PATTERN", defaultValue = SavedPageUrls.DEFAULT_PATTERN,
            description = "URL of each page, from its file name: {name} is the name without .html/.htm/.xhtml/.json/.txt, {file} the whole name, {path} the path below --in without the extension (default: ${DEFAULT-VALUE}, so <id>.html is https://parler.com/post/<id>).")
    String urlPattern;

    @Option(names = "--platform", defaultValue = "parler", description = "Adapter that reads the pages in 'lastlight build' (written to the files' warcinfo; default: ${DEFAULT-VALUE}).")
    String platform;

    @Option(names = "--max-page-size", paramLabel = "BYTES", defaultValue = "67108864", description = "Skip (and list) files larger than this (default: ${DEFAULT-VALUE}, 64 MiB).")
    long maxPageBytes;

    @Option(names = "--captured-at", paramLabel = "TIME",
            description = "When the pages were saved, as an ISO-8601 instant (2021-01-10T12:00:00Z, or with an offset): the WARC-Date of every imported page, against which relative times such as '4 days ago' are resolved. Default: each file's modification time (wrong once files were copied or unpacked).")
    String capturedAt;

    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        SavedPageUrls urls;
        try {
            urls = new SavedPageUrls(urlPattern);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (maxPageBytes < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max-page-size must be at least 1");
        Instant captured = null;
        if (capturedAt != null) {
            try {
                captured = OffsetDateTime.parse(capturedAt.trim()).toInstant();
            } catch (DateTimeParseException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--captured-at must be an ISO-8601 instant "
                        + "such as 2021-01-10T12:00:00Z or 2021-01-10T07:00:00-05:00 (got '" + capturedAt + "')");
            }
        }
        SavedPageImporter.Report r;
        // what was skipped, on stderr: sentences on a terminal, JSON lines ("log" events) anywhere else
        try (io.lastlight.progress.JobLog log = io.lastlight.progress.JobLog.stderr(quiet)) {
            r = new SavedPageImporter(Clock.systemUTC(), platform, urls, maxPageBytes, captured).run(in, out, log::log);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("out", out.toString());
        summary.put("warc_files", r.warcFiles);
        summary.put("imported", r.imported);
        summary.put("bytes", r.bytes);
        summary.put("skipped", r.skipped);
        summary.put("capture_time_from", captured != null ? "--captured-at" : "file modification time");
        if (captured != null) summary.put("captured_at", captured.toString());
        if (r.hidden > 0) summary.put("hidden_files_ignored", r.hidden);
        System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        if (r.imported == 0 && r.skipped.isEmpty()) {
            throw new io.lastlight.core.UserException("no files in " + in + " to import (hidden files are ignored)");
        }
        return r.skipped.isEmpty() ? 0 : EXIT_SKIPPED;
    }
}
