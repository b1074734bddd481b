package io.lastlight.estimate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lastlight.core.UserException;
import io.lastlight.platform.IdSpace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lastlight estimate users}: how many accounts the platform had, by every method the evidence allows. */
@Command(name = "users", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Estimate the number of accounts, with 95%% intervals, from the capture's evidence:",
                "  id-space sampling   valid share of random sequential ids x range size (Wilson interval), from the",
                "                      probes of 'lastlight crawl --sample-ids N --id-range A-B'; and the highest id in",
                "                      use ('German tank', m + m/k - 1, interval [m, m*20^(1/k)]);",
                "  capture-recapture   Chapman's estimator with Chao's log-normal interval between two discovery",
                "                      routes: follow lists vs post lists in one dataset, or two datasets",
                "                      (--recapture-dataset), including two independent id-sampling passes.",
                "Each method prints its assumptions, estimate, interval and evidence (ids tried, valid, ...)."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  estimates printed", "  1  runtime failure (e.g. not a dataset, no evidence to estimate from)",
                "  2  bad usage (e.g. malformed --id-range)"})
public final class EstimateUsersCommand implements Callable<Integer> {
    public enum Format { table, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "DATASET", required = true, description = "Dataset built by 'lastlight build'.")
    Path dataset;

    @Option(names = "--recapture-dataset", paramLabel = "DATASET", description = "A second, independent capture for capture-recapture.")
    Path recapture;

    @Option(names = "--id-range", paramLabel = "A-B",
            description = "The range given to 'lastlight crawl --id-range' (default: inferred from the probed ids, and said so).")
    String idRange;

    @Option(names = "--id-kind", paramLabel = "KIND", defaultValue = "user", description = "Which probes to read: user or post (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws Exception {
        IdSpace.Range range = null;
        if (idRange != null) {
            range = IdSpace.Range.parse(idRange);
            if (range == null) throw new CommandLine.ParameterException(spec.commandLine(), "--id-range must be A-B with whole numbers A <= B, not '" + idRange + "'");
        }
        if (!kind.equals("user") && !kind.equals("post")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--id-kind must be user or post, not '" + kind + "'");
        }
        List<UserEstimate> estimates = UserEstimator.estimate(dataset, recapture, range, kind);
        if (estimates.isEmpty()) {
            throw new UserException(dataset + " holds no evidence to estimate from (no id probes, no follower or post lists);"
                    + " crawl with 'lastlight crawl --sample-ids N --id-range A-B' to sample the id space");
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        if (format == Format.json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (UserEstimate e : estimates) list.add(e.toMap());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("dataset", dataset.toString());
            if (recapture != null) doc.put("recapture_dataset", recapture.toString());
            doc.put("estimates", list);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } else {
            out.print(text(estimates));
        }
        out.flush();
        return 0;
    }

    public static String text(List<UserEstimate> estimates) {
        StringBuilder sb = new StringBuilder();
        for (UserEstimate e : estimates) {
            sb.append(e.method()).append('\n');
            sb.append("  estimates:   ").append(e.estimand()).append('\n');
            sb.append("  estimate:    ").append(num(e.estimate())).append("   95% interval [").append(num(e.low())).append(", ")
                    .append(e.high() == null ? "unbounded" : num(e.high())).append("]\n");
            sb.append("  interval:    ").append(e.interval()).append('\n');
            sb.append("  evidence:    ");
            List<String> kv = new ArrayList<>();
            e.evidence().forEach((k, v) -> kv.add(k + "=" + v));
            sb.append(String.join(", ", kv)).append('\n');
            sb.append("  assumptions:\n");
            for (String a : e.assumptions()) sb.append("    - ").append(a).append('\n');
            for (String n : e.notes()) sb.append("  note: ").append(n).append('\n');
            sb.append('\n');
        }
        return sb.toString();
    }

    static String num(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }
}
