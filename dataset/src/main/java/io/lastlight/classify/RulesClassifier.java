package io.lastlight.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The transparent rules + lexicon classifier. Rules ({@code rules.tsv}) and lexicon ({@code lexicon.tsv}) are
 * resources next to this class; the codebook is {@code docs/classifier.md}.
 *
 * <p>How a post is classified: (1) the text is normalised ({@link TextNormaliser}: lower-cased, odd spaces, full-width
 * letters, look-alike letters, zero-width characters, repeated letters) into a reusable buffer, with the offset of
 * each char in the post so spans point into the post text, and scanned into words; a post with no anchor word of any rule (and no '#') is negative at once, with no allocation. (2) Each rule
 * whose anchors are present runs its regular expression. (3) Each match is vetoed when it overlaps an idiom, sits
 * inside a quotation the author comments on, follows a negator in its clause, is reported or condemned (a reporting
 * cue in its sentence), talks about itself, has a non-person subject, or occurs in a sports/games (competitive verbs
 * only) or fiction context. (4) score = 1 - prod(1 - weight) over the distinct rules with counted matches; violent
 * when score &gt;= 0.5. Vetoed evidence is kept in {@link Label#suppressed()} and gives a score below 0.2.
 *
 * <p>Thread-safe: compiled patterns are shared, per-call buffers are thread-local.
 */
public final class RulesClassifier implements Classifier {
    /** Version of the matching code; part of the hashed version, bump when veto or scoring logic changes. */
    public static final String ENGINE = "1.1";
    public static final String RULES_RESOURCE = "rules.tsv";
    public static final String LEXICON_RESOURCE = "lexicon.tsv";
    static final double THRESHOLD = 0.5;
    static final double SUPPRESSED_SCALE = 0.2;
    private static final int NEGATION_WINDOW = 6;

    private static volatile RulesClassifier standard;

    private final String version;
    private final List<Rule> rules = new ArrayList<>();
    private final List<Pattern> idioms = new ArrayList<>();
    private final List<MatchStarts> idiomStarts = new ArrayList<>();
    private final WordIndex vocab;
    private final int verbId;
    private final int vocabSize;
    private final WordIndex negators;
    private final WordIndex negatorExceptions;
    private final WordIndex nonperson;
    private final WordIndex competitive;
    private final Pattern reportBefore;
    private final Pattern reportAfter;
    private final Pattern contestCue;
    private final Pattern fictionCue;
    private final MatchStarts contestStarts;
    private final MatchStarts fictionStarts;
    private final Label negative;
    private final ThreadLocal<Scratch> scratch;

    private static final Pattern SELF = Pattern.compile("\\b(?:myself|ourselves|yourself|yourselves|themselves|my\\s+(?:own\\s+)?life)\\b");
    private static final Set<String> SELF_SUBJECTS = Set.of("i", "i'd", "i'll", "i'm", "im", "me", "id");
    private static final Set<String> FIRST_PERSON = Set.of("i", "we", "i'm", "im", "we're");
    private static final Set<String> CLAUSE_WORDS = Set.of("but", "so", "because", "cause", "cuz", "then", "therefore", "until", "till", "yet", "though", "although");

    /**
     * {@code noName}: the same pattern without the Capitalised-name target, used when a name candidate is not a name;
     * {@code starts}: the chars a match of {@code pattern} can start with.
     */
    record Rule(String id, double weight, boolean subj, boolean noInnerNeg, boolean hashtag, int[][] anchors, Pattern pattern, boolean hasName, Pattern noName,
                MatchStarts starts) {}

    private record Match(Rule rule, int start, int end) {}

    private static final class Scratch {
        char[] buf = new char[512];
        /** Offset in the post text of each normalised char ({@link TextNormaliser}). */
        int[] orig = new int[513];
        boolean[] present;
        int[] hits = new int[64];
        int nhits;

        Scratch(int vocab) {
            present = new boolean[vocab + 1];
        }

        void ensure(int len) {
            if (buf.length < len) buf = new char[Math.max(len, buf.length * 2)];
            if (orig.length <= len) orig = new int[Math.max(len + 1, orig.length * 2)];
        }
    }

    /** The built-in rules and lexicon (loaded once). */
    public static RulesClassifier standard() {
        RulesClassifier s = standard;
        if (s == null) {
            synchronized (RulesClassifier.class) {
                s = standard;
                if (s == null) standard = s = fromText(resource(RULES_RESOURCE), resource(LEXICON_RESOURCE));
            }
        }
        return s;
    }

    /** A classifier from rules and lexicon text (same formats as the resources). */
    public static RulesClassifier fromText(String rulesTsv, String lexiconTsv) {
        return new RulesClassifier(rulesTsv, lexiconTsv);
    }

    static String resource(String name) {
        try (InputStream in = RulesClassifier.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource io/lastlight/classify/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code rules-<ENGINE>+<first 12 hex of sha256(engine, rules, lexicon)>}. */
    public static String computeVersion(String rulesTsv, String lexiconTsv) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(("lastlight-rules-engine " + ENGINE + "\n").getBytes(StandardCharsets.UTF_8));
            md.update(rulesTsv.getBytes(StandardCharsets.UTF_8));
            md.update(new byte[] {0});
            md.update(lexiconTsv.getBytes(StandardCharsets.UTF_8));
            return "rules-" + ENGINE + "+" + HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private RulesClassifier(String rulesTsv, String lexiconTsv) {
        this.version = computeVersion(rulesTsv, lexiconTsv);
        this.negative = Label.negative(version);
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
        scratch = ThreadLocal.withInitial(() -> new Scratch(vocabSize));
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String name() {
        return "rules";
    }

    /** Every pattern the rules search with (rules, idioms, context cues): for tests of {@link MatchStarts}. */
    List<Pattern> patterns() {
        List<Pattern> out = new ArrayList<>();
        for (Rule r : rules) out.add(r.pattern());
        out.addAll(idioms);
        out.add(contestCue);
        out.add(fictionCue);
        return out;
    }

    /** Rule ids in file order (distinct). */
    public List<String> ruleIds() {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (Rule r : rules) ids.add(r.id());
        return List.copyOf(ids);
    }

    @Override
    public Label classify(String text) {
        if (text.isEmpty()) return negative;
        Scratch s = scratch.get();
        s.ensure(text.length());
        return classify(text, s, TextNormaliser.normalise(text, s.buf, s.orig));
    }

    /** As {@link Classifier#classify(String, String)}, normalising the text once for the language test and the rules. */
    @Override
    public Label classify(String text, String lang) {
        Scratch s = scratch.get();
        s.ensure(text.length());
        int n = TextNormaliser.normalise(text, s.buf, s.orig);
        String reason = LanguageScope.reason(s.buf, n, lang);
        if (reason != null) return Label.unlabelled(reason, version);
        return text.isEmpty() ? negative : classify(text, s, n);
    }

    /**
     * As {@link #classify(String)} for a text already normalised into {@code norm} (by the caller, who shares it with the
     * model's tokeniser and the language test). {@code norm} is not changed: the rules work on a copy, as they map
     * leetspeak in place.
     */
    Label classify(String text, TextNormaliser.Normalised norm) {
        if (text.isEmpty()) return negative;
        Scratch s = scratch.get();
        s.ensure(text.length());
        System.arraycopy(norm.chars, 0, s.buf, 0, norm.length);
        System.arraycopy(norm.orig, 0, s.orig, 0, norm.length + 1);
        return classify(text, s, norm.length);
    }

    /** Classifies {@code text} normalised into {@code s.buf[0, n)} with offsets {@code s.orig}. */
    private Label classify(String text, Scratch s, int n) {
        char[] buf = s.buf;
        boolean hash = false;
        s.nhits = 0;
        int tok = -1;
        for (int i = 0; i <= n; i++) {
            char c;
            boolean word;
            if (i < n) {
                c = buf[i];
                if (c == '#') hash = true;
                word = Character.isLetterOrDigit(c) || c == '\'';
            } else {
                word = false;
            }
            if (word) {
                if (tok < 0) tok = i;
            } else if (tok >= 0) {
                int a = tok, b = i;
                while (a < b && buf[a] == '\'') a++;
                while (b > a && buf[b - 1] == '\'') b--;
                if (b > a) {
                    int id = vocab.get(buf, a, b);
                    if (id < 0 && a > tok) id = vocab.get(buf, a - 1, b); // keep a leading apostrophe ('em)
                    if (id >= 0 && !s.present[id]) {
                        s.present[id] = true;
                        if (s.nhits == s.hits.length) s.hits = Arrays.copyOf(s.hits, s.nhits * 2);
                        s.hits[s.nhits++] = id;
                    }
                }
                tok = -1;
            }
        }
        deLeet(buf, n, s);
        if (s.nhits == 0 && !hash) return negative;
        try {
            return evaluate(text, new String(buf, 0, n), s, n, hash);
        } finally {
            for (int i = 0; i < s.nhits; i++) s.present[s.hits[i]] = false;
            s.nhits = 0;
        }
    }

    /**
     * Maps leetspeak digits/symbols inside words to letters (k1ll, g4y, $hoot: 0-o 1-i 3-e 4-a 5-s 7-t @-a $-s) in
     * place, then rescans for anchors. Only runs when the post has such a character next to a letter; returns
     * whether an anchor was found after mapping.
     */
    private boolean deLeet(char[] buf, int n, Scratch s) {
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            char c = buf[i];
            char m = switch (c) {
                case '0' -> 'o';
                case '1' -> 'i';
                case '3' -> 'e';
                case '4' -> 'a';
                case '5' -> 's';
                case '7' -> 't';
                case '@' -> 'a';
                case '$' -> 's';
                default -> 0;
            };
            if (m == 0) continue;
            boolean prevLetter = i > 0 && Character.isLetter(buf[i - 1]);
            boolean nextLetter = i + 1 < n && Character.isLetter(buf[i + 1]);
            if (c == '@' && !prevLetter) continue; // @mention
            if (prevLetter || nextLetter) {
                buf[i] = m;
                changed = true;
            }
        }
        if (!changed) return false;
        int tok = -1;
        for (int i = 0; i <= n; i++) {
            boolean word = i < n && (Character.isLetterOrDigit(buf[i]) || buf[i] == '\'');
            if (word) {
                if (tok < 0) tok = i;
            } else if (tok >= 0) {
                int id = vocab.get(buf, tok, i);
                if (id >= 0 && !s.present[id]) {
                    s.present[id] = true;
                    if (s.nhits == s.hits.length) s.hits = Arrays.copyOf(s.hits, s.nhits * 2);
                    s.hits[s.nhits++] = id;
                }
                tok = -1;
            }
        }
        return s.nhits > 0;
    }

    /** Runs the rules on {@code norm}, the normalised text, also in {@code s.buf[0, n)}. */
    private Label evaluate(String text, String norm, Scratch s, int n, boolean hash) {
        List<Match> found = null;
        for (Rule r : rules) {
            if (r.hashtag()) {
                if (!hash) continue;
            } else if (!anchored(r, s)) {
                continue;
            }
            Matcher m = r.pattern().matcher(norm);
            MatchStarts starts = r.starts();
            int from = 0;
            while (starts.any() ? m.find() : starts.find(m, s.buf, from, n)) {
                from = m.end(); // non-empty: the search goes on from there, as find() does
                int a = m.start(), b = m.end();
                while (a < b && !Character.isLetterOrDigit(norm.charAt(a)) && norm.charAt(a) != '#' && norm.charAt(a) != '@') a++;
                if (a == b) continue;
                if (r.hasName() && m.start("nm") >= 0 && !isName(text, s.orig[m.start("nm")], s.orig[m.end("nm")])) {
                    Matcher f = r.noName().matcher(norm).region(m.start(), norm.length());
                    if (!f.lookingAt()) continue;
                    b = f.end();
                }
                if (found == null) found = new ArrayList<>();
                found.add(new Match(r, a, b));
            }
        }
        if (found == null) return negative;

        Context ctx = new Context(norm, s.buf, n);
        Map<String, Double> counted = new LinkedHashMap<>();
        Map<String, Double> vetoed = new LinkedHashMap<>();
        List<Span> spans = new ArrayList<>();
        List<Span> suppressed = new ArrayList<>();
        found.sort(Comparator.comparingInt(Match::start).thenComparingInt(Match::end));
        Set<String> seen = new LinkedHashSet<>();
        for (Match m : found) {
            String veto = veto(m, norm, ctx);
            String rule = veto == null ? m.rule().id() : m.rule().id() + "/" + veto;
            if (!seen.add(m.start() + ":" + m.end() + ":" + rule)) continue;
            int from = s.orig[m.start()], to = s.orig[m.end()]; // offsets into the post text, not the normalised one
            Span span = new Span(from, to, text.substring(from, to), rule);
            if (veto == null) {
                counted.merge(m.rule().id(), m.rule().weight(), Math::max);
                spans.add(span);
            } else {
                vetoed.merge(m.rule().id(), m.rule().weight(), Math::max);
                suppressed.add(span);
            }
        }
        double score;
        if (!counted.isEmpty()) score = combine(counted.values());
        else score = SUPPRESSED_SCALE * combine(vetoed.values());
        score = Math.min(1.0, Math.max(0.0, score));
        return new Label(score >= THRESHOLD, score, new ArrayList<>(counted.keySet()), spans, suppressed, version);
    }

    private static double combine(Iterable<Double> weights) {
        double p = 1.0;
        for (double w : weights) p *= 1.0 - w;
        return 1.0 - p;
    }

    private boolean anchored(Rule r, Scratch s) {
        for (int[] group : r.anchors()) {
            boolean any = false;
            for (int id : group) {
                if (s.present[id]) {
                    any = true;
                    break;
                }
            }
            if (!any) return false;
        }
        return true;
    }

    /** Lazily computed per-post facts used by the vetoes. */
    private final class Context {
        final String norm;
        /** {@code norm}'s chars. */
        final char[] chars;
        final int n;
        List<int[]> idiomRanges;
        List<int[]> quotes;
        Boolean fiction;
        Boolean contest;

        Context(String norm, char[] chars, int n) {
            this.norm = norm;
            this.chars = chars;
            this.n = n;
        }

        List<int[]> idioms() {
            if (idiomRanges == null) {
                idiomRanges = new ArrayList<>();
                for (int k = 0; k < RulesClassifier.this.idioms.size(); k++) {
                    Matcher m = RulesClassifier.this.idioms.get(k).matcher(norm);
                    MatchStarts starts = idiomStarts.get(k);
                    if (starts.any()) {
                        while (m.find()) idiomRanges.add(new int[] {m.start(), m.end()});
                    } else {
                        for (int from = 0; starts.find(m, chars, from, n); from = m.end()) idiomRanges.add(new int[] {m.start(), m.end()});
                    }
                }
            }
            return idiomRanges;
        }

        List<int[]> quotes() {
            if (quotes == null) quotes = quoteRegions(norm);
            return quotes;
        }

        boolean fiction() {
            if (fiction == null) fiction = found(fictionCue, fictionStarts);
            return fiction;
        }

        boolean contest() {
            if (contest == null) contest = found(contestCue, contestStarts);
            return contest;
        }

        private boolean found(Pattern p, MatchStarts starts) {
            Matcher m = p.matcher(norm);
            return starts.any() ? m.find() : starts.find(m, chars, 0, n);
        }
    }

    private String veto(Match m, String norm, Context ctx) {
        int a = m.start(), b = m.end();
        for (int[] r : ctx.idioms()) if (r[0] < b && a < r[1]) return "idiom";
        for (int[] q : ctx.quotes()) {
            if (a >= q[0] && b <= q[1] && outsideWords(norm, q) >= 2) return "quote";
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

    /** Regions inside double quotes, and inside single quotes that open after a space and close before one. */
    static List<int[]> quoteRegions(String s) {
        List<int[]> out = new ArrayList<>();
        int open = -1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '"') {
                if (open < 0) open = i;
                else {
                    out.add(new int[] {open, i + 1});
                    open = -1;
                }
            }
        }
        if (open >= 0) out.add(new int[] {open, s.length()}); // unclosed quote runs to the end
        open = -1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '\'') continue;
            boolean before = i == 0 || !isWordChar(s.charAt(i - 1));
            boolean after = i + 1 >= s.length() || !Character.isLetterOrDigit(s.charAt(i + 1));
            if (open < 0 && before && !after) {
                // "'em" is a word, not a quote
                if (i + 3 <= s.length() && s.startsWith("'em", i) && (i + 3 == s.length() || !isWordChar(s.charAt(i + 3)))) continue;
                open = i;
            } else if (open >= 0 && after && !before) {
                out.add(new int[] {open, i + 1});
                open = -1;
            }
        }
        return out;
    }

    private static int outsideWords(String s, int[] q) {
        int words = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            if (i >= q[0] && i < q[1]) {
                in = false;
                continue;
            }
            boolean w = Character.isLetterOrDigit(s.charAt(i));
            if (w && !in) words++;
            in = w;
        }
        return words;
    }

    private static boolean isName(String original, int from, int to) {
        if (to - from < 2) return false;
        char c0 = original.charAt(from), c1 = original.charAt(from + 1);
        return Character.isUpperCase(c0) && !Character.isUpperCase(c1) && !original.substring(from, to).equals("I");
    }

    static String previousWord(String s, int pos) {
        int i = pos;
        while (i > 0 && !isWordChar(s.charAt(i - 1))) {
            char c = s.charAt(i - 1);
            if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ';' || c == ',') return null;
            i--;
        }
        int end = i;
        while (i > 0 && isWordChar(s.charAt(i - 1))) i--;
        return end > i ? trimApos(s, i, end) : null;
    }

    static String nextWord(String s, int pos) {
        int i = pos;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        int st = i;
        while (i < s.length() && isWordChar(s.charAt(i))) i++;
        return i > st ? trimApos(s, st, i) : null;
    }

    private static String trimApos(String s, int a, int b) {
        while (a < b && s.charAt(a) == '\'') a++;
        while (b > a && s.charAt(b - 1) == '\'') b--;
        return s.substring(a, b);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '\'';
    }

    /** Lower-cases one char (length-preserving) and folds typographic quotes to ASCII. */
    static char normalise(char c) {
        if (c < 128) return (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
        switch (c) {
            case '\u2018': case '\u2019': case '\u02BC': case '\u00B4': case '\u2032':
                return '\'';
            case '\u201C': case '\u201D': case '\u201E': case '\u00AB': case '\u00BB': case '\u2033':
                return '"';
            default:
                return Character.toLowerCase(c);
        }
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
