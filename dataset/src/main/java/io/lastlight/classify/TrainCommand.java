package io.lastlight.classify;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.lastlight.core.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/**
 * {@code lastlight classify train}: trains the learned violent-content model from the labelled data in
 * a folder of labelled data ({@code --data DIR}) with a seed and writes {@code violence-lr.bin} and
 * {@code violence-lr.manifest.json} (data files and their SHA-256, seed, hyper-parameters, threshold, calibration
 * and scores on every evaluation set). Deterministic: the shipped model is reproduced byte for byte with
 * {@code lastlight classify train --out dataset/src/main/resources/io/lastlight/classify/model}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the learned violent-content model (logistic regression over hashed word and character n-grams plus the rules' outputs) " +
                "from the labelled data in --data DIR (docs/classifier.md lists the sets and their licences), and write the weights and a manifest (docs/classifier.md, 'The learned model').",
                "The same data, seed and options give the same bytes."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  model and manifest written", "  1  runtime failure (e.g. a data file is missing)", "  2  bad usage"})
public final class TrainCommand implements Callable<Integer> {
    public static final long DEFAULT_SEED = 20;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the labelled data (default: $LASTLIGHT_VIOLENCE_DATA or -Dlastlight.violence.data).")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "violence-model", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("violence-model");

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + DEFAULT_SEED, description = "Seed of the per-epoch shuffle (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULT_SEED;

    @Option(names = "--no-cross-dataset", description = "Skip the leave-one-dataset-out runs (faster; the manifest then has no cross_dataset section).")
    boolean noCross;

    @Option(names = "--max-per-source", paramLabel = "N", defaultValue = "0", description = "Keep only the first N examples of each source (0 = all; for quick checks).")
    int maxPerSource;

    @Option(names = "--dev-curve", description = "Print precision/recall per threshold on the dev split (how the threshold was chosen).")
    boolean devCurve;

    @Option(names = "--bits", paramLabel = "B", description = "Hash bits (default: 20, i.e. 2^20 buckets, 4 MiB of weights).")
    Integer bits;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: 6).")
    Integer epochs;

    @Override
    public Integer call() throws IOException {
        Path dir = data != null ? data : Evaluation.findDataDir().orElseThrow(() -> new UserException(
                "no labelled data given: name the folder holding the sets (docs/classifier.md, 'Training data and how each set is mapped to the construct') with --data DIR"));
        if (!Files.isDirectory(dir)) throw new UserException(dir + " is not a folder; give the folder holding the labelled data with --data DIR");
        if (maxPerSource < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--max-per-source must be >= 0");
        ModelTrainer.Params d = ModelTrainer.Params.defaults(seed);
        ModelTrainer.Params p = new ModelTrainer.Params(bits == null ? d.bits() : bits, epochs == null ? d.epochs() : epochs,
                d.learningRate(), d.l2(), d.positiveWeight(), d.targetShare(), seed);
        if (p.bits() < 10 || p.bits() > 24) throw new CommandLine.ParameterException(spec.commandLine(), "--bits must be in 10..24");
        if (p.epochs() < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--epochs must be >= 1");
        PrintWriter log = spec.commandLine().getErr();
        ModelTraining.Result r = new ModelTraining(p, RulesClassifier.standard(), log, devCurve).run(dir, !noCross, maxPerSource);
        write(r, out);
        PrintWriter o = spec.commandLine().getOut();
        o.println("wrote " + out.resolve("violence-lr.bin") + " (" + r.model().version() + ", threshold " + r.model().threshold() + ") and "
                + out.resolve("violence-lr.manifest.json"));
        o.flush();
        return 0;
    }

    /** Writes the model and manifest atomically (temporary files, then renames). */
    public static void write(ModelTraining.Result r, Path out) throws IOException {
        Files.createDirectories(out);
        writeAtomically(out.resolve("violence-lr.bin"), r.model().toBytes());
        String json = LabelJson.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r.manifest()) + "\n";
        writeAtomically(out.resolve("violence-lr.manifest.json"), json.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
