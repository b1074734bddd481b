package io.lastlight.classify;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Featurisation of the learned model: normalisation, n-gram hashing, cue features, the violence-vocabulary gate. */
class TextFeaturesTest {
    private final TextFeatures f = new TextFeatures(18);
    private final RulesClassifier rules = RulesClassifier.standard();

    private int[] indices(String text) {
        TextFeatures.Buf b = new TextFeatures.Buf();
        f.extract(text, rules.classify(text), b);
        return Arrays.copyOf(b.idx, b.n);
    }

    private float cue(String text, String name) {
        TextFeatures.Buf b = new TextFeatures.Buf();
        f.extract(text, rules.classify(text), b);
        int i = TextFeatures.CUES.indexOf(name);
        assertEquals(i, b.idx[i], "dense cues come first, in order");
        return b.val[i];
    }

    @Test
    void normalisationFoldsCaseLeetspeakApostrophesAndRepeats() {
        // same tokens after normalisation -> the same hashed word and character n-grams
        assertArrayEquals(indices("kill them all"), indices("K1LL THEM ALL"));
        assertArrayEquals(indices("dont do it"), indices("don't do it"));
        assertArrayEquals(indices("diie"), indices("diiiiie"));
        assertNotEquals(Arrays.toString(indices("kill them all")), Arrays.toString(indices("hug them all")));
    }

    @Test
    void featuresAreDeterministicAcrossInstancesAndInRange() {
        TextFeatures g = new TextFeatures(18);
        String t = "Those traitors must hang!!! @someone https://x.y/z 2024";
        TextFeatures.Buf a = new TextFeatures.Buf(), b = new TextFeatures.Buf();
        f.extract(t, rules.classify(t), a);
        g.extract(t, rules.classify(t), b);
        assertArrayEquals(Arrays.copyOf(a.idx, a.n), Arrays.copyOf(b.idx, b.n));
        assertArrayEquals(Arrays.copyOf(a.val, a.n), Arrays.copyOf(b.val, b.n));
        for (int i = 0; i < a.n; i++) assertTrue(a.idx[i] >= 0 && a.idx[i] < f.dims(), "index " + a.idx[i]);
    }

    @Test
    void wordNgramValuesAreNormalisedByTheirCount() {
        TextFeatures.Buf b = new TextFeatures.Buf();
        String t = "hang them all now"; // 4 unigrams + 3 bigrams + 2 trigrams = 9 word n-grams
        f.extract(t, rules.classify(t), b);
        int start = TextFeatures.wordFeatureStart(b);
        assertEquals(TextFeatures.NCUE, start);
        for (int i = start; i < start + 9; i++) assertEquals(1 / Math.sqrt(9), b.val[i], 1e-6);
        int[] count = {0};
        TextFeatures.forEachWordGram(b, (pos, s, e) -> count[0]++);
        assertEquals(9, count[0]);
    }

    @Test
    void cueFeaturesSeeModalsTargetsNegationDeathAndCalls() {
        assertEquals(1f, cue("jews must hanged", "modal>verb"));
        assertEquals(1f, cue("kill them all", "verb>all"));
        assertEquals(1f, cue("kill them all", "initial.verb"));
        assertEquals(1f, cue("wish you death", "wish&death"));
        assertEquals(1f, cue("they need to die", "modal>death"));
        assertEquals(1f, cue("start killing them", "call>verb"));
        assertEquals(1f, cue("I would never hurt anyone", "negator>verb"));
        assertEquals(0f, cue("I would never hurt anyone", "initial.verb"));
        assertEquals(1f, cue("they should be hanged", "rules.label"));
        assertEquals(0f, cue("I love my cat", "verb.weak"));
    }

    @Test
    void guardMarksNegatedVerbsAndVerbsAimedAtIt() {
        TextFeatures.Buf b = new TextFeatures.Buf();
        f.extract("I would never hurt anyone", rules.classify("I would never hurt anyone"), b);
        assertTrue(b.guard);
        f.extract("we are killing it today", rules.classify("we are killing it today"), b);
        assertTrue(b.guard);
        f.extract("kill them all", rules.classify("kill them all"), b);
        assertFalse(b.guard);
    }

    @Test
    void gateFindsViolenceVocabularyIncludingTyposAndSpacedLetters() {
        TextFeatures.Buf b = new TextFeatures.Buf();
        for (String t : new String[] {"I want to klil all of them", "they deserve to d i e", "hope you fucking die", "murdr that guy",
                "put nooses around them", "Those kinds of people ought to be execuetd", "wish you death"}) {
            assertTrue(f.violenceCue(t, b), t);
        }
        for (String t : new String[] {"I love my cat", "women are trash", "go back to your country", ""}) {
            assertFalse(f.violenceCue(t, b), t);
        }
    }

    @Test
    void oneEditDistance() {
        char[] kill = "kill".toCharArray();
        for (String t : new String[] {"kill", "klil", "kil", "kiill", "kull"}) assertTrue(ViolenceGate.osa1(t.toCharArray(), 0, t.length(), kill), t);
        for (String t : new String[] {"kiss", "lkil", "k", "skills"}) assertFalse(ViolenceGate.osa1(t.toCharArray(), 0, t.length(), kill), t);
    }

    @Test
    void rejectsBadHashBits() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new TextFeatures(30));
    }
}
