package io.lastlight.report;

import io.lastlight.core.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code lastlight report}: one self-contained HTML file with the answers, their intervals and methods. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write one self-contained HTML report (inline CSS and SVG charts, no network needed to open it): " +
                "accounts and user-count estimates, sign-ups with spikes, the follower distribution (log-log), " +
                "violent-content prevalence over time with its interval band, deletions over time and capture coverage, " +
                "each with a short methods note.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  report written", "  1  runtime failure (e.g. not a dataset, output not writable)", "  2  bad usage"})
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--dataset", paramLabel = "DATASET", required = true, description = "Dataset built by 'lastlight build'.")
    Path dataset;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "report.html", description = "HTML file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        String html = new ReportBuilder(dataset, Clock.systemUTC()).build();
        write(out, html);
        System.out.println("wrote " + out.toAbsolutePath());
        return 0;
    }

    /** Writes to a temporary file beside the target, then renames it, so a reader never sees half a report. */
    static void write(Path out, String html) {
        Path abs = out.toAbsolutePath();
        try {
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
            Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UserException("cannot write the report to " + out + ": " + e.getMessage() + " (choose a writable --out)", e);
        }
    }
}
