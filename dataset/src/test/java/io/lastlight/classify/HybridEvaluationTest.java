package io.lastlight.classify;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The targets for the shipped hybrid (rules OR model), on the held-out test splits only (HateCheck by template,
 * Davidson by tweet; the model never saw them in training, calibration or threshold choice). Skipped without
 * ../shared/data/violence.
 */
class HybridEvaluationTest {
    private static List<TrainingData.Example> data;
    private static final HybridClassifier H = HybridClassifier.standard();

    @BeforeAll
    static void load() throws Exception {
        Optional<Path> dir = Evaluation.findDataDir();
        if (dir.isPresent()) data = TrainingData.load(dir.get(), RulesClassifier.standard());
    }

    private static Metrics measure(Classifier c, Predicate<TrainingData.Example> in) {
        Metrics m = new Metrics(0, 0, 0, 0);
        for (TrainingData.Example e : data) {
            if (e.split() == TrainingData.Split.TEST && in.test(e)) m = m.add(c.classify(e.text()).label(), e.violent());
        }
        return m;
    }

    private static void needData() {
        assumeTrue(data != null, "no shared/data/violence beside the project; evaluation skipped");
    }

    @Test
    void hateCheckConstructAlignedHeldOutF1() {
        needData();
        Metrics m = measure(H, e -> e.source().equals(TrainingData.HATECHECK));
        System.out.printf("HateCheck test templates: P %.3f R %.3f F1 %.3f (%s)%n", m.precision(), m.recall(), m.f1(), m);
        assertTrue(m.f1() >= 0.85, "HateCheck construct-aligned F1 " + m.f1() + " " + m);
    }

    @Test
    void davidsonOffensiveTweetsRarelyFlagged() {
        needData();
        Metrics m = measure(H, e -> e.source().equals(TrainingData.DAVIDSON) && e.group().equals("class1"));
        System.out.printf("Davidson offensive test tweets flagged: %.2f%% of %d%n", 100 * m.flaggedShare(), m.n());
        assertTrue(m.n() > 3000);
        assertTrue(m.flaggedShare() <= 0.02, "flagged " + m.flaggedShare());
    }

    @Test
    void beatsRulesAndKeywordsOnRealHatefulPosts() {
        needData();
        Predicate<TrainingData.Example> real = e -> (e.source().equals(TrainingData.GHC) || e.source().equals(TrainingData.IMPLICIT))
                && e.trainable() && e.hate();
        Metrics hybrid = measure(H, real), rules = measure(RulesClassifier.standard(), real);
        Metrics kw = new Metrics(0, 0, 0, 0);
        for (TrainingData.Example e : data) if (e.split() == TrainingData.Split.TEST && real.test(e)) kw = kw.add(Metrics.keyword(e.text()), e.violent());
        System.out.printf("GHC + Implicit Hate hateful test posts: hybrid F1 %.3f (P %.3f R %.3f), rules %.3f, keywords %.3f%n",
                hybrid.f1(), hybrid.precision(), hybrid.recall(), rules.f1(), kw.f1());
        assertTrue(hybrid.recall() > rules.recall() + 0.2, "recall " + hybrid.recall() + " vs rules " + rules.recall());
        assertTrue(hybrid.f1() > rules.f1() && hybrid.f1() > kw.f1(), hybrid + " " + rules + " " + kw);
    }

    @Test
    void runtimeClassifierAgreesWithTheManifest() {
        needData();
        Metrics m = measure(H, e -> e.source().equals(TrainingData.HATECHECK));
        double f1 = ModelReport.shippedManifest().path("evaluation").path("hatecheck_construct").path("hybrid").path("f1").asDouble();
        assertEquals(f1, m.f1(), 0.01, "the jar's classifier and the training-time evaluation disagree");
    }
}
