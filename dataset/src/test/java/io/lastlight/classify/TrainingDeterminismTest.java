package io.lastlight.classify;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Training is deterministic: the same data and seed give the same model bytes and manifest; another seed does not.
 * Trains on a small subset of ../shared/data/violence (skipped when absent). The full reproduction of the shipped
 * weights is bench/classify-train-check.sh.
 */
class TrainingDeterminismTest {
    private static ModelTraining.Result train(Path dir, long seed) throws Exception {
        ModelTrainer.Params p = new ModelTrainer.Params(16, 3, 0.2, 1e-4, 6.0, 0.25, seed);
        return new ModelTraining(p, RulesClassifier.standard(), new PrintWriter(new StringWriter()), false).run(dir, false, 2500);
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
        Optional<Path> dir = Evaluation.findDataDir();
        assumeTrue(dir.isPresent(), "no shared/data/violence beside the project; training not tested");
        ModelTraining.Result a = train(dir.get(), 7), b = train(dir.get(), 7), c = train(dir.get(), 8);
        assertArrayEquals(a.model().toBytes(), b.model().toBytes());
        assertEquals(a.model().version(), b.model().version());
        assertEquals(a.manifest().toString(), b.manifest().toString());
        assertNotEquals(a.model().version(), c.model().version());

        JsonNode m = a.manifest();
        assertEquals(7, m.path("seed").asLong());
        assertEquals(2500, m.path("hyperparameters").path("max_per_source").asInt());
        assertEquals(TrainingData.FILES.size(), m.path("data").size());
        assertTrue(m.path("evaluation").has("hatecheck_construct"));
        assertFalse(m.has("cross_dataset"));
        double t = m.path("threshold").asDouble();
        assertTrue(t >= 0.05 && t <= 0.95, "threshold " + t);
    }
}
