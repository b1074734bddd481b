package io.lastlight.classify;

import java.util.List;
import java.util.Map;

/**
 * The cue words of {@link TextFeatures}: each word's cue bits (violent verb, person target, negator, modal, wish, …),
 * from the rules' lexicon and the short lists below. Tokens look their bits up once ({@link FeatureTokeniser}).
 */
final class CueWords {
    private CueWords() {}

    static final int STRONG = 1, WEAK = 2, TARGET = 4, NEG = 8, MODAL = 16, WISH = 32, YOU = 64, DEATH = 128, CALL = 256, ALL = 512,
            LEGAL = 1024, REPORT = 2048, SELF = 4096, CONTEXT = 8192;
    /** Objects that make a violent verb idiomatic or self-directed: "killing it", "shoot me an email", "kill myself". */
    private static final List<String> SELVES = List.of("it", "me", "myself", "yourself", "ourselves", "itself");
    private static final List<String> DEATHS = List.of("die", "dies", "died", "dead", "death", "deaths", "dying", "deth", "ded");
    private static final List<String> CALLS = List.of("lets", "let", "start", "time", "just", "yes", "go", "pls", "please", "pl",
            "should", "must", "need", "needs", "gotta", "ought", "we", "ill", "imma", "gonna", "wanna", "want", "deserve", "deserves");
    private static final List<String> ALLS = List.of("all", "every", "em", "them", "those", "these", "each", "everyone", "everybody");
    private static final List<String> LEGALS = List.of("legal", "legalize", "legalise", "legalized", "allowed", "permitted");
    private static final List<String> MODALS = List.of("should", "shoud", "shld", "must", "need", "needs", "needed",
            "gotta", "ought", "deserve", "deserves", "deserved", "lets", "will", "gonna", "wanna", "shall", "gotta", "have", "has", "better");
    private static final List<String> WISHES = List.of("hope", "hoping", "wish", "wishing", "want", "wanna", "pray", "praying", "love");
    private static final List<String> SECOND = List.of("you", "u", "ya", "yall", "youre", "ur");

    /** Cue words from the rules' lexicon (single words; apostrophes dropped as in tokens) plus modal and wish words. */
    static WordIndex index() {
        Map<String, List<String>> lex = RuleTable.parseLexicon(RulesClassifier.resource(RulesClassifier.LEXICON_RESOURCE));
        java.util.Map<String, Integer> bits = new java.util.TreeMap<>();
        for (String cat : List.of("verb.strong", "verb.weak")) {
            for (String entry : lex.getOrDefault(cat + ".raw", List.of())) {
                for (String forms : entry.split("\\|")) {
                    for (String f : forms.split("/")) {
                        String w = f.trim();
                        if (w.indexOf(' ') > 0) continue; // "string up", "hunt down": the first word alone is not violent
                        bits.merge(w.replace("'", ""), cat.equals("verb.strong") ? STRONG : WEAK, (x, y) -> x | y);
                    }
                }
            }
        }
        for (String w : lex.getOrDefault("target.pronoun", List.of())) if (!w.contains(" ")) bits.merge(w.replace("'", ""), TARGET, (x, y) -> x | y);
        for (String w : lex.getOrDefault("target.noun", List.of())) if (!w.contains(" ")) bits.merge(w.replace("'", ""), TARGET, (x, y) -> x | y);
        for (String w : lex.getOrDefault("negator", List.of())) if (!w.contains(" ")) bits.merge(w.replace("'", ""), NEG, (x, y) -> x | y);
        for (String w : MODALS) bits.merge(w, MODAL, (x, y) -> x | y);
        for (String w : WISHES) bits.merge(w, WISH, (x, y) -> x | y);
        for (String w : SECOND) bits.merge(w, YOU | TARGET, (x, y) -> x | y);
        for (String w : DEATHS) bits.merge(w, DEATH, (x, y) -> x | y);
        for (String w : CALLS) bits.merge(w, CALL, (x, y) -> x | y);
        for (String w : ALLS) bits.merge(w, ALL, (x, y) -> x | y);
        for (String w : LEGALS) bits.merge(w, LEGAL, (x, y) -> x | y);
        for (String w : SELVES) bits.merge(w, SELF, (x, y) -> x | y);
        for (String cat : List.of("context.contest", "context.fiction")) {
            for (String w : lex.getOrDefault(cat, List.of())) if (!w.contains(" ")) bits.merge(w.replace("'", ""), CONTEXT, (x, y) -> x | y);
        }
        for (String w : lex.getOrDefault("report.cue", List.of())) if (!w.contains(" ")) bits.merge(w.replace("'", ""), REPORT, (x, y) -> x | y);
        WordIndex idx = new WordIndex(bits.size() + 16);
        bits.forEach(idx::put);
        return idx;
    }
}
