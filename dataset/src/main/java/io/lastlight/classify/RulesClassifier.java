package io.lastlight.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lastlight.classify.RuleTable.Rule;

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
 * <p>The rule table is parsed by {@link RuleTable}; the vetoes are {@link Vetoes}, over the per-post facts of
 * {@link PostContext}.
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

    private static volatile RulesClassifier standard;

    private final String version;
    private final RuleTable table;
    private final List<Rule> rules;
    private final WordIndex vocab;
    private final Vetoes vetoes;
    private final Label negative;
    private final ThreadLocal<RulesScratch> scratch;

    record Match(Rule rule, int start, int end) {}

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
        this.table = new RuleTable(rulesTsv, lexiconTsv);
        this.rules = table.rules;
        this.vocab = table.vocab;
        this.vetoes = new Vetoes(table);
        int vocabSize = table.vocabSize;
        scratch = ThreadLocal.withInitial(() -> new RulesScratch(vocabSize));
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
        out.addAll(table.idioms);
        out.add(table.contestCue);
        out.add(table.fictionCue);
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
        RulesScratch s = scratch.get();
        s.ensure(text.length());
        return classify(text, s, TextNormaliser.normalise(text, s.buf, s.orig));
    }

    /** As {@link Classifier#classify(String, String)}, normalising the text once for the language test and the rules. */
    @Override
    public Label classify(String text, String lang) {
        RulesScratch s = scratch.get();
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
        RulesScratch s = scratch.get();
        s.ensure(text.length());
        System.arraycopy(norm.chars, 0, s.buf, 0, norm.length);
        System.arraycopy(norm.orig, 0, s.orig, 0, norm.length + 1);
        return classify(text, s, norm.length);
    }

    /** Classifies {@code text} normalised into {@code s.buf[0, n)} with offsets {@code s.orig}. */
    private Label classify(String text, RulesScratch s, int n) {
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
        RulesScratch.deLeet(buf, n, s, vocab);
        if (s.nhits == 0 && !hash) return negative;
        try {
            return evaluate(text, new String(buf, 0, n), s, n, hash);
        } finally {
            for (int i = 0; i < s.nhits; i++) s.present[s.hits[i]] = false;
            s.nhits = 0;
        }
    }

    /** Runs the rules on {@code norm}, the normalised text, also in {@code s.buf[0, n)}. */
    private Label evaluate(String text, String norm, RulesScratch s, int n, boolean hash) {
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

        PostContext ctx = new PostContext(table, norm, s.buf, n);
        Map<String, Double> counted = new LinkedHashMap<>();
        Map<String, Double> vetoed = new LinkedHashMap<>();
        List<Span> spans = new ArrayList<>();
        List<Span> suppressed = new ArrayList<>();
        found.sort(Comparator.comparingInt(Match::start).thenComparingInt(Match::end));
        Set<String> seen = new LinkedHashSet<>();
        for (Match m : found) {
            String veto = vetoes.veto(m, norm, ctx);
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

    private boolean anchored(Rule r, RulesScratch s) {
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

    private static boolean isName(String original, int from, int to) {
        if (to - from < 2) return false;
        char c0 = original.charAt(from), c1 = original.charAt(from + 1);
        return Character.isUpperCase(c0) && !Character.isUpperCase(c1) && !original.substring(from, to).equals("I");
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
}
