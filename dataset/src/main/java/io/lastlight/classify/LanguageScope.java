package io.lastlight.classify;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The classifier's scope is English: its rules, lexicon and training data are English, so on other languages it only
 * produces noise (German and Dutch "die" is an article, "Die Wahl wurde gestohlen." scored 0.30 and was flagged) and
 * misses plain threats ("Je vais te tuer, traître."). A post outside the scope is left unlabelled (null), like a post
 * with no text, with the reason in its rules ({@link #reason}).
 *
 * <p>The platform's language code decides when there is one (not starting with {@code en}; the BCP 47 codes for
 * "undetermined", "multiple", "no linguistic content" and "uncoded" count as none). Without a code a function-word test
 * decides: the text is non-English only when it has at least two distinct frequent function words of one of German,
 * Dutch, Spanish, Portuguese, French or Italian and no English one, or at least four and four times as many as English
 * ones. Short and mixed texts therefore stay English. The word lists leave out words shared with English ("a", "in", "was",
 * "is", "me", "so", "an", "on", "do", "as"), except German/Dutch "die", which only counts with another function word.
 */
public final class LanguageScope {
    /** Rule id recorded for a post left unlabelled because it is not English. */
    public static final String RULE = "not-english";
    private static final Set<String> NONE = Set.of("und", "mul", "zxx", "mis");

    private static final Set<String> ENGLISH = Set.of("the", "and", "to", "of", "are", "were", "be", "been",
            "you", "i", "we", "they", "he", "she", "it", "that", "this", "with", "for", "at", "not", "have", "has",
            "had", "would", "should", "can", "my", "your", "our", "their", "them", "his", "her", "what", "who",
            "just", "all", "but", "from", "by", "if", "do", "dont", "about", "there", "or",
            "its", "get", "going", "gonna", "us", "these", "those", "every", "need", "must", "let", "lets");

    /** Frequent function words per language, none of them an English word (except de/nl "die"), in test order. */
    private static final Map<String, Set<String>> OTHERS = new LinkedHashMap<>();

    /**
     * One look-up per word: bit 0 set for an English function word, bit k + 1 for one of {@code CODES[k]}. The test
     * runs on every post without a language code (all of Parler's), so it costs one hash probe a word, not seven, and
     * the probe reads the word in the normalised text's buffer ({@link WordIndex}): {@code WORDS} gives a function
     * word's number, {@code MASK[number]} its bits, and the distinct words seen are bits of a small array, so a post
     * costs no String or set.
     */
    private static final String[] CODES;
    private static final WordIndex WORDS;
    private static final int[] MASK;

    static {
        OTHERS.put("de", Set.of("der", "die", "das", "und", "ist", "nicht", "ich", "du", "wir", "ihr", "ein", "eine",
                "einen", "einem", "dem", "des", "zu", "mit", "von", "für", "auf", "sind", "wurde", "werden", "werde",
                "haben", "auch", "aber", "noch", "nur", "wie", "wenn", "dass", "oder", "sehr", "uns", "jeden", "diese",
                "dieser", "dich", "mich", "mir", "dir", "sich", "muss", "müssen", "kein", "keine", "danke", "heute"));
        OTHERS.put("nl", Set.of("de", "het", "een", "en", "ik", "niet", "dat", "die", "van", "zijn", "te", "met",
                "voor", "maar", "ook", "wij", "jij", "je", "naar", "dit", "wat", "nog", "wel", "geen", "heeft", "hebben",
                "denk", "moet", "moeten", "worden", "werd", "bij", "uit", "zo", "ze", "hij"));
        OTHERS.put("es", Set.of("el", "la", "los", "las", "de", "del", "que", "en", "un", "una", "por", "para", "es",
                "está", "están", "pero", "como", "más", "muy", "todos", "todas", "fue", "yo", "tú", "nosotros", "su",
                "sus", "le", "se", "voy", "vamos", "este", "esta", "gracias", "ser", "sobre", "también"));
        OTHERS.put("pt", Set.of("os", "de", "dos", "das", "que", "em", "uma", "para",
                "não", "mais", "muito", "todos", "foi", "pela", "pelo", "aos", "eu", "nós", "vou", "vamos", "temos",
                "te", "se", "isso", "este", "esta", "obrigado", "obrigada", "também", "já", "são", "está", "ao", "nos"));
        OTHERS.put("fr", Set.of("le", "la", "les", "de", "des", "du", "et", "est", "une", "un", "pas", "que", "qui", "pour",
                "avec", "sur", "nous", "vous", "je", "tu", "il", "ils", "elle", "ce", "cette", "dans", "vais", "te",
                "mais", "très", "tous", "sont", "être", "au", "aux", "merci", "ne", "se"));
        OTHERS.put("it", Set.of("il", "la", "gli", "le", "di", "del", "della", "che", "è", "un", "una", "per",
                "non", "sono", "come", "più", "molto", "tutti", "questo", "questa", "io", "noi", "voi", "ti", "ci",
                "grazie", "anche", "nel", "nella", "alla", "si"));
        CODES = OTHERS.keySet().toArray(new String[0]);
        Map<String, Integer> masks = new HashMap<>();
        for (String w : ENGLISH) masks.merge(w, 1, (a, b) -> a | b);
        for (int k = 0; k < CODES.length; k++) {
            int bit = 2 << k;
            for (String w : OTHERS.get(CODES[k])) masks.merge(w, bit, (a, b) -> a | b);
        }
        WORDS = new WordIndex(masks.size());
        MASK = new int[masks.size()];
        int k = 0;
        for (Map.Entry<String, Integer> e : masks.entrySet()) {
            WORDS.put(e.getKey(), k);
            MASK[k++] = e.getValue();
        }
    }


    private LanguageScope() {}

    /**
     * Why a post is outside the classifier's scope, or null when it is English (or may be): {@code not-english/lang=XX}
     * for a platform code, {@code not-english/words=XX} for the function-word test (XX its best guess).
     */
    public static String reason(String text, String lang) {
        String code = code(lang);
        if (code != null) return code.isEmpty() ? null : RULE + "/lang=" + code;
        String guess = guess(text);
        return guess == null ? null : RULE + "/words=" + guess;
    }

    /** As {@link #reason(String, String)} for a post already normalised ({@link TextNormaliser}) into {@code norm[0, n)}. */
    static String reason(char[] norm, int n, String lang) {
        String code = code(lang);
        if (code != null) return code.isEmpty() ? null : RULE + "/lang=" + code;
        String guess = guess(norm, n);
        return guess == null ? null : RULE + "/words=" + guess;
    }

    /** The platform code that decides (lower-case), "" when it says English, null when there is none. */
    private static String code(String lang) {
        if (lang == null || lang.isBlank()) return null;
        String code = lang.strip().toLowerCase(java.util.Locale.ROOT);
        if (NONE.contains(code)) return null;
        return code.startsWith("en") ? "" : code;
    }

    /** The function-word test alone: the language the text clearly is instead of English, or null. */
    static String guess(String text) {
        if (text == null || text.isEmpty()) return null;
        char[] norm = new char[text.length()];
        return guess(norm, TextNormaliser.normalise(text, norm, new int[text.length() + 1]));
    }

    /** The function-word test on the normalised text {@code norm[0, n)}. */
    static String guess(char[] norm, int n) {
        long[] seen = null;
        char[] bare = null; // a word with its apostrophes dropped
        int en = 0;
        int[] counts = new int[CODES.length];
        int i = 0;
        while (i < n) {
            if (!Character.isLetter(norm[i])) {
                i++;
                continue;
            }
            int e = i;
            boolean apostrophe = false;
            while (e < n && (Character.isLetter(norm[e]) || norm[e] == '\'')) {
                if (norm[e] == '\'') apostrophe = true;
                e++;
            }
            int id;
            if (!apostrophe) {
                id = WORDS.get(norm, i, e);
            } else {
                if (bare == null || bare.length < e - i) bare = new char[Math.max(32, e - i)];
                int len = 0;
                for (int k = i; k < e; k++) if (norm[k] != '\'') bare[len++] = norm[k];
                id = WORDS.get(bare, 0, len);
            }
            i = e;
            if (id < 0) continue;
            if (seen == null) seen = new long[(MASK.length + 63) >>> 6];
            if ((seen[id >>> 6] & (1L << id)) != 0) continue;  // distinct words count
            seen[id >>> 6] |= 1L << id;
            int mask = MASK[id];
            if ((mask & 1) != 0) en++;
            for (int k = 0; k < CODES.length; k++) {
                if ((mask & (2 << k)) != 0) counts[k]++;
            }
        }
        String best = null;
        int bestCount = 0;
        for (int k = 0; k < CODES.length; k++) {
            if (counts[k] > bestCount) {
                best = CODES[k];
                bestCount = counts[k];
            }
        }
        boolean clear = (bestCount >= 2 && en == 0) || (bestCount >= 4 && bestCount >= 4 * en);
        return clear ? best : null;
    }
}
