package io.lastlight.label;

import io.lastlight.core.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lastlight label sample}: a stratified sample of posts for human annotation, as CSV. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a stratified random sample of classified posts for human annotation (CSV).",
                "Strata: flagged posts, unflagged posts scoring >= 0.1, unflagged with 0 < score < 0.1, unflagged with score 0;"
                        + " flagged and high-scoring posts are over-sampled. Each row carries its stratum, inclusion probability"
                        + " (n_h/N_h) and weight (N_h/n_h); fill in human_label (violent / not_violent) and run 'lastlight label import'.",
                "The last column, instance, is the post's server (empty for Parler): Mastodon-API servers number their own"
                        + " statuses, so post_id and instance together name the post; keep both.",
                "The same dataset and --seed give the same sample."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  sample written", "  1  runtime failure (not a dataset, no classified posts, cannot write FILE)",
                "  2  bad usage (e.g. --n below 1)"})
public final class LabelSampleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "DATASET", description = "Dataset directory built by 'lastlight build'.")
    Path dataset;

    @Option(names = "--n", paramLabel = "N", defaultValue = "500", description = "Sample size (default: ${DEFAULT-VALUE}).")
    int n = 500;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}); the same seed gives the same sample.")
    long seed = 1;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write here (default: standard output).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (n < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--n must be at least 1, not " + n);
        Sample s = sample(dataset, n, seed);
        if (out == null) {
            Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            SampleCsv.write(s.draws(), s.texts(), s.classifierVersion(), w);
            w.flush();
        } else {
            write(s, out);
        }
        PrintStream err = System.err;
        err.println(summary(s, n, seed) + (out == null ? "" : " → " + out));
        return 0;
    }

    /** A drawn sample with what is needed to write it. */
    public record Sample(List<StratifiedSampler.Draw> draws, Map<PostKey, String> texts, String classifierVersion,
                         Map<Stratum, Long> population) {}

    /** Draws the sample from a dataset (used by the command and tests). */
    public static Sample sample(Path dataset, int n, long seed) throws SQLException {
        if (n < 1) throw new IllegalArgumentException("n must be at least 1");
        try (Posts posts = Posts.open(dataset)) {
            String version = posts.classifierVersion();
            StratifiedSampler sampler = new StratifiedSampler(n, seed);
            posts.forEach(p -> sampler.add(new StratifiedSampler.Candidate(p.key(), p.flagged(), p.score())));
            List<StratifiedSampler.Draw> draws = sampler.draw();
            List<PostKey> keys = new ArrayList<>();
            for (StratifiedSampler.Draw d : draws) keys.add(d.post());
            return new Sample(draws, posts.texts(keys), version, sampler.stratumSizes());
        }
    }

    /** Writes the CSV through a temporary file in the same folder, then renames it into place. */
    public static void write(Sample s, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserException("cannot create the folder for --out " + file + ": " + e.getMessage(), e);
        }
        Path tmp = dir.resolve(".tmp-" + abs.getFileName());
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            SampleCsv.write(s.draws(), s.texts(), s.classifierVersion(), w);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new UserException("cannot write " + file + ": " + e.getMessage(), e);
        }
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static String summary(Sample s, int n, long seed) {
        StringBuilder b = new StringBuilder();
        b.append(s.draws().size()).append(" posts sampled (n=").append(n).append(", seed=").append(seed)
                .append(", classifier ").append(s.classifierVersion()).append("):");
        Map<Stratum, Integer> alloc = StratifiedSampler.allocate(n, s.population());
        for (Stratum st : Stratum.values()) {
            b.append(' ').append(st.id()).append(' ').append(alloc.get(st)).append('/').append(s.population().get(st));
        }
        return b.toString();
    }
}
