package io.lastlight.label;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StratifiedSamplerTest {
    /** 10,000 posts: 200 flagged, 300 unflagged with score 0.17, 500 with 0.05, 9,000 with 0. */
    static List<StratifiedSampler.Candidate> population() {
        List<StratifiedSampler.Candidate> out = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String id = String.format("post-%05d", i);
            if (i < 200) out.add(new StratifiedSampler.Candidate(id, true, 0.85));
            else if (i < 500) out.add(new StratifiedSampler.Candidate(id, false, 0.17));
            else if (i < 1000) out.add(new StratifiedSampler.Candidate(id, false, 0.05));
            else out.add(new StratifiedSampler.Candidate(id, false, 0.0));
        }
        return out;
    }

    static List<StratifiedSampler.Draw> draw(List<StratifiedSampler.Candidate> pop, int n, long seed) {
        StratifiedSampler s = new StratifiedSampler(n, seed);
        pop.forEach(s::add);
        return s.draw();
    }

    @Test
    void strataGetTheirSharesAndHighScoresAreOverSampled() {
        List<StratifiedSampler.Draw> d = draw(population(), 500, 42);
        assertEquals(500, d.size());
        Map<Stratum, Integer> count = new EnumMap<>(Stratum.class);
        for (StratifiedSampler.Draw x : d) count.merge(x.stratum(), 1, Integer::sum);
        // D'Hondt on 0.4 / 0.2 / 0.1 / 0.3 after one post each
        assertEquals(200, count.get(Stratum.FLAGGED));
        assertEquals(100, count.get(Stratum.UNFLAGGED_HIGH));
        assertEquals(50, count.get(Stratum.UNFLAGGED_LOW));
        assertEquals(150, count.get(Stratum.UNFLAGGED_ZERO));
        for (StratifiedSampler.Draw x : d) {
            long size = switch (x.stratum()) {
                case FLAGGED -> 200;
                case UNFLAGGED_HIGH -> 300;
                case UNFLAGGED_LOW -> 500;
                case UNFLAGGED_ZERO -> 9000;
            };
            assertEquals(size, x.stratumSize());
            assertEquals((double) count.get(x.stratum()) / size, x.inclusionProbability(), 1e-12);
            assertEquals(1.0 / x.inclusionProbability(), x.weight(), 1e-9);
        }
        // flagged posts are sampled at a far higher rate than unflagged ones
        assertEquals(1.0, d.stream().filter(x -> x.stratum() == Stratum.FLAGGED).findFirst().orElseThrow().inclusionProbability());
        // weights add up to the population in every stratum
        double total = d.stream().mapToDouble(StratifiedSampler.Draw::weight).sum();
        assertEquals(10_000, total, 1e-6);
        // no post twice
        assertEquals(500, new HashSet<>(d.stream().map(StratifiedSampler.Draw::postId).toList()).size());
    }

    @Test
    void aCappedStratumPassesItsShareToTheOthers() {
        Map<Stratum, Long> sizes = new EnumMap<>(Stratum.class);
        sizes.put(Stratum.FLAGGED, 10L);
        sizes.put(Stratum.UNFLAGGED_HIGH, 0L);
        sizes.put(Stratum.UNFLAGGED_LOW, 5L);
        sizes.put(Stratum.UNFLAGGED_ZERO, 10_000L);
        Map<Stratum, Integer> a = StratifiedSampler.allocate(500, sizes);
        assertEquals(10, a.get(Stratum.FLAGGED));
        assertEquals(0, a.get(Stratum.UNFLAGGED_HIGH));
        assertEquals(5, a.get(Stratum.UNFLAGGED_LOW));
        assertEquals(485, a.get(Stratum.UNFLAGGED_ZERO));
        // tiny n still reaches every non-empty stratum first
        Map<Stratum, Integer> small = StratifiedSampler.allocate(3, sizes);
        assertEquals(1, small.get(Stratum.FLAGGED));
        assertEquals(1, small.get(Stratum.UNFLAGGED_LOW));
        assertEquals(1, small.get(Stratum.UNFLAGGED_ZERO));
    }

    @Test
    void sameSeedSameSampleWhateverTheInputOrder() {
        List<StratifiedSampler.Candidate> pop = population();
        List<StratifiedSampler.Draw> a = draw(pop, 300, 7);
        List<StratifiedSampler.Candidate> shuffled = new ArrayList<>(pop);
        Collections.shuffle(shuffled, new Random(99));
        List<StratifiedSampler.Draw> b = draw(shuffled, 300, 7);
        assertEquals(a, b);
        List<StratifiedSampler.Draw> c = draw(pop, 300, 8);
        assertNotEquals(a.stream().map(StratifiedSampler.Draw::postId).toList(), c.stream().map(StratifiedSampler.Draw::postId).toList());
        // deterministic order: by key, strata interleaved
        for (int i = 1; i < a.size(); i++) assertTrue(a.get(i - 1).key() <= a.get(i).key());
        assertTrue(a.subList(0, 20).stream().map(StratifiedSampler.Draw::stratum).distinct().count() > 1);
    }

    @Test
    void withinAStratumEveryPostIsEquallyLikely() {
        // 5,000 draws of 150 out of 9,000 zero-score posts: each post's hit rate is close to 150/9000
        List<StratifiedSampler.Candidate> pop = population().subList(1000, 10_000);
        int[] hits = new int[10_000];
        int runs = 400;
        for (long seed = 0; seed < runs; seed++) {
            for (StratifiedSampler.Draw d : draw(pop, 150, seed)) hits[Integer.parseInt(d.postId().substring(5))]++;
        }
        double expected = runs * 150.0 / 9000; // 6.67
        double sum = 0, sq = 0;
        for (int i = 1000; i < 10_000; i++) {
            sum += hits[i];
            sq += (hits[i] - expected) * (hits[i] - expected);
        }
        assertEquals(runs * 150, sum);
        // variance of a binomial(400, 1/60) is about 6.6; a biased key would inflate it
        double variance = sq / 9000;
        assertTrue(variance > 5 && variance < 8.5, "variance " + variance);
    }

    @Test
    void nLargerThanThePopulationIsACensus() {
        List<StratifiedSampler.Candidate> pop = population().subList(0, 700);
        List<StratifiedSampler.Draw> d = draw(pop, 5000, 1);
        assertEquals(700, d.size());
        Set<String> ids = new HashSet<>();
        for (StratifiedSampler.Draw x : d) {
            assertEquals(1.0, x.inclusionProbability());
            assertEquals(1.0, x.weight());
            ids.add(x.postId());
        }
        assertEquals(700, ids.size());
    }

    @Test
    void emptyPopulationAndBadSizes() {
        assertTrue(new StratifiedSampler(10, 1).draw().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new StratifiedSampler(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new StratifiedSampler(-5, 1));
    }

    @Test
    void strataFollowLabelAndScore() {
        assertEquals(Stratum.FLAGGED, Stratum.of(true, 0.0));
        assertEquals(Stratum.UNFLAGGED_HIGH, Stratum.of(false, 0.1));
        assertEquals(Stratum.UNFLAGGED_LOW, Stratum.of(false, 0.0999));
        assertEquals(Stratum.UNFLAGGED_ZERO, Stratum.of(false, 0.0));
        assertEquals(Stratum.FLAGGED, Stratum.byId(" Flagged "));
        assertEquals(null, Stratum.byId("high"));
    }
}
