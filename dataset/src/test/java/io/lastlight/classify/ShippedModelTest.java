package io.lastlight.classify;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The model shipped in the jar: loads from the classpath, matches its manifest and the rules, labels real-looking posts. */
class ShippedModelTest {
    private final HybridClassifier h = HybridClassifier.standard();
    private final JsonNode manifest = ModelReport.shippedManifest();

    @Test
    void loadsFromTheClasspathAndNamesWeightsAndRules() throws Exception {
        assertSame(h, Classifiers.standard());
        assertSame(h, Classifiers.fromSpec("hybrid"));
        assertTrue(h.version().matches("rules-[0-9.]+\\+[0-9a-f]{12}\\|lr-1\\+[0-9a-f]{12}"), h.version());
        assertTrue(h.version().startsWith(RulesClassifier.standard().version() + "|"), "the model was trained with these rules");
        assertEquals(manifest.path("classifier_version").asText(), h.version());
        assertEquals(manifest.path("weights_sha256").asText(), h.model().sha256());
        assertEquals(manifest.path("threshold").asDouble(), h.model().threshold());
        try (InputStream in = HybridClassifier.class.getResourceAsStream(HybridClassifier.MODEL_RESOURCE)) {
            assertNotNull(in);
            byte[] bytes = in.readAllBytes();
            assertTrue(bytes.length <= 10 * 1024 * 1024, "weights must stay <= 10 MB: " + bytes.length);
            assertEquals(manifest.path("weights_sha256").asText(), LinearModel.sha256(bytes));
        }
    }

    @Test
    void manifestDataDigestsMatchTheSharedData() throws Exception {
        Optional<Path> dir = Evaluation.findDataDir();
        assumeTrue(dir.isPresent(), "no shared/data/violence beside the project; digests not checked");
        int n = 0;
        for (JsonNode d : manifest.path("data")) {
            Path f = dir.get().resolve(d.path("file").asText());
            assertTrue(Files.isRegularFile(f), "missing " + f);
            assertEquals(d.path("sha256").asText(), LinearModel.sha256(Files.readAllBytes(f)), f + " differs from the data the model was trained on");
            n++;
        }
        assertEquals(TrainingData.FILES.size(), n);
        assertEquals(manifest.path("hand_labels").path("sha256").asText(), LinearModel.sha256(TrainingData.relabelBytes()),
                "the hand labels changed since the model was trained: retrain it");
    }

    @Test
    void labelsPostsShapedLikeTheIssuesMisses() {
        for (String t : new String[] {"muslims kill them all", "jews must hanged", "hope you fucking die", "wish you death",
                "start killing gays", "all I want is a lynched nigger", "rape must be legal against women"}) {
            Label l = h.classify(t);
            assertTrue(l.label(), t + " " + l);
            assertTrue(l.rules().contains("model") || !l.spans().isEmpty(), t);
            assertTrue(l.spans().stream().allMatch(s -> t.substring(s.start(), s.end()).equals(s.text())), "spans point into the text");
            assertEquals(h.version(), l.classifierVersion());
        }
    }

    @Test
    void leavesHateWithoutViolenceAndEverydayTextAlone() {
        for (String t : new String[] {"I hate immigrants", "women are trash", "go back to your country", "these people should be deported",
                "I would never hurt anyone", "This video is killing me haha", "the police said the man threatened to kill his neighbour",
                "We are killing it today", "Shoot me an email when you can", ""}) {
            Label l = h.classify(t);
            assertFalse(l.label(), t + " " + l);
        }
    }

    @Test
    void scoreIsTheCalibratedProbability() {
        String t = "they should all be shot";
        Label l = h.classify(t);
        assertEquals(h.probability(t), l.score(), 1e-12);
        assertTrue(l.label());
        // no violence vocabulary: the measured base probability, far below the threshold
        assertEquals(h.model().ungatedProbability(), h.classify("I love my cat").score(), 1e-12);
    }
}
