package io.lastlight.label;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lastlight.query.ResultPrinter;
import io.lastlight.query.ResultTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lastlight label report}: raw and adjusted violent-content prevalence with intervals. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Violent-content prevalence over the posts with a classifier label (English text): the raw flagged share with a Wilson 95%% interval and, " +
                "with imported annotations, the classifier's measured precision, recall (TPR) and false-positive rate (weighted " +
                "Horvitz-Thompson estimates) and the adjusted classify-and-count share (flagged - FPR) / (TPR - FPR), clipped " +
                "to [0, 1], with a percentile bootstrap 95%% interval (annotations resampled within strata). Names the classifier version.",
                "The same point estimates in SQL: 'lastlight query violent-prevalence-adjusted'."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  report printed", "  1  runtime failure (not a dataset, no classified posts)", "  2  bad usage"})
public final class LabelReportCommand implements Callable<Integer> {
    public enum Format { table, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "DATASET", description = "Dataset directory.")
    Path dataset;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format = Format.table;

    @Option(names = "--replicates", defaultValue = "2000", paramLabel = "R", description = "Bootstrap replicates (default: ${DEFAULT-VALUE}).")
    int replicates = 2000;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Override
    public Integer call() throws Exception {
        if (replicates < 100) throw new CommandLine.ParameterException(spec.commandLine(), "--replicates must be at least 100, not " + replicates);
        PrevalenceReport.Report r = PrevalenceReport.compute(dataset, replicates, seed);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        if (format == Format.json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(PrevalenceReport.toMap(r)));
        } else {
            out.print(text(r));
        }
        out.flush();
        return 0;
    }

    /** The report as aligned text tables. */
    public static String text(PrevalenceReport.Report r) {
        StringBuilder b = new StringBuilder();
        b.append("Violent-content prevalence, classifier ").append(r.classifierVersion()).append('\n');
        b.append("posts with a label: ").append(r.posts()).append(", flagged: ").append(r.flagged()).append('\n');
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row("raw flagged share", r.raw().share(), r.raw().low(), r.raw().high(), "Wilson 95%"));
        PrevalenceEstimator.Result x = r.result();
        if (x != null) {
            PrevalenceEstimator.Estimate e = x.estimate();
            String boot = "bootstrap 95%, " + (x.adjusted().replicates() + x.adjusted().undefined()) + " replicates, seed " + x.seed();
            rows.add(row("adjusted share", e.adjustedShare(), x.adjusted().low(), x.adjusted().high(), boot
                    + (x.adjusted().undefined() > 0 ? " (" + x.adjusted().undefined() + " undefined)" : "")));
            rows.add(row("precision", e.precision(), x.precision().low(), x.precision().high(), "weighted; bootstrap 95%"));
            rows.add(row("recall (TPR)", e.recall(), x.recall().low(), x.recall().high(), "weighted; bootstrap 95%"));
            rows.add(row("false-positive rate", e.fpr(), x.fpr().low(), x.fpr().high(), "weighted; bootstrap 95%"));
        }
        b.append(ResultPrinter.text(new ResultTable(List.of("estimate", "value", "ci_low", "ci_high", "method"), rows)));
        if (x != null) {
            PrevalenceEstimator.Estimate e = x.estimate();
            b.append(String.format(java.util.Locale.ROOT, "estimated posts: TP %.1f  FP %.1f  FN %.1f  TN %.1f  (adjusted count %s)%n",
                    e.tp(), e.fp(), e.fn(), e.tn(), Double.isNaN(e.adjustedShare()) ? "undefined" : Long.toString(Math.round(e.adjustedShare() * r.posts()))));
            List<List<Object>> strata = new ArrayList<>();
            for (Stratum s : Stratum.values()) {
                int m = x.annotated().get(s);
                strata.add(Arrays.asList(s.id(), x.population().get(s), m, x.humanViolent().get(s),
                        m == 0 ? null : round((double) x.population().get(s) / m)));
            }
            b.append(ResultPrinter.text(new ResultTable(List.of("stratum", "posts", "annotated", "human_violent", "weight"), strata)));
            b.append("annotations: ").append(r.annotationsUsed()).append(" used of ").append(r.annotationRows()).append(" rows");
            if (r.otherVersion() > 0) b.append(", ").append(r.otherVersion()).append(" from another classifier version left out");
            if (r.notInDataset() > 0) b.append(", ").append(r.notInDataset()).append(" for posts no longer in the dataset left out");
            if (r.ambiguous() > 0) b.append(", ").append(r.ambiguous()).append(" naming a post_id of several servers left out");
            if (!r.annotators().isEmpty()) b.append("; annotators: ").append(String.join(", ", r.annotators()));
            b.append('\n');
        }
        if (r.note() != null) b.append("note: ").append(r.note()).append('\n');
        return b.toString();
    }

    private static List<Object> row(String name, double v, double lo, double hi, String method) {
        return Arrays.asList(name, round(v), round(lo), round(hi), method);
    }

    private static Object round(double d) {
        if (Double.isNaN(d)) return null;
        return Math.round(d * 1e6) / 1e6;
    }

    static Map<String, Object> json(PrevalenceReport.Report r) {
        return PrevalenceReport.toMap(r);
    }
}
