package io.lastlight.classify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rule table of {@link RulesClassifier}: {@code rules.tsv} and {@code lexicon.tsv} parsed once into compiled rules
 * (macros expanded, verb forms from the lexicon), the anchor-word vocabulary, the idioms, and the word lists and cue
 * patterns the vetoes use. Immutable after construction, so shared by every thread.
 */
final class RuleTable {
    final List<Rule> rules = new ArrayList<>();
    final List<Pattern> idioms = new ArrayList<>();
    final List<MatchStarts> idiomStarts = new ArrayList<>();
    final WordIndex vocab;
    final int verbId;
    final int vocabSize;
    final WordIndex negators;
    final WordIndex negatorExceptions;
    final WordIndex nonperson;
    final WordIndex competitive;
    final Pattern reportBefore;
    final Pattern reportAfter;
    final Pattern contestCue;
    final Pattern fictionCue;
    final MatchStarts contestStarts;
    final MatchStarts fictionStarts;

    /**
     * {@code noName}: the same pattern without the Capitalised-name target, used when a name candidate is not a name;
     * {@code starts}: the chars a match of {@code pattern} can start with.
     */
    record Rule(String id, double weight, boolean subj, boolean noInnerNeg, boolean hashtag, int[][] anchors, Pattern pattern, boolean hasName, Pattern noName,
                MatchStarts starts) {}

    RuleTable(String rulesTsv, String lexiconTsv) {
        Map<String, List<String>> lex = parseLexicon(lexiconTsv);

        // verbs
        List<String> base = new ArrayList<>(), strongBase = new ArrayList<>(), ing = new ArrayList<>(), pp = new ArrayList<>(), all = new ArrayList<>();
        Set<String> noPassive = new LinkedHashSet<>(lex.getOrDefault("verb.nopassive", List.of()));
        Map<String, List<String>> formsByBase = new HashMap<>();
        for (String cat : List.of("verb.strong", "verb.weak")) {
            for (String entry : lex.getOrDefault(cat + ".raw", List.of())) {
                String[] f = entry.split("\\|");
                if (f.length != 5) throw new IllegalArgumentException("lexicon verb entry needs 5 forms base|3sg|past|participle|gerund: " + entry);
                List<String> forms = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    for (String alt : f[i].split("/")) {
                        String a = alt.trim();
                        if (a.isEmpty()) continue;
                        forms.add(a);
                        if (i == 0) base.add(a);
                        if (i == 0 && cat.equals("verb.strong")) strongBase.add(a);
                        if (i == 4) ing.add(a);
                        if (i == 3 && !noPassive.contains(f[0].trim())) pp.add(a);
                    }
                }
                all.addAll(forms);
                formsByBase.put(f[0].trim(), forms);
            }
        }
        Map<String, String> macros = new LinkedHashMap<>();
        macros.put("VB", alt(base));
        macros.put("VBS", alt(strongBase));
        macros.put("VING", alt(ing));
        macros.put("VPP", alt(pp));
        String pron = alt(lex.get("target.pronoun"));
        String det = alt(lex.get("target.det"));
        String noun = alt(lex.get("target.noun"));
        String filler = "(?!(?:with|for|and|or|to|in|on|at|of|from|by|about|like|time|it|this|that|the|a|an|is|are|was|were|be|me|my|up|out|down|off|if|when|but|so)\\b)[\\w'-]+";
        String t0 = "(?:(?:" + det + ")\\s+(?:" + filler + "\\s+){0,3}?(?:" + noun + ")|(?:" + filler + "\\s+)??(?:" + noun + ")|(?:" + pron + ")|@\\w+)\\b";
        macros.put("T0", t0);
        // a quantified object of a strong verb, even if the noun is not in the lexicon ("slaughter those vegetarians")
        macros.put("TQ", "(?:(?:all|every|those|these|any|any\\s+other|those\\s+kinds\\s+of|these\\s+kinds\\s+of|all\\s+the|all\\s+those|all\\s+these)\\s+(?:"
                + filler + "\\s+)?" + filler + ")");
        macros.put("T", "(?:" + t0 + "|(?<nm>[a-z][a-z'-]+))");
        macros.put("TG", "(?:(?:them|'em|em|all\\s+of\\s+(?:them|you))\\b|(?:(?:all|every|each|any|those|these|such|all\\s+the|all\\s+of\\s+the|all\\s+those|all\\s+these|all\\s+of\\s+those|all\\s+of\\s+these|those\\s+kinds\\s+of|these\\s+kinds\\s+of|every\\s+single|every\\s+last|any\\s+other)\\s+)?(?:"
                + filler + "\\s+){0,2}?(?:" + noun + ")\\b)");

        // vocabulary of anchor words; id 0 = any verb form
        WordIndex vi = new WordIndex(4096);
        int[] next = {1};
        verbId = 0;
        for (String form : all) vi.put(firstWord(form), 0);

        // rules
        List<String[]> ruleLines = new ArrayList<>();
        for (String line : rulesTsv.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] c = line.split("\t", -1);
            if (c.length != 5) throw new IllegalArgumentException("rules.tsv line needs 5 tab-separated columns (id, weight, flags, anchors, pattern): " + line);
            if (c[0].equals("define")) macros.put(c[1].trim(), c[4].trim());
            else ruleLines.add(c);
        }
        for (String[] c : ruleLines) {
            String id = c[0].trim();
            String flags = c[2].trim();
            String regex = expand(c[4].trim(), macros);
            Pattern p;
            try {
                p = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("rule " + id + " does not compile: " + e.getDescription(), e);
            }
            if (flags.contains("idiom")) {
                idioms.add(p);
                idiomStarts.add(MatchStarts.of(p));
                continue;
            }
            double w = Double.parseDouble(c[1].trim());
            String anchorsText = expand(c[3].trim(), macros);
            int[][] anchors;
            if (anchorsText.equals("-")) {
                anchors = new int[0][];
            } else {
                String[] groups = anchorsText.split("&");
                anchors = new int[groups.length][];
                for (int g = 0; g < groups.length; g++) {
                    String[] words = groups[g].trim().split("\\|");
                    int[] gid = new int[words.length];
                    for (int k = 0; k < words.length; k++) {
                        String wd = words[k].trim();
                        if (wd.equals("*verb")) gid[k] = verbId;
                        else {
                            int got = vi.put(wd, next[0]);
                            if (got == next[0]) next[0]++;
                            gid[k] = got;
                        }
                    }
                    anchors[g] = gid;
                }
            }
            boolean hashtag = flags.contains("hashtag");
            if (anchors.length == 0 && !hashtag) throw new IllegalArgumentException("rule " + id + " has no anchors; only hashtag rules may run without");
            boolean hasName = regex.contains("(?<nm>");
            Pattern noName = hasName ? Pattern.compile(expand(c[4].trim().replace("{T}", "{T0}"), macros)) : null;
            rules.add(new Rule(id, w, flags.contains("subj"), flags.contains("noinnerneg"), hashtag, anchors, p, hasName, noName, MatchStarts.of(p)));
        }
        vocab = vi;
        vocabSize = next[0];

        negators = index(lex.get("negator"));
        negatorExceptions = index(lex.get("negator.exception"));
        nonperson = index(lex.get("nonperson"));
        List<String> comp = new ArrayList<>();
        for (String b : lex.getOrDefault("competitive", List.of())) {
            comp.add(b);
            for (String f : formsByBase.getOrDefault(b, List.of())) comp.add(f);
        }
        competitive = new WordIndex(comp.size() + 8);
        for (String f : comp) competitive.put(firstWord(f), 1);
        reportBefore = Pattern.compile("\\b(?:" + alt(lex.get("report.cue")) + ")\\b");
        reportAfter = Pattern.compile("\\b(?:" + alt(lex.get("report.after")) + ")\\b");
        contestCue = Pattern.compile("(?<![\\w'])(?:" + alt(lex.get("context.contest")) + ")(?![\\w'])");
        fictionCue = Pattern.compile("(?<![\\w'])(?:" + alt(lex.get("context.fiction")) + ")(?![\\w'])");
        contestStarts = MatchStarts.of(contestCue);
        fictionStarts = MatchStarts.of(fictionCue);
    }

    private static String firstWord(String form) {
        int sp = form.indexOf(' ');
        return sp < 0 ? form : form.substring(0, sp);
    }

    private static WordIndex index(List<String> words) {
        List<String> w = words == null ? List.of() : words;
        WordIndex idx = new WordIndex(w.size() + 8);
        for (String x : w) idx.put(x, 1);
        return idx;
    }

    /** Regex alternation of literal entries, longest first, spaces matching any whitespace. */
    static String alt(List<String> entries) {
        if (entries == null || entries.isEmpty()) return "(?!)";
        List<String> sorted = new ArrayList<>(new LinkedHashSet<>(entries));
        sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        StringBuilder sb = new StringBuilder("(?:");
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0) sb.append('|');
            String[] words = sorted.get(i).trim().split("\\s+");
            for (int k = 0; k < words.length; k++) {
                if (k > 0) sb.append("\\s+");
                sb.append(quote(words[k]));
            }
        }
        return sb.append(')').toString();
    }

    private static String quote(String w) {
        StringBuilder sb = new StringBuilder();
        for (char c : w.toCharArray()) {
            if ("\\.[]{}()<>*+-=!?^$|&#".indexOf(c) >= 0) sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }

    private static String expand(String s, Map<String, String> macros) {
        String cur = s;
        for (int round = 0; round < 10; round++) {
            boolean changed = false;
            for (Map.Entry<String, String> e : macros.entrySet()) {
                String key = "{" + e.getKey() + "}";
                if (cur.contains(key)) {
                    cur = cur.replace(key, e.getValue());
                    changed = true;
                }
            }
            if (!changed) break;
        }
        Matcher left = Pattern.compile("\\{([A-Z][A-Z0-9]*)\\}").matcher(cur);
        if (left.find()) throw new IllegalArgumentException("unknown macro {" + left.group(1) + "} in: " + s);
        return cur;
    }

    /**
     * Lexicon: category -> entries. Entries of most categories are '|'-separated; verb categories keep whole
     * entries under {@code <category>.raw}.
     */
    static Map<String, List<String>> parseLexicon(String tsv) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : tsv.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] c = line.split("\t");
            if (c.length < 2) throw new IllegalArgumentException("lexicon line needs category<TAB>entry[<TAB>source]: " + line);
            String cat = c[0].trim();
            if (cat.startsWith("verb.") && !cat.equals("verb.nopassive")) {
                out.computeIfAbsent(cat + ".raw", k -> new ArrayList<>()).add(c[1].trim());
            } else {
                List<String> list = out.computeIfAbsent(cat, k -> new ArrayList<>());
                for (String e : c[1].split("\\|")) if (!e.isBlank()) list.add(e.trim());
            }
        }
        for (Map.Entry<String, List<String>> e : out.entrySet()) e.setValue(Collections.unmodifiableList(e.getValue()));
        return out;
    }
}
