package io.lastlight.label;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrevalenceEstimatorTest {
    /** A synthetic population: truth and classifier output per post. */
    record Post(String id, boolean truth, boolean flagged, double score) {}

    /**
     * 200,000 posts, 4% violent; the classifier finds 70% of them (TPR 0.7) and flags 0.5% of the rest (FPR 0.005).
     * Missed violent posts mostly carry weak (vetoed) evidence, like a rules classifier's.
     */
    static List<Post> population(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Post> out = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            boolean truth = r.nextDouble() < 0.04;
            boolean flagged = truth ? r.nextDouble() < 0.7 : r.nextDouble() < 0.005;
            double score;
            if (flagged) score = 0.85;
            else if (truth) score = r.nextDouble() < 0.6 ? 0.17 : (r.nextDouble() < 0.5 ? 0.05 : 0.0);
            else score = r.nextDouble() < 0.01 ? 0.17 : (r.nextDouble() < 0.02 ? 0.05 : 0.0);
            out.add(new Post("p" + i, truth, flagged, score));
        }
        return out;
    }

    static Map<Stratum, Long> sizes(List<Post> pop) {
        Map<Stratum, Long> m = new EnumMap<>(Stratum.class);
        for (Post p : pop) m.merge(Stratum.of(p.flagged(), p.score()), 1L, Long::sum);
        return m;
    }

    @Test
    void aCensusRecoversTheTruthExactly() {
        List<Post> pop = population(1);
        List<PrevalenceEstimator.Annotation> all = new ArrayList<>();
        long truth = 0, tp = 0, fp = 0;
        for (Post p : pop) {
            all.add(new PrevalenceEstimator.Annotation(Stratum.of(p.flagged(), p.score()), p.truth(), p.flagged()));
            if (p.truth()) truth++;
            if (p.truth() && p.flagged()) tp++;
            if (!p.truth() && p.flagged()) fp++;
        }
        PrevalenceEstimator.Estimate e = new PrevalenceEstimator(sizes(pop)).estimate(all);
        assertEquals((double) truth / pop.size(), e.adjustedShare(), 1e-12);
        assertEquals(tp, e.tp(), 1e-6);
        assertEquals(fp, e.fp(), 1e-6);
        assertEquals(pop.size(), e.population(), 1e-6);
        assertEquals((double) tp / truth, e.recall(), 1e-12);
        assertEquals((double) tp / (tp + fp), e.precision(), 1e-12);
    }

    @Test
    void aStratifiedSampleOf500RecoversTheTrueShareWithinItsBootstrapInterval() {
        List<Post> pop = population(2);
        double trueShare = pop.stream().filter(Post::truth).count() / (double) pop.size();
        double flaggedShare = pop.stream().filter(Post::flagged).count() / (double) pop.size();
        // the raw share is far off: the classifier misses 30% and the false positives do not make up for it
        assertTrue(flaggedShare < trueShare * 0.85, flaggedShare + " vs " + trueShare);
        Map<String, Post> byId = new java.util.HashMap<>();
        for (Post p : pop) byId.put(p.id(), p);
        int covered = 0, runs = 20;
        double sumEstimates = 0;
        for (long seed = 1; seed <= runs; seed++) {
            StratifiedSampler s = new StratifiedSampler(500, seed);
            for (Post p : pop) s.add(new StratifiedSampler.Candidate(p.id(), p.flagged(), p.score()));
            List<PrevalenceEstimator.Annotation> ann = new ArrayList<>();
            for (StratifiedSampler.Draw d : s.draw()) {
                Post p = byId.get(d.postId());
                ann.add(new PrevalenceEstimator.Annotation(d.stratum(), p.truth(), p.flagged()));
            }
            PrevalenceEstimator.Result r = new PrevalenceEstimator(sizes(pop)).run(ann, 1000, seed);
            double est = r.estimate().adjustedShare();
            sumEstimates += est;
            assertTrue(r.adjusted().low() <= est && est <= r.adjusted().high());
            if (r.adjusted().low() <= trueShare && trueShare <= r.adjusted().high()) covered++;
            assertTrue(r.complete());
            assertEquals(1000, r.adjusted().replicates() + r.adjusted().undefined());
        }
        // a 95% interval: nearly every sample's interval covers the truth, and the estimates centre on it
        assertTrue(covered >= 17, "covered " + covered + " of " + runs);
        assertEquals(trueShare, sumEstimates / runs, trueShare * 0.1);
    }

    @Test
    void theSeedMakesTheBootstrapReproducible() {
        List<PrevalenceEstimator.Annotation> ann = new ArrayList<>();
        for (int i = 0; i < 50; i++) ann.add(new PrevalenceEstimator.Annotation(Stratum.FLAGGED, i % 5 != 0, true));
        for (int i = 0; i < 50; i++) ann.add(new PrevalenceEstimator.Annotation(Stratum.UNFLAGGED_ZERO, i == 0, false));
        Map<Stratum, Long> sizes = Map.of(Stratum.FLAGGED, 100L, Stratum.UNFLAGGED_ZERO, 10_000L);
        PrevalenceEstimator e = new PrevalenceEstimator(sizes);
        assertEquals(e.run(ann, 500, 3).adjusted(), e.run(ann, 500, 3).adjusted());
        // point: TP 80, FP 20, FN 200, TN 9800 → share 280/10100
        PrevalenceEstimator.Estimate p = e.estimate(ann);
        assertEquals(80, p.tp(), 1e-9);
        assertEquals(200, p.fn(), 1e-9);
        assertEquals(280.0 / 10_100, p.adjustedShare(), 1e-12);
        assertEquals(0.8, p.precision(), 1e-12);
        assertEquals(80.0 / 280, p.recall(), 1e-12);
    }

    @Test
    void edgeCases() {
        // no violent post among the annotations: the estimate is 0, not undefined
        assertEquals(0.0, PrevalenceEstimator.adjusted(0.01, Double.NaN, 0.01, 0));
        // a classifier no better than chance gives no estimate
        assertTrue(Double.isNaN(PrevalenceEstimator.adjusted(0.01, 0.3, 0.3, 5)));
        // clipped to [0, 1]
        assertEquals(0.0, PrevalenceEstimator.adjusted(0.001, 0.9, 0.01, 5));
        assertEquals(1.0, PrevalenceEstimator.adjusted(0.99, 0.5, 0.01, 5));
        // (f - FPR) / (TPR - FPR)
        assertEquals((0.05 - 0.01) / (0.8 - 0.01), PrevalenceEstimator.adjusted(0.05, 0.8, 0.01, 5), 1e-12);
    }

    @Test
    void betaDrawsHaveTheRightMoments() {
        SplittableRandom r = new SplittableRandom(5);
        double sum = 0, sq = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double x = PrevalenceEstimator.beta(r, 0.5, 150.5);
            assertTrue(x >= 0 && x <= 1);
            sum += x;
            sq += x * x;
        }
        double mean = sum / n, var = sq / n - mean * mean;
        assertEquals(0.5 / 151, mean, 0.0001);
        assertEquals(0.5 * 150.5 / (151.0 * 151 * 152), var, 0.000003);
    }

    @Test
    void aStratumWithNoViolentAnnotationStillWidensTheInterval() {
        // 100 flagged, all annotated violent; 10,000 unflagged, 150 annotated, none violent: resampling alone would give
        // a zero-width interval at 100/10,100, although a few hundred violent posts may hide among the unflagged
        List<PrevalenceEstimator.Annotation> ann = new ArrayList<>();
        for (int i = 0; i < 100; i++) ann.add(new PrevalenceEstimator.Annotation(Stratum.FLAGGED, true, true));
        for (int i = 0; i < 150; i++) ann.add(new PrevalenceEstimator.Annotation(Stratum.UNFLAGGED_ZERO, false, false));
        PrevalenceEstimator.Result r = new PrevalenceEstimator(Map.of(Stratum.FLAGGED, 100L, Stratum.UNFLAGGED_ZERO, 10_000L)).run(ann, 2000, 1);
        assertEquals(100.0 / 10_100, r.estimate().adjustedShare(), 1e-12);
        assertTrue(r.adjusted().high() > 0.02, r.adjusted().toString());
        // the all-violent flagged stratum is drawn from its posterior too, so the low end dips slightly below 100/10,100
        assertTrue(r.adjusted().low() > 0.009 && r.adjusted().low() <= 100.0 / 10_100, r.adjusted().toString());
    }

    @Test
    void wilsonMatchesPublishedValues() {
        Wilson w = Wilson.of(5, 10);
        assertEquals(0.2366, w.low(), 1e-4);
        assertEquals(0.7634, w.high(), 1e-4);
        Wilson z = Wilson.of(0, 10);
        assertEquals(0.0, z.low(), 1e-12);
        assertEquals(0.2775, z.high(), 1e-4);
        Wilson big = Wilson.of(150, 10_000);
        assertTrue(big.contains(0.015));
        assertEquals(0.0128, big.low(), 1e-4);
        assertEquals(0.0176, big.high(), 1e-4);
        assertTrue(Double.isNaN(Wilson.of(0, 0).share()));
    }
}
