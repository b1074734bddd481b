package io.lastlight.classify;

import com.fasterxml.jackson.databind.JsonNode;
import io.lastlight.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code lastlight classify train}: writes a loadable model and its manifest; bad input gives a clear error. */
class TrainCommandTest {
    @TempDir
    Path dir;

    @CommandLine.Command(name = "lastlight")
    static final class Root implements Runnable {
        @Override
        public void run() {}
    }

    private int run(StringWriter err, String... args) {
        CommandLine root = Cli.newCommandLine(new Root());
        root.addSubcommand("classify", new ClassifyCommand());
        root.setErr(new PrintWriter(err, true));
        root.setOut(new PrintWriter(new StringWriter(), true));
        String[] all = new String[args.length + 2];
        all[0] = "classify";
        all[1] = "train";
        System.arraycopy(args, 0, all, 2, args.length);
        return root.execute(all);
    }

    @Test
    void trainsAModelTheHybridCanLoad() throws Exception {
        Optional<Path> data = Evaluation.findDataDir();
        assumeTrue(data.isPresent(), "no shared/data/violence beside the project");
        StringWriter err = new StringWriter();
        Path out = dir.resolve("model");
        int code = run(err, "--data", data.get().toString(), "--out", out.toString(), "--max-per-source", "800", "--bits", "12",
                "--epochs", "2", "--no-cross-dataset", "--seed", "3");
        assertEquals(0, code, err.toString());
        Path bin = out.resolve("violence-lr.bin");
        JsonNode m = LabelJson.MAPPER.readTree(out.resolve("violence-lr.manifest.json").toFile());
        assertEquals(3, m.path("seed").asLong());
        assertEquals(12, m.path("hyperparameters").path("hash_bits").asInt());
        assertEquals(LinearModel.sha256(Files.readAllBytes(bin)), m.path("weights_sha256").asText());
        Classifier c = Classifiers.fromSpec("hybrid:model=" + bin);
        assertEquals(m.path("classifier_version").asText(), c.version());
        assertTrue(c.classify("they should all be hanged").label());
    }

    @Test
    void missingDataIsAClearError() {
        StringWriter err = new StringWriter();
        Path empty = dir.resolve("empty");
        empty.toFile().mkdirs();
        int code = run(err, "--data", empty.toString(), "--out", dir.resolve("o").toString());
        assertEquals(1, code);
        assertTrue(err.toString().contains("missing training file"), err.toString());
        assertTrue(Files.notExists(dir.resolve("o").resolve("violence-lr.bin")), "nothing written");
    }

    @Test
    void badOptionsAreUsageErrors() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "--bits", "40", "--data", dir.toString()));
    }
}
