package io.lastlight.classify;

import static io.lastlight.classify.TextFeatures.hashString;

/**
 * The tokeniser of {@link TextFeatures}: splits a post's normalised text into tokens (words folded to canonical chars,
 * @mentions, URLs and numbers as one token each), with their offsets in the post, a hash and the cue bits of each.
 */
final class FeatureTokeniser {
    private final WordIndex cues;
    private final long hMention, hUrl, hNum;

    FeatureTokeniser() {
        this.cues = CueWords.index();
        this.hMention = hashString("<mention>");
        this.hUrl = hashString("<url>");
        this.hNum = hashString("<num>");
    }

    /** Splits the normalised text into tokens: original offsets, canonical chars, and a 64-bit hash per token. */
    void tokenise(String text, TextFeatures.Buf b) {
        tokenise(b.norm.of(text), b);
    }

    /** Tokenises the normalised text {@code norm} (read only) into {@code b}. */
    void tokenise(TextNormaliser.Normalised norm, TextFeatures.Buf b) {
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
    private static int addToken(TextFeatures.Buf b, int[] orig, int nt, int start, int end, int cstart, int clen, long hash) {
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

    /** The letter a leetspeak digit or symbol stands for (0-o 1-i 3-e 4-a 5-s 7-t @-a $-s); {@code c} itself otherwise. */
    static char leet(char c) {
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
}
