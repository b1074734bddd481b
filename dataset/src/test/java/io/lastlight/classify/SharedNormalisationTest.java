package io.lastlight.classify;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The build's path normalises a post once and hands the result to the language test, the rules and the model's
 * tokeniser, and searches each pattern only where a match can start ({@link MatchStarts}). These tests hold that path
 * to the per-component one (each component normalising the text itself, {@link Matcher#find()} at every position) on
 * inputs that exercise the normaliser and the pattern starts: look-alike letters, zero-width and odd spaces,
 * full-width letters, leetspeak, repeated letters, negation, quotes, hashtags, non-English text, non-ASCII chars and
 * combining marks next to words.
 */
class SharedNormalisationTest {
    private static final HybridClassifier HYBRID = HybridClassifier.standard();
    private static final RulesClassifier RULES = HYBRID.rules();
    private static final List<Pattern> PATTERNS = RULES.patterns();
    private static final List<MatchStarts> STARTS = PATTERNS.stream().map(MatchStarts::of).toList();

    static Stream<String> tricky() {
        return Stream.of(
                "I'm going to kill you, traitor.",
                "We should hang them all.",
                "Hang Mike Pence!",
                "hang them. Shoot them! Kill them all",
                "k\u0456ll th\u0435m \u0430ll", // Cyrillic і, е, а
                "\u039Aill them", // Greek capital kappa
                "\u041C\u044B \u0443\u0431\u044C\u0451\u043C \u0438\u0445 \u0432\u0441\u0435\u0445.", // Russian: not folded
                "ki\u200Bll them all", // zero-width space inside the word
                "Execute\u2060 the traitors", // word joiner next to a space
                "I'll \u00ADkill you",
                "we should\u00A0hang\u3000them",
                "\uFF2B\uFF29\uFF2C\uFF2C \uFF34\uFF28\uFF25\uFF2D", // full-width KILL THEM
                "k1ll th3m 4ll, $hoot the traitors",
                "killlllll them, diiiiie",
                "k i l l them all",
                "I would never hurt anyone",
                "Nobody should hurt anyone over an election.",
                "We are killing it today",
                "Shoot me an email when you can",
                "Saying 'they should be hanged' is unacceptable",
                "He said \u201Cwe will shoot them\u201D and was arrested",
                "Reports say a man was shot outside a bar last night.",
                "#hangmikepence #hangout",
                "@senator we know where you live",
                "Die Wahl wurde gestohlen.",
                "Je vais te tuer, tra\u00EEtre.",
                "Vamos a matar a todos los traidores.",
                "Heute ist ein guter Tag. Let's go to the Capitol and hang them all, they deserve it.",
                "\u00E9hang them all", // a Latin-1 letter before the word
                "\uD83D\uDE00kill them all", // an emoji (surrogate pair) before the word
                "kill\u0301 them all", // a combining mark after the word
                "_kill them all",
                "x\u0301hang them", // a combining mark before the word
                "they should be hanged\nhang them",
                "",
                " ",
                "\u200B");
    }

    @ParameterizedTest
    @MethodSource("tricky")
    void theSharedPathGivesTheLabelsOfThePerComponentPath(String text) {
        TextNormaliser.Normalised norm = new TextNormaliser.Normalised().of(text);
        assertEquals(TextNormaliser.normalise(text), new String(norm.chars, 0, norm.length));
        assertEquals(LanguageScope.guess(text), LanguageScope.guess(norm.chars, norm.length));
        for (String lang : Arrays.asList(null, "", "en", "de", "und")) {
            String reason = LanguageScope.reason(text, lang);
            Label expected = reason != null ? Label.unlabelled(reason, HYBRID.version()) : HYBRID.classify(text);
            assertEquals(expected, HYBRID.classify(text, lang), "hybrid, lang " + lang);
            Label expectedRules = reason != null ? Label.unlabelled(reason, RULES.version()) : RULES.classify(text);
            assertEquals(expectedRules, RULES.classify(text, lang), "rules, lang " + lang);
        }
        Label r = RULES.classify(text);
        assertEquals(r, RULES.classify(text, norm), "rules on the shared normalisation");
        assertEquals(TextNormaliser.normalise(text), new String(norm.chars, 0, norm.length), "the rules leave the shared text alone");

        TextFeatures f = HYBRID.model().features();
        TextFeatures.Buf own = new TextFeatures.Buf(), shared = new TextFeatures.Buf();
        boolean gate = f.violenceCue(text, own);
        shared.norm.of(text);
        assertEquals(gate, f.violenceCueNormalised(shared), "violence cue");
        f.extractTokenised(r, own);
        f.extractTokenised(r, shared);
        assertArrayEquals(Arrays.copyOf(own.idx, own.n), Arrays.copyOf(shared.idx, shared.n), "feature indices");
        assertArrayEquals(Arrays.copyOf(own.val, own.n), Arrays.copyOf(shared.val, shared.n), "feature values");
        assertEquals(own.guard, shared.guard);
    }

    /** Every pattern of the rules finds, where it may start, the matches {@code find()} finds trying every position. */
    @ParameterizedTest
    @MethodSource("tricky")
    void searchingOnlyWhereAMatchCanStartFindsEveryMatch(String text) {
        for (String prefix : List.of("", "x", ".", " ", "'", "_", "\u00E9", "\u0301", "#")) {
            String norm = TextNormaliser.normalise(prefix + text);
            char[] chars = norm.toCharArray();
            for (int k = 0; k < PATTERNS.size(); k++) {
                Pattern p = PATTERNS.get(k);
                MatchStarts starts = STARTS.get(k);
                assertFalse(starts.any(), () -> "the analysis handles " + p);
                List<String> expected = new ArrayList<>(), got = new ArrayList<>();
                Matcher m = p.matcher(norm);
                while (m.find()) expected.add(m.start() + ".." + m.end() + " " + groups(m));
                Matcher s = p.matcher(norm);
                for (int from = 0; starts.find(s, chars, from, chars.length); from = s.end()) got.add(s.start() + ".." + s.end() + " " + groups(s));
                assertEquals(expected, got, () -> "matches of " + p + " in " + norm);
            }
        }
    }

    private static String groups(Matcher m) {
        StringBuilder sb = new StringBuilder();
        for (int g = 1; g <= m.groupCount(); g++) sb.append(m.start(g)).append(':').append(m.end(g)).append(' ');
        return sb.toString();
    }
}
