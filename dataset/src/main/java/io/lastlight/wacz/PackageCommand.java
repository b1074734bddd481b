package io.lastlight.wacz;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code lastlight package}: a crawl's WARC files as a WACZ that ReplayWeb.page opens; {@code --verify} checks one. */
@Command(name = "package", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Package a crawl's WARC files as a WACZ 1.1.1 file (Webrecorder's web archive " +
                "package), which ReplayWeb.page (https://replayweb.page) opens and replays in a " +
                "browser with nothing installed. It holds archive/*.warc.gz (the crawl's files, " +
                "unchanged, stored uncompressed), indexes/index.cdxj (sorted; offsets and lengths " +
                "point into the WARC files), pages/pages.jsonl (every captured profile, post and " +
                "HTML page, with title and time), datapackage.json (every file's sha256 and size, " +
                "the software, the crawl's config digest) and datapackage-digest.json. Written by " +
                "streaming under a temporary name, then renamed. Whole-file gzip and zstd WARC files " +
                "(which replay tools cannot read by offset) are stored re-compressed one gzip member per " +
                "record, with a warning and their original sha256 in datapackage.json.",
                "",
                "  lastlight package --in CRAWL_DIR --out NAME.wacz [--title T] [--description D]",
                "  lastlight package --verify NAME.wacz"},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  packaged, or --verify found the package intact",
                "  1  --verify found problems (each is listed), or a runtime failure",
                "     (the message says what to do)",
                "  2  bad usage"})
public final class PackageCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", paramLabel = "DIR", description = "Crawl output directory (holding warc/) or a folder of WARC files.")
    Path in;

    @Option(names = "--out", paramLabel = "NAME.wacz", description = "WACZ file to write (must not exist yet).")
    Path out;

    @Option(names = "--title", paramLabel = "T", description = "Title shown by ReplayWeb.page (default: the platform and base URL).")
    String title;

    @Option(names = "--description", paramLabel = "D", description = "Description stored in datapackage.json.")
    String description;

    @Option(names = "--verify", paramLabel = "NAME.wacz",
            description = "Check a WACZ file instead: every digest and size, and that each index line points at a WARC record with that URL and time.")
    Path verify;

    @Option(names = "--quiet", description = "Print only the result.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (verify != null) {
            if (in != null || out != null || title != null || description != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--verify checks an existing package; it takes no --in, --out, --title or --description");
            }
            return verify(System.out, System.err);
        }
        if (in == null || out == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --in DIR and --out NAME.wacz to package, or --verify NAME.wacz to check a package");
        }
        if (!out.getFileName().toString().endsWith(".wacz")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out must name a .wacz file (players recognise the format by its extension), not '" + out + "'");
        }
        WaczPackager.Result r;
        // steps (not with --quiet) and warnings (always) on stderr: sentences on a terminal, JSON lines anywhere else
        try (io.lastlight.progress.JobLog log = io.lastlight.progress.JobLog.stderr(false)) {
            r = new WaczPackager(Clock.systemUTC(), quiet ? s -> { } : log::log).pack(in, out, title, description);
            for (String w : r.warnings()) log.log("warning: " + w);
        }
        System.out.printf("wrote %s: %d WARC files, %d index lines, %d pages, %d bytes%n",
                out, r.warcFiles(), r.indexLines(), r.pages(), r.bytes());
        return 0;
    }

    private int verify(PrintStream stdout, PrintStream stderr) throws Exception {
        if (!Files.isRegularFile(verify)) {
            throw new io.lastlight.core.UserException("no such file: " + verify + " (give the path of a .wacz file)");
        }
        WaczVerifier.Report r = new WaczVerifier().verify(verify);
        if (r.ok()) {
            stdout.printf("OK: %d resources, %d index lines verified%n", r.resources, r.indexLines);
            return 0;
        }
        stderr.printf("FAILED: %s: %d problem%s%n", verify, r.problemCount, r.problemCount == 1 ? "" : "s");
        for (String p : r.problems) stderr.println("  - " + p);
        if (r.problemCount > r.problems.size()) stderr.println("  … and " + (r.problemCount - r.problems.size()) + " more");
        return 1;
    }
}
