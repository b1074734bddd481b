package io.lastlight.classify;

import java.util.Arrays;

/** Per-thread buffers of {@link RulesClassifier}: the normalised post, its offsets, and the anchor words present in it. */
final class RulesScratch {
    char[] buf = new char[512];
    /** Offset in the post text of each normalised char ({@link TextNormaliser}). */
    int[] orig = new int[513];
    boolean[] present;
    int[] hits = new int[64];
    int nhits;

    RulesScratch(int vocab) {
        present = new boolean[vocab + 1];
    }

    void ensure(int len) {
        if (buf.length < len) buf = new char[Math.max(len, buf.length * 2)];
        if (orig.length <= len) orig = new int[Math.max(len + 1, orig.length * 2)];
    }

    /**
     * Maps leetspeak digits/symbols inside words to letters (k1ll, g4y, $hoot: 0-o 1-i 3-e 4-a 5-s 7-t @-a $-s) in
     * place, then rescans for anchors. Only runs when the post has such a character next to a letter; returns
     * whether an anchor was found after mapping.
     */
    static boolean deLeet(char[] buf, int n, RulesScratch s, WordIndex vocab) {
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            char c = buf[i];
            char m = FeatureTokeniser.leet(c);
            if (m == c) continue;
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
}
