package io.lastlight.classify;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lastlight.classify.RulesClassifier.Match;

import static io.lastlight.classify.Words.isWordChar;
import static io.lastlight.classify.Words.nextWord;
import static io.lastlight.classify.Words.previousWord;
import static io.lastlight.classify.Words.trimApos;

/**
 * The vetoes of {@link RulesClassifier}: why a rule match is not counted (idiom, quotation, self-reference, non-person
 * subject, fiction, negation, reporting, sport), checked in that order; the first that applies names the veto.
 */
final class Vetoes {
    private static final int NEGATION_WINDOW = 6;
    private static final Pattern SELF = Pattern.compile("\\b(?:myself|ourselves|yourself|yourselves|themselves|my\\s+(?:own\\s+)?life)\\b");
    private static final Set<String> SELF_SUBJECTS = Set.of("i", "i'd", "i'll", "i'm", "im", "me", "id");
    private static final Set<String> FIRST_PERSON = Set.of("i", "we", "i'm", "im", "we're");
    private static final Set<String> CLAUSE_WORDS = Set.of("but", "so", "because", "cause", "cuz", "then", "therefore", "until", "till", "yet", "though", "although");

    private final WordIndex negators;
    private final WordIndex negatorExceptions;
    private final WordIndex nonperson;
    private final WordIndex competitive;
    private final Pattern reportBefore;
    private final Pattern reportAfter;

    Vetoes(RuleTable table) {
        this.negators = table.negators;
        this.negatorExceptions = table.negatorExceptions;
        this.nonperson = table.nonperson;
        this.competitive = table.competitive;
        this.reportBefore = table.reportBefore;
        this.reportAfter = table.reportAfter;
    }

    /** The veto of match {@code m} in the normalised post {@code norm}, or null when the match counts. */
    String veto(Match m, String norm, PostContext ctx) {
        int a = m.start(), b = m.end();
        for (int[] r : ctx.idioms()) if (r[0] < b && a < r[1]) return "idiom";
        for (int[] q : ctx.quotes()) {
            if (a >= q[0] && b <= q[1] && PostContext.outsideWords(norm, q) >= 2) return "quote";
        }
        if (SELF.matcher(norm).region(a, b).find()) return "self";
        if (m.rule().subj()) {
            String prev = previousWord(norm, a);
            if (prev != null) {
                if (SELF_SUBJECTS.contains(prev)) return "self";
                if (nonperson.contains(prev)) return "nonperson";
            }
        }
        if (ctx.fiction()) return "fiction";
        if (negated(m, norm)) return "negation";
        if (reported(norm, a, b)) return "report";
        if (ctx.contest() && hasCompetitiveVerb(norm, a, b)) return "sport";
        return null;
    }

    private boolean negated(Match m, String norm) {
        int a = m.start();
        // window before the match, within the clause
        int i = a;
        int words = 0;
        int end = -1;
        while (i > 0 && words < NEGATION_WINDOW) {
            char c = norm.charAt(i - 1);
            if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\n') break;
            if (isWordChar(c)) {
                if (end < 0) end = i;
                i--;
                continue;
            }
            if (end >= 0) {
                String w = trimApos(norm, i, end);
                if (CLAUSE_WORDS.contains(w)) break;
                if (isNegator(w, norm, end)) return true;
                words++;
                end = -1;
            }
            i--;
        }
        if (end >= 0 && words < NEGATION_WINDOW) {
            String w = trimApos(norm, i, end);
            if (!CLAUSE_WORDS.contains(w) && isNegator(w, norm, end)) return true;
        }
        if (m.rule().noInnerNeg()) return false;
        int j = m.start();
        while (j < m.end()) {
            while (j < m.end() && !isWordChar(norm.charAt(j))) j++;
            int st = j;
            while (j < m.end() && isWordChar(norm.charAt(j))) j++;
            if (j > st && isNegator(trimApos(norm, st, j), norm, j)) return true;
        }
        return false;
    }

    private boolean isNegator(String w, String norm, int end) {
        if (!negators.contains(w)) return false;
        String nextWord = nextWord(norm, end);
        return nextWord == null || !negatorExceptions.contains(nextWord);
    }

    private boolean reported(String norm, int a, int b) {
        int ss = a;
        while (ss > 0) {
            char c = norm.charAt(ss - 1);
            if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ';') break;
            ss--;
        }
        Matcher before = reportBefore.matcher(norm).region(ss, a);
        while (before.find()) {
            String prev = previousWord(norm, before.start());
            if (prev == null || !FIRST_PERSON.contains(prev)) return true;
        }
        int se = b;
        while (se < norm.length()) {
            char c = norm.charAt(se);
            if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ';') break;
            se++;
        }
        return reportAfter.matcher(norm).region(b, se).find();
    }

    private boolean hasCompetitiveVerb(String norm, int a, int b) {
        int j = a;
        char[] chars = null;
        while (j < b) {
            while (j < b && !isWordChar(norm.charAt(j))) j++;
            int st = j;
            while (j < b && isWordChar(norm.charAt(j))) j++;
            if (j > st) {
                if (chars == null) chars = norm.toCharArray();
                if (competitive.get(chars, st, j) >= 0) return true;
            }
        }
        return false;
    }
}
