package io.lastlight.classify;

import java.util.List;

/**
 * The violence-vocabulary gate of the learned model ({@link TextFeatures#violenceCue}): word stems, and key words
 * matched with one typo. Works on normalised token characters (lower case, leetspeak folded, apostrophes dropped).
 */
final class ViolenceGate {
    private ViolenceGate() {}

    /**
     * Stems of violence vocabulary for the gate ({@link TextFeatures#violenceCue}): a token that starts with one of these (after
     * normalisation: lower case, leetspeak folded, apostrophes dropped) is a cue.
     */
    static final List<String> GATE_STEMS = List.of("kill", "murder", "shoot", "shot", "hang", "hung", "lynch", "stab", "execut",
            "exterminat", "slaughter", "behead", "decapitat", "dead", "death", "deth", "bullet", "gun", "nuke", "nuking", "bomb",
            "gas", "burn", "noose", "rope", "genocid", "purg", "wipe", "wiping", "elimin", "eradic", "beat", "punch", "rape",
            "raping", "massacr", "guillotin", "gallow", "firing", "blood", "bleed", "tortur", "drown", "chok", "strangl",
            "poison", "knife", "knive", "slit", "throat", "cull", "annihil", "destroy", "lava", "carcass", "corpse", "coffin",
            "bury", "buried", "oven", "hurt", "attack", "smash", "crush", "bash", "whip", "flog", "kick", "slap", "ammo", "rifle",
            "pistol", "weapon", "armed", "violen", "explod", "torch", "sniper", "impal", "castrat", "steriliz", "sterilis",
            "euthan", "assassin", "annihilat", "mutilat", "dismember", "crucif", "electrocut", "suffocat", "smother", "maim",
            "shank", "skull", "spray", "grenade", "molotov", "missile", "artillery", "machete", "bat", "slay", "slain", "perish",
            "suffer", "pain", "extinct", "hollow", "9mm", "ak47", "ar15", "napalm", "cleans", "fight", "war", "revolution",
            "riot", "die", "dying", "dy", "ded", "rip", "end", "nail", "pike", "chipper", "mulch", "waterboard",
            "dispos", "erase", "cut", "bodies", "body", "cannon", "punish", "bang", "crow", "maker", "target", "radioactiv",
            "sodom", "helicopter", "tar", "feather", "hit", "cap", "misery", "pavement", "electrif", "trench", "glass", "pine",
            "alive", "neck", "rid");
    /** Words also matched with one typo (optimal string alignment distance 1), e.g. {@code klil}, {@code murdr}, {@code execuetd}. */
    static final List<String> GATE_FUZZY = List.of("kill", "killed", "murder", "death", "dead", "execute", "executed", "torture",
            "strangle", "suffer", "shoot", "hang", "hanged", "lynch", "lynched", "stab", "slaughter", "exterminate", "behead", "rape",
            "massacre", "bullet");
    private static final char[][] FUZZY = GATE_FUZZY.stream().map(String::toCharArray).toArray(char[][]::new);
    /**
     * The {@link #FUZZY} words (bit k for word k) a token can be one edit from, by the token's first two chars: one
     * edit leaves the token's first or second char equal to the word's first or second (an edit after the first char
     * keeps the first; a substitution of the first keeps the second; a swap, insertion or deletion there moves one
     * onto the other), so only words with {@code c} among their first two chars can match a token with {@code c}
     * among its first two. A token usually gets none, and no {@link #osa1} call.
     */
    private static final int[] FUZZY_BY_CHAR = new int[128];
    /** The {@link #FUZZY} words within one char of a token length. */
    private static final int[] FUZZY_BY_LENGTH = new int[14];

    static {
        if (FUZZY.length > 31) throw new IllegalStateException("GATE_FUZZY has more words than an int mask holds");
        for (int k = 0; k < FUZZY.length; k++) {
            char[] w = FUZZY[k];
            FUZZY_BY_CHAR[w[0]] |= 1 << k;
            FUZZY_BY_CHAR[w[1]] |= 1 << k;
            for (int len = 0; len < FUZZY_BY_LENGTH.length; len++) if (Math.abs(w.length - len) <= 1) FUZZY_BY_LENGTH[len] |= 1 << k;
        }
    }
    /** Gate stems by their first character (ASCII), so a token is compared with a handful of stems. */
    private static final char[][][] GATE = new char[128][][];

    static {
        for (int c = 0; c < 128; c++) {
            final char ch = (char) c;
            GATE[c] = GATE_STEMS.stream().filter(w -> w.charAt(0) == ch).map(String::toCharArray).toArray(char[][]::new);
        }
    }

    /** A token within one edit (insert, delete, substitute, swap of neighbours) of a {@link #GATE_FUZZY} word, or ending in "die". */
    static boolean fuzzy(char[] buf, int s, int len) {
        if (len >= 4 && len <= 8 && buf[s + len - 3] == 'd' && buf[s + len - 2] == 'i' && buf[s + len - 1] == 'e') return true;
        if (len < 4 || len > 12) return false;
        char c0 = buf[s], c1 = buf[s + 1];
        int candidates = ((c0 < 128 ? FUZZY_BY_CHAR[c0] : 0) | (c1 < 128 ? FUZZY_BY_CHAR[c1] : 0)) & FUZZY_BY_LENGTH[len];
        while (candidates != 0) {
            int k = Integer.numberOfTrailingZeros(candidates);
            if (osa1(buf, s, len, FUZZY[k])) return true;
            candidates &= candidates - 1;
        }
        return false;
    }

    /** Optimal string alignment distance of {@code buf[s, s+len)} and {@code w} is at most 1. */
    static boolean osa1(char[] buf, int s, int len, char[] w) {
        int i = 0;
        while (i < len && i < w.length && buf[s + i] == w[i]) i++;
        if (i == len && i == w.length) return true;
        // compare the rests after one edit at position i
        if (len == w.length) {
            if (rest(buf, s + i + 1, len - i - 1, w, i + 1)) return true; // substitution
            return i + 1 < len && buf[s + i] == w[i + 1] && buf[s + i + 1] == w[i] && rest(buf, s + i + 2, len - i - 2, w, i + 2); // swap
        }
        if (len == w.length + 1) return rest(buf, s + i + 1, len - i - 1, w, i); // extra char in the token
        if (len + 1 == w.length) return rest(buf, s + i, len - i, w, i + 1); // missing char in the token
        return false;
    }

    private static boolean rest(char[] buf, int s, int n, char[] w, int from) {
        if (w.length - from != n || n < 0) return false;
        for (int k = 0; k < n; k++) if (buf[s + k] != w[from + k]) return false;
        return true;
    }

    static boolean stem(char[] buf, int s, int len) {
        if (len == 0 || buf[s] >= 128) return false;
        for (char[] g : GATE[buf[s]]) {
            if (g.length > len) continue;
            boolean ok = true;
            for (int k = 0; k < g.length && ok; k++) ok = buf[s + k] == g[k];
            if (ok) return true;
        }
        return false;
    }
}
