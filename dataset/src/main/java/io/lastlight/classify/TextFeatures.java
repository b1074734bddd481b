package io.lastlight.classify;

import java.util.List;
import java.util.Map;

/**
 * Turns a post into the sparse feature vector of the learned model ({@link LinearModel}): a few dense cue features
 * (the rules' label, score and vetoes, and whether the post has a violent verb, a person target, a negator, a modal,
 * and how they sit together), then hashed word 1–3-grams and character 3–5-grams of each word (fastText style, the
 * word padded with {@code <} and {@code >}), and the ids of the rules that fired or were vetoed.
 *
 * <p>Text normalisation: {@link TextNormaliser}, as the rules (spaces, full-width, look-alike letters, zero-width
 * characters, lower-case, curly quotes), then leetspeak digits inside words folded
 * ({@code k1ll} → {@code kill}), apostrophes dropped ({@code don't} → {@code dont}), letters repeated more than twice
 * cut to two ({@code diiiie} → {@code diie}), @mentions → one token, URLs → one token, numbers → one token.
 * Each word n-gram occurrence has value {@code 1/sqrt(#word n-grams)}, each character n-gram {@code 1/sqrt(#char
 * n-grams)} (times {@link #CHAR_SCALE}), so long posts do not get large margins; repeated n-grams add up (no sorting or de-duplication, hence
 * no allocation when scoring).
 *
 * <p>Instances are immutable and thread-safe; per-call buffers live in a {@link Buf} owned by the caller.
 */
public final class TextFeatures {
    /** Bumped whenever extraction changes; stored in the model file and checked when a model is loaded. */
    public static final String VERSION = "feat-2";
    /** Names of the dense cue features, in index order. */
    public static final List<String> CUES = List.of("bias", "rules.label", "rules.score", "rules.vetoed", "verb.strong",
            "verb.weak", "target.person", "negator", "modal", "verb&target", "verb&modal", "verb&negator", "verb&wish",
            "modal>verb", "verb>target", "negator>verb", "you&verb", "length", "death", "wish&death", "modal>death",
            "call>verb", "initial.verb", "verb>all", "legal&verb", "report&verb");
    public static final int NCUE = CUES.size();
    private static final int MAX_CHARGRAM_WORD = 24;
    /**
     * Character n-grams get 0.3 of the weight of word n-grams: at full weight they memorised the training posts (model
     * F1 on held-out GHC hate posts 0.33 vs 0.42 at 0.3 and 0.48 without them; pooled GHC + Implicit Hate 0.48 / 0.53 /
     * 0.51; leaving one dataset out, 0.3 was best or tied), see docs/classifier.md.
     */
    static final double CHAR_SCALE = 0.3;

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

    private final int bits;
    private final WordIndex cues;
    private final long hMention, hUrl, hNum;

    public TextFeatures(int bits) {
        if (bits < 10 || bits > 24) throw new IllegalArgumentException("hash bits must be in 10..24: " + bits);
        this.bits = bits;
        this.cues = cueIndex();
        this.hMention = hashString("<mention>");
        this.hUrl = hashString("<url>");
        this.hNum = hashString("<num>");
    }

    public int bits() {
        return bits;
    }

    /** Number of weights: the dense cues, then {@code 2^bits} hashed buckets. */
    public int dims() {
        return NCUE + (1 << bits);
    }

    /** Per-thread scratch: the features of the last post and its tokens (for evidence spans). */
    public static final class Buf {
        public int[] idx = new int[1024];
        public float[] val = new float[1024];
        public int n;
        /** The post's normalised text ({@link TextNormaliser}), shared with the rules and the language test. */
        final TextNormaliser.Normalised norm = new TextNormaliser.Normalised();
        char[] canon = new char[512];
        /** Per token: start and end in the post, canonical chars in {@code canon}, cue bits of the lexicon (looked up once). */
        int[] tokStart = new int[128], tokEnd = new int[128], canStart = new int[128], canLen = new int[128], cue = new int[128];
        long[] wh = new long[128];
        int[] wordFeatureStart = new int[1];
        int ntok;
        /**
         * Set by {@link #extract}: a negator shortly before a violent verb ("I would never hurt anyone"), a violent verb
         * aimed at it / me / myself ("killing it", "shoot me an email"), or a reporting, sports/games or fiction cue of
         * the rules' lexicon anywhere in the post ("reports say a man was shot", "my game"), or fewer than three words
         * ("#Hunting"); the hybrid then asks the model for more ({@link HybridClassifier#decide}).
         */
        public boolean guard;

        void add(int i, float v) {
            if (n == idx.length) {
                idx = java.util.Arrays.copyOf(idx, n * 2);
                val = java.util.Arrays.copyOf(val, n * 2);
            }
            idx[n] = i;
            val[n++] = v;
        }

        void ensureTokens(int k) {
            if (k <= tokStart.length) return;
            int m = Math.max(k, tokStart.length * 2);
            tokStart = java.util.Arrays.copyOf(tokStart, m);
            tokEnd = java.util.Arrays.copyOf(tokEnd, m);
            canStart = java.util.Arrays.copyOf(canStart, m);
            canLen = java.util.Arrays.copyOf(canLen, m);
            cue = java.util.Arrays.copyOf(cue, m);
            wh = java.util.Arrays.copyOf(wh, m);
        }
    }

    /**
     * Extracts the features of {@code text} given the rules' label for it into {@code b} (cleared first). The first
     * {@link #NCUE} entries are the dense cues, in order; then word n-grams (in token order: unigrams of token i, the
     * bigram and trigram starting at i), then character n-grams, then rule ids.
     */
    public void extract(String text, Label rules, Buf b) {
        tokenise(text, b);
        extractTokenised(rules, b);
    }

    /** As {@link #extract}, for a buffer that {@link #violenceCue(String, Buf)} has just filled with the same text. */
    public void extractTokenised(Label rules, Buf b) {
        b.n = 0;
        int nt = b.ntok;
        // cues
        int seen = 0;
        boolean modalVerb = false, verbTarget = false, negVerb = false, modalDeath = false, callVerb = false, verbAll = false, verbIt = false;
        boolean initialVerb = nt > 0 && (cueOf(b, 0) & (STRONG | WEAK)) != 0;
        for (int i = 0; i < nt; i++) {
            int c = cueOf(b, i);
            seen |= c;
            if ((c & (STRONG | WEAK | DEATH)) != 0) {
                for (int j = Math.max(0, i - 3); j < i; j++) {
                    int cj = cueOf(b, j);
                    if ((cj & MODAL) != 0) {
                        if ((c & DEATH) != 0) modalDeath = true;
                        else modalVerb = true;
                    }
                    if ((cj & NEG) != 0) negVerb = true;
                    if ((cj & CALL) != 0 && (c & DEATH) == 0) callVerb = true;
                }
                if ((c & DEATH) == 0) {
                    if (i + 1 < nt && (cueOf(b, i + 1) & SELF) != 0) verbIt = true;
                    for (int j = i + 1; j <= Math.min(nt - 1, i + 3); j++) {
                        int cj = cueOf(b, j);
                        if ((cj & TARGET) != 0) verbTarget = true;
                        if ((cj & ALL) != 0) verbAll = true;
                    }
                }
            }
        }
        boolean verb = (seen & (STRONG | WEAK)) != 0;
        boolean death = (seen & DEATH) != 0;
        b.guard = negVerb || verbIt || (seen & (REPORT | CONTEXT)) != 0 || nt < 3;
        b.add(0, 1f);
        b.add(1, rules.label() ? 1f : 0f);
        b.add(2, (float) rules.score());
        b.add(3, rules.suppressed().isEmpty() ? 0f : 1f);
        b.add(4, (seen & STRONG) != 0 ? 1f : 0f);
        b.add(5, (seen & WEAK) != 0 ? 1f : 0f);
        b.add(6, (seen & TARGET) != 0 ? 1f : 0f);
        b.add(7, (seen & NEG) != 0 ? 1f : 0f);
        b.add(8, (seen & MODAL) != 0 ? 1f : 0f);
        b.add(9, verb && (seen & TARGET) != 0 ? 1f : 0f);
        b.add(10, verb && (seen & MODAL) != 0 ? 1f : 0f);
        b.add(11, verb && (seen & NEG) != 0 ? 1f : 0f);
        b.add(12, verb && (seen & WISH) != 0 ? 1f : 0f);
        b.add(13, modalVerb ? 1f : 0f);
        b.add(14, verbTarget ? 1f : 0f);
        b.add(15, negVerb ? 1f : 0f);
        b.add(16, verb && (seen & YOU) != 0 ? 1f : 0f);
        b.add(17, (float) (Math.log1p(nt) / 5.0));
        b.add(18, death ? 1f : 0f);
        b.add(19, death && (seen & WISH) != 0 ? 1f : 0f);
        b.add(20, modalDeath ? 1f : 0f);
        b.add(21, callVerb ? 1f : 0f);
        b.add(22, initialVerb ? 1f : 0f);
        b.add(23, verbAll ? 1f : 0f);
        b.add(24, verb && (seen & LEGAL) != 0 ? 1f : 0f);
        b.add(25, (verb || death) && (seen & REPORT) != 0 ? 1f : 0f);
        // word 1-3-grams
        int nw = nt + Math.max(0, nt - 1) + Math.max(0, nt - 2);
        float vw = nw == 0 ? 0f : (float) (1.0 / Math.sqrt(nw));
        b.wordFeatureStart[0] = b.n;
        for (int i = 0; i < nt; i++) {
            long h1 = b.wh[i];
            b.add(bucket(h1 ^ 0x1111L), vw);
            if (i + 1 < nt) {
                long h2 = h1 * 0x9E3779B97F4A7C15L + b.wh[i + 1];
                b.add(bucket(h2 ^ 0x2222L), vw);
                if (i + 2 < nt) b.add(bucket((h2 * 0x9E3779B97F4A7C15L + b.wh[i + 2]) ^ 0x3333L), vw);
            }
        }
        // char 3-5-grams of each word, padded
        int nc = 0;
        for (int i = 0; i < nt; i++) {
            int len = Math.min(b.canLen[i], MAX_CHARGRAM_WORD) + 2;
            for (int g = 3; g <= 5; g++) if (len >= g) nc += len - g + 1;
        }
        float vc = nc == 0 ? 0f : (float) (CHAR_SCALE / Math.sqrt(nc));
        for (int i = 0; i < nt; i++) {
            int s = b.canStart[i];
            int len = Math.min(b.canLen[i], MAX_CHARGRAM_WORD) + 2;
            for (int a = 0; a + 3 <= len; a++) {
                long h = 0xcbf29ce484222325L;
                for (int k = 0; k < 5 && a + k < len; k++) {
                    int p = a + k;
                    char ch = p == 0 ? '<' : p == len - 1 ? '>' : b.canon[s + p - 1];
                    h = (h ^ ch) * 0x100000001b3L;
                    if (k >= 2) b.add(bucket(h ^ (0x4444L + k)), vc);
                }
            }
        }
        nt = b.ntok;
        // rule ids that fired and vetoes
        for (String r : rules.rules()) b.add(bucket(hashString("R:" + r)), 1f);
        for (Span s : rules.suppressed()) b.add(bucket(hashString("V:" + s.rule())), 0.5f);
    }

    /**
     * Whether the post has any violence vocabulary (a {@link ViolenceGate#GATE_STEMS} prefix on a token, or a violent verb of the
     * lexicon). The model only scores posts with a cue; the others get the model's base probability.
     */
    public boolean violenceCue(String text, Buf b) {
        tokenise(text, b);
        return violenceCue(b);
    }

    /** As {@link #violenceCue(String, Buf)} for a post already normalised into {@code b.norm}. */
    boolean violenceCueNormalised(Buf b) {
        tokenise(b.norm, b);
        return violenceCue(b);
    }

    boolean violenceCue(Buf b) {
        for (int i = 0; i < b.ntok; i++) {
            if ((cueOf(b, i) & (STRONG | WEAK | DEATH)) != 0) return true;
            if (ViolenceGate.stem(b.canon, b.canStart[i], b.canLen[i]) || ViolenceGate.fuzzy(b.canon, b.canStart[i], b.canLen[i])) return true;
            // spaced-out letters ("k i l l", "d e a d"): joined, in a scratch area after the canonical text
            if (b.canLen[i] == 1 && i + 2 < b.ntok && b.canLen[i + 1] == 1 && b.canLen[i + 2] == 1) {
                int j = i, n = 0;
                char[] joined = new char[32];
                while (j < b.ntok && b.canLen[j] == 1 && n < joined.length) joined[n++] = b.canon[b.canStart[j++]];
                if (ViolenceGate.stem(joined, 0, n)) return true;
                i = j - 1;
            }
        }
        return false;
    }

    /** Whether the text has a violent verb of the rules' lexicon (any form), after normalisation. */
    public boolean hasViolentVerb(String text, Buf b) {
        tokenise(text, b);
        for (int i = 0; i < b.ntok; i++) if ((cueOf(b, i) & (STRONG | WEAK)) != 0) return true;
        return false;
    }

    /** Index of the first word n-gram feature of the last extraction (they run to the first char n-gram). */
    static int wordFeatureStart(Buf b) {
        return b.wordFeatureStart[0];
    }

    /** The word n-gram hashes of the last extraction, in order, with their token ranges (for evidence). */
    static void forEachWordGram(Buf b, WordGramVisitor v) {
        int k = wordFeatureStart(b);
        for (int i = 0; i < b.ntok; i++) {
            v.visit(k++, b.tokStart[i], b.tokEnd[i]);
            if (i + 1 < b.ntok) {
                v.visit(k++, b.tokStart[i], b.tokEnd[i + 1]);
                if (i + 2 < b.ntok) v.visit(k++, b.tokStart[i], b.tokEnd[i + 2]);
            }
        }
    }

    interface WordGramVisitor {
        void visit(int featurePosition, int start, int end);
    }

    private int bucket(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return NCUE + (int) (h >>> (64 - bits));
    }

    /** The cue bits of token {@code i} (looked up once, by {@link #tokenise}). */
    private static int cueOf(Buf b, int i) {
        return b.cue[i];
    }

    static long hashString(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) h = (h ^ s.charAt(i)) * 0x100000001b3L;
        return h;
    }

    /** Splits the normalised text into tokens: original offsets, canonical chars, and a 64-bit hash per token. */
    private void tokenise(String text, Buf b) {
        tokenise(b.norm.of(text), b);
    }

    /** Tokenises the normalised text {@code norm} (read only) into {@code b}. */
    private void tokenise(TextNormaliser.Normalised norm, Buf b) {
        int n = norm.length;
        if (b.canon.length < n) b.canon = new char[Math.max(n, b.canon.length * 2)]; // canonical chars: at most one per normalised char
        char[] t = norm.chars;
        int[] orig = norm.orig;
        int nt = 0, cpos = 0;
        int i = 0;
        while (i < n) {
            char c = t[i];
            if (c == '@' && i + 1 < n && isWordChar(t[i + 1])) {
                int e = i + 1;
                while (e < n && (isWordChar(t[e]) || t[e] == '_')) e++;
                nt = addToken(b, orig, nt, i, e, cpos, 0, hMention);
                i = e;
                continue;
            }
            if (c == 'h' && n - i >= 7 && (startsWith(t, n, i, "http://") || startsWith(t, n, i, "https://"))) {
                int e = i;
                while (e < n && !Character.isWhitespace(t[e])) e++;
                nt = addToken(b, orig, nt, i, e, cpos, 0, hUrl);
                i = e;
                continue;
            }
            if (!isWordChar(c)) {
                i++;
                continue;
            }
            int e = i;
            boolean letters = false;
            while (e < n && (isWordChar(t[e]) || t[e] == '\'' || (t[e] == '*' && e + 1 < n && isWordChar(t[e + 1])))) {
                if (Character.isLetter(t[e])) letters = true;
                e++;
            }
            int start = cpos;
            char prev = 0;
            int run = 0;
            for (int k = i; k < e; k++) {
                char ch = t[k];
                if (ch == '\'') continue;
                if (letters) ch = leet(ch);
                run = ch == prev ? run + 1 : 1;
                prev = ch;
                if (run > 2) continue;
                b.canon[cpos++] = ch;
            }
            if (cpos == start) {
                i = e;
                continue;
            }
            long h;
            if (!letters) {
                h = hNum;
                cpos = start;
                b.canon[cpos++] = '0';
            } else {
                h = 0xcbf29ce484222325L;
                for (int k = start; k < cpos; k++) h = (h ^ b.canon[k]) * 0x100000001b3L;
            }
            nt = addToken(b, orig, nt, i, e, start, cpos - start, h);
            i = e;
        }
        b.ntok = nt;
        for (int k = 0; k < nt; k++) {
            int id = cues.get(b.canon, b.canStart[k], b.canStart[k] + b.canLen[k]);
            b.cue[k] = id < 0 ? 0 : id;
        }
    }

    private static boolean startsWith(char[] t, int n, int i, String prefix) {
        if (n - i < prefix.length()) return false;
        for (int k = 0; k < prefix.length(); k++) if (t[i + k] != prefix.charAt(k)) return false;
        return true;
    }

    /** Records a token; {@code start} and {@code end} are offsets into the normalised text, stored as offsets into the post. */
    private static int addToken(Buf b, int[] orig, int nt, int start, int end, int cstart, int clen, long hash) {
        b.ensureTokens(nt + 1);
        b.tokStart[nt] = orig[start];
        b.tokEnd[nt] = orig[end];
        b.canStart[nt] = cstart;
        b.canLen[nt] = clen;
        b.wh[nt] = hash;
        return nt + 1;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c);
    }

    private static char leet(char c) {
        return switch (c) {
            case '0' -> 'o';
            case '1' -> 'i';
            case '3' -> 'e';
            case '4' -> 'a';
            case '5' -> 's';
            case '7' -> 't';
            case '@' -> 'a';
            case '$' -> 's';
            default -> c;
        };
    }

    /** Cue words from the rules' lexicon (single words; apostrophes dropped as in tokens) plus modal and wish words. */
    private static WordIndex cueIndex() {
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
