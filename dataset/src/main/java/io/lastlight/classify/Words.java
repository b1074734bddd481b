package io.lastlight.classify;

/** Word helpers of the vetoes over normalised text: a word is letters, digits and apostrophes, trimmed of edge apostrophes. */
final class Words {
    private Words() {}

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

    static String trimApos(String s, int a, int b) {
        while (a < b && s.charAt(a) == '\'') a++;
        while (b > a && s.charAt(b - 1) == '\'') b--;
        return s.substring(a, b);
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '\'';
    }
}
