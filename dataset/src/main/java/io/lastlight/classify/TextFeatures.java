package io.lastlight.classify;

import java.util.List;

import static io.lastlight.classify.CueWords.ALL;
import static io.lastlight.classify.CueWords.CALL;
import static io.lastlight.classify.CueWords.CONTEXT;
import static io.lastlight.classify.CueWords.DEATH;
import static io.lastlight.classify.CueWords.LEGAL;
import static io.lastlight.classify.CueWords.MODAL;
import static io.lastlight.classify.CueWords.NEG;
import static io.lastlight.classify.CueWords.REPORT;
import static io.lastlight.classify.CueWords.SELF;
import static io.lastlight.classify.CueWords.STRONG;
import static io.lastlight.classify.CueWords.TARGET;
import static io.lastlight.classify.CueWords.WEAK;
import static io.lastlight.classify.CueWords.WISH;
import static io.lastlight.classify.CueWords.YOU;

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
 * <p>Tokens come from {@link FeatureTokeniser}, their cue bits from {@link CueWords}.
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

    private final int bits;
    private final FeatureTokeniser tokeniser;

    public TextFeatures(int bits) {
        if (bits < 10 || bits > 24) throw new IllegalArgumentException("hash bits must be in 10..24: " + bits);
        this.bits = bits;
        this.tokeniser = new FeatureTokeniser();
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
        tokeniser.tokenise(text, b);
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
        tokeniser.tokenise(text, b);
        return violenceCue(b);
    }

    /** As {@link #violenceCue(String, Buf)} for a post already normalised into {@code b.norm}. */
    boolean violenceCueNormalised(Buf b) {
        tokeniser.tokenise(b.norm, b);
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
        tokeniser.tokenise(text, b);
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

    /** The cue bits of token {@code i} (looked up once, by {@link FeatureTokeniser#tokenise}). */
    private static int cueOf(Buf b, int i) {
        return b.cue[i];
    }

    static long hashString(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) h = (h ^ s.charAt(i)) * 0x100000001b3L;
        return h;
    }
}
