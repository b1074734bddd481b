package io.lastlight.classify;

/**
 * The one text normalisation of the rules ({@link RulesClassifier}) and the model's tokeniser ({@link TextFeatures}),
 * so both read a post the same way. It undoes the usual ways of hiding a word from a keyword match:
 * <ul>
 *   <li>every Unicode space separator (U+00A0, U+2000–U+200A, U+202F, U+205F, U+3000) becomes a plain space, so
 *       "we should&lt;NBSP&gt;hang" matches the patterns written with {@code \s};</li>
 *   <li>full-width ASCII (U+FF01–U+FF5E, "ＨＡＮＧ") becomes ASCII;</li>
 *   <li>Cyrillic and Greek letters that look like Latin ones ("kіll" with a Cyrillic і) become the Latin letter, but only
 *       inside a word that also has a Latin letter, so Russian or Greek words are left alone. The table is the subset of
 *       Unicode's confusables.txt (UTS #39, https://www.unicode.org/Public/security/latest/confusables.txt) whose
 *       skeleton is one ASCII letter; Greek κ and τ are not in it (their skeletons are ĸ and ᴛ), capital Κ and Τ are;</li>
 *   <li>zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and the soft hyphen (U+00AD) are dropped: inside a
 *       word they are part of it ("ki&lt;ZWSP&gt;ll" is "kill"), next to a space or punctuation they are invisible
 *       ("Execute&lt;WJ&gt; the traitors" is "Execute the traitors");</li>
 *   <li>a letter repeated more than twice is cut to two ("killlll" → "kill", "diiiie" → "diie"), as the tokeniser
 *       always did;</li>
 *   <li>lower-casing and typographic quotes folded to ASCII ({@link RulesClassifier#normalise(char)}).</li>
 * </ul>
 * Dropping characters shifts offsets, so the normaliser also fills {@code orig}: {@code orig[i]} is the offset in the
 * original text of normalised char {@code i} and {@code orig[len]} is the text's length. Evidence spans are mapped
 * back through it, so {@code violent_spans} stay UTF-16 offsets into the post text. No allocation: the caller owns the
 * buffers.
 */
final class TextNormaliser {
    private TextNormaliser() {}

    /**
     * Normalises {@code text} into {@code out} (at least {@code text.length()} chars) with the source offsets in
     * {@code orig} (at least {@code text.length() + 1}); returns the normalised length.
     */
    static int normalise(String text, char[] out, int[] orig) {
        int n = text.length();
        int m = 0;
        boolean confusable = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 128) { // most chars: none of the cases below applies to ASCII but lower-casing
                out[m] = (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
            } else if (isZeroWidth(c)) {
                continue;
            } else if (isSpaceSeparator(c)) {
                out[m] = ' ';
            } else if (c >= '\uFF01' && c <= '\uFF5E') {
                out[m] = RulesClassifier.normalise((char) (c - 0xFEE0));
            } else {
                char l = latinLookalike(c);
                if (l != 0) confusable = true;
                out[m] = RulesClassifier.normalise(c);
            }
            orig[m++] = i;
        }
        orig[m] = n;
        if (confusable) foldConfusables(text, out, orig, m);
        return collapseRuns(out, orig, m);
    }

    /**
     * A post's normalised text and its offset map, filled once per post ({@link #of}) and read by the rules, the
     * model's tokeniser and the language test: each used to normalise the same text again, three passes a post on the
     * build's hot path. Not thread-safe: one per thread, reused from post to post (it grows, never shrinks).
     */
    static final class Normalised {
        char[] chars = new char[512];
        /** {@code orig[i]}: offset in the post text of {@code chars[i]}; {@code orig[length]} is the text's length. */
        int[] orig = new int[513];
        int length;

        /** Normalises {@code text} into this buffer; returns this. */
        Normalised of(String text) {
            int len = text.length();
            if (chars.length < len) chars = new char[Math.max(len, chars.length * 2)];
            if (orig.length <= len) orig = new int[Math.max(len + 1, orig.length * 2)];
            length = normalise(text, chars, orig);
            return this;
        }
    }

    /** Convenience for tests and callers off the hot path: the normalised text. */
    static String normalise(String text) {
        char[] out = new char[text.length()];
        int m = normalise(text, out, new int[text.length() + 1]);
        return new String(out, 0, m);
    }

    /** Maps look-alike letters to Latin inside words that have a Latin letter (a-z after folding). */
    private static void foldConfusables(String text, char[] out, int[] orig, int m) {
        int i = 0;
        while (i < m) {
            if (!Character.isLetter(out[i])) {
                i++;
                continue;
            }
            int e = i;
            boolean latin = false, lookalike = false;
            while (e < m && Character.isLetter(out[e])) {
                char c = out[e];
                if (c >= 'a' && c <= 'z') latin = true;
                else if (latinLookalike(text.charAt(orig[e])) != 0) lookalike = true;
                e++;
            }
            if (latin && lookalike) {
                for (int k = i; k < e; k++) {
                    char l = latinLookalike(text.charAt(orig[k]));
                    if (l != 0) out[k] = RulesClassifier.normalise(l);
                }
            }
            i = e;
        }
    }

    /** Cuts runs of a letter longer than two to two, compacting {@code out} and {@code orig}; returns the new length. */
    private static int collapseRuns(char[] out, int[] orig, int m) {
        int w = 0, run = 0;
        char prev = 0;
        for (int r = 0; r < m; r++) {
            char c = out[r];
            run = c == prev && Character.isLetter(c) ? run + 1 : 1;
            prev = c;
            if (run > 2) continue;
            out[w] = c;
            orig[w++] = orig[r];
        }
        orig[w] = orig[m];
        return w;
    }

    static boolean isZeroWidth(char c) {
        return (c >= '\u200B' && c <= '\u200D') || c == '\u2060' || c == '\uFEFF' || c == '\u00AD';
    }

    /** Unicode category Zs other than the plain space. */
    static boolean isSpaceSeparator(char c) {
        return c == '\u00A0' || (c >= '\u2000' && c <= '\u200A') || c == '\u202F' || c == '\u205F' || c == '\u3000' || c == '\u1680';
    }

    /**
     * The Latin letter a Cyrillic or Greek letter is confusable with (confusables.txt entries whose skeleton is a
     * single ASCII letter), or 0.
     */
    static char latinLookalike(char c) {
        return switch (c) {
            // Cyrillic small
            case '\u0430' -> 'a'; case '\u0435' -> 'e'; case '\u043E' -> 'o'; case '\u0440' -> 'p'; case '\u0441' -> 'c';
            case '\u0443' -> 'y'; case '\u0445' -> 'x'; case '\u0456' -> 'i'; case '\u0458' -> 'j'; case '\u0455' -> 's';
            case '\u0501' -> 'd'; case '\u051B' -> 'q'; case '\u051D' -> 'w'; case '\u04BB' -> 'h';
            // Cyrillic capital
            case '\u0410' -> 'A'; case '\u0412' -> 'B'; case '\u0415' -> 'E'; case '\u041A' -> 'K'; case '\u041C' -> 'M';
            case '\u041D' -> 'H'; case '\u041E' -> 'O'; case '\u0420' -> 'P'; case '\u0421' -> 'C'; case '\u0422' -> 'T';
            case '\u0425' -> 'X'; case '\u0405' -> 'S'; case '\u0406' -> 'I'; case '\u0408' -> 'J'; case '\u04AE' -> 'Y';
            case '\u051A' -> 'Q'; case '\u051C' -> 'W';
            // Greek small
            case '\u03B1' -> 'a'; case '\u03B3' -> 'y'; case '\u03B9' -> 'i'; case '\u03BD' -> 'v'; case '\u03BF' -> 'o';
            case '\u03C1' -> 'p';
            // Greek capital
            case '\u0391' -> 'A'; case '\u0392' -> 'B'; case '\u0395' -> 'E'; case '\u0396' -> 'Z'; case '\u0397' -> 'H';
            case '\u0399' -> 'I'; case '\u039A' -> 'K'; case '\u039C' -> 'M'; case '\u039D' -> 'N'; case '\u039F' -> 'O';
            case '\u03A1' -> 'P'; case '\u03A4' -> 'T'; case '\u03A5' -> 'Y'; case '\u03A7' -> 'X';
            default -> 0;
        };
    }
}
