package io.lastlight.label;

import io.lastlight.core.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code lastlight label import}: records an annotated sample in the dataset. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Record human annotations (the CSV from 'lastlight label sample' with human_label filled in) in the dataset,",
                "as DATASET/annotations/annotations-<timestamp>.parquet, and refresh the views. human_label accepts "
                        + HumanLabel.ACCEPTED + " (any case).",
                "Every row is checked first (post_id in the dataset, human_label readable, stratum and inclusion_probability as sampled);"
                        + " bad rows are reported with their line numbers and nothing is imported unless --skip-invalid.",
                "Columns are read by header name. A row names the post of its post_id on its instance (the server: Mastodon-API"
                        + " servers number their own statuses; empty for Parler), and platform if the CSV has that column. A sheet"
                        + " without an instance column (written before it existed) names the post of its id when the dataset has"
                        + " one; a row whose id several servers use is refused, naming them: add an instance column and import again.",
                "A post annotated again in a later import counts with its latest label. 'lastlight build' leaves annotations alone."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  annotations imported", "  1  runtime failure, or invalid rows (nothing imported; each is reported on stderr)",
                "  2  bad usage"})
public final class LabelImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.csv", description = "The annotated sample.")
    Path file;

    @Option(names = "--dataset", required = true, paramLabel = "DATASET", description = "Dataset directory the sample was drawn from.")
    Path dataset;

    @Option(names = "--annotator", paramLabel = "NAME", description = "Who annotated (stored with each row).")
    String annotator;

    @Option(names = "--skip-invalid", description = "Import the valid rows and report the invalid ones instead of importing nothing.")
    boolean skipInvalid;

    private final Clock clock;

    public LabelImportCommand() {
        this(Clock.systemUTC());
    }

    public LabelImportCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        AnnotationImporter.Result r = new AnnotationImporter(clock).importFile(file, dataset, annotator, skipInvalid);
        for (AnnotationImporter.Problem p : r.problems()) err.println(file + ": " + p);
        if (r.imported() == 0) {
            if (!r.problems().isEmpty() && !skipInvalid) {
                throw new UserException(r.problems().size() + " problem(s) in " + r.rows() + " rows of " + file
                        + "; nothing imported. Fix the rows listed above, or pass --skip-invalid to import the valid ones");
            }
            throw new UserException("no valid rows in " + file + "; nothing imported");
        }
        err.println("imported " + r.imported() + " of " + r.rows() + " annotations " + r.byStratum() + " → " + r.file()
                + (r.problems().isEmpty() ? "" : " (" + r.problems().size() + " problem(s) skipped)"));
        return 0;
    }
}
