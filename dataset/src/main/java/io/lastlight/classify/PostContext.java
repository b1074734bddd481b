package io.lastlight.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lastlight.classify.Words.isWordChar;

/** Lazily computed per-post facts used by the vetoes. */
final class PostContext {
    private final RuleTable table;
    final String norm;
    /** {@code norm}'s chars. */
    final char[] chars;
    final int n;
    List<int[]> idiomRanges;
    List<int[]> quotes;
    Boolean fiction;
    Boolean contest;

    PostContext(RuleTable table, String norm, char[] chars, int n) {
        this.table = table;
        this.norm = norm;
        this.chars = chars;
        this.n = n;
    }

    List<int[]> idioms() {
        if (idiomRanges == null) {
            idiomRanges = new ArrayList<>();
            for (int k = 0; k < table.idioms.size(); k++) {
                Matcher m = table.idioms.get(k).matcher(norm);
                MatchStarts starts = table.idiomStarts.get(k);
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
        if (fiction == null) fiction = found(table.fictionCue, table.fictionStarts);
        return fiction;
    }

    boolean contest() {
        if (contest == null) contest = found(table.contestCue, table.contestStarts);
        return contest;
    }

    private boolean found(Pattern p, MatchStarts starts) {
        Matcher m = p.matcher(norm);
        return starts.any() ? m.find() : starts.find(m, chars, 0, n);
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

    /** Words of {@code s} outside the quotation {@code q}: a quote the author comments on has at least two. */
    static int outsideWords(String s, int[] q) {
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
}
