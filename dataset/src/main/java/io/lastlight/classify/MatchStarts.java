package io.lastlight.classify;

import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a match of a regular expression can start, worked out once from the pattern's text, so a search tries the
 * pattern only there. {@link Matcher#find()} tries every position of the post, and most rules open with a word
 * alternation ({@code \b(?:string|strung)…|\bline…|\b(?:kill|shoot)…}) that costs a few branches at each; a rule can
 * usually start with a handful of letters only, and (after {@code \b}) only at the start of a word, so most positions
 * are skipped at the cost of a bit test. {@link #find} gives the matches {@code find()} gives: the same leftmost match at
 * each tried position, as it runs the same pattern with transparent, non-anchoring bounds ({@code \b}, look-arounds and
 * {@code ^} see the whole text, as in {@code find()}).
 *
 * <p>The chars a match can start with are worked out twice: after a word char ({@code [A-Za-z0-9_]}) and after any other
 * ASCII char; where {@code \b} or {@code \B} comes before the first char, it keeps the chars that give (or do not give) a
 * word boundary there. After a non-ASCII char, or at the text's start, both sets count (position 0 is always tried:
 * {@code ^} can match only there). A non-ASCII first char is kept by every {@code \b} (Java also counts a combining
 * mark after a letter as a word char).
 *
 * A negative look-behind of a char class ({@code (?<![\w'])}) rules a context out when the class holds all its chars.
 *
 * <p>The analysis is conservative: a construct it does not know (inline flags, back-references, {@code \G}, {@code \Q},
 * hex escapes, …), a pattern with flags, or one that can match the empty string gives {@link #any()}, and the caller
 * keeps to {@code find()}. Look-arounds and {@code $} only restrict where a match starts, so they are skipped; a char
 * class's chars are found by running the class itself on each Latin-1 char (above Latin-1, every char is taken as a
 * candidate); surrogates are always candidates (a class may match a supplementary code point).
 */
final class MatchStarts {
    private static final MatchStarts ANY = new MatchStarts(null, null, null);
    /** Char sets of escapes and classes by their text ({@code \s}, {@code [^.!?;]}): each is worked out once. */
    private static final Map<String, BitSet> CLASSES = new ConcurrentHashMap<>();
    /** First chars that are word chars for {@code \b} (ASCII letters, digits, '_'), or may be (non-ASCII). */
    private static final BitSet WORD = new BitSet(65536);
    /** First chars that are not word chars for {@code \b}, or may not be (non-ASCII). */
    private static final BitSet NON_WORD = new BitSet(65536);

    /** The ASCII word chars of {@code \b}, and the other ASCII chars. */
    private static final BitSet ASCII_WORD = new BitSet(128), ASCII_OTHER = new BitSet(128);

    static {
        for (int c = 0; c < 128; c++) (isWord((char) c) ? ASCII_WORD : ASCII_OTHER).set(c);
        for (int c = 0; c < 128; c++) (isWord((char) c) ? WORD : NON_WORD).set(c);
        WORD.set(128, 65536);
        NON_WORD.set(128, 65536);
    }

    /** Bit c set when a match can start with char c after a word char, after another ASCII char, after either; null: anywhere. */
    private final long[] afterWord, afterOther, afterAny;

    private MatchStarts(long[] afterWord, long[] afterOther, long[] afterAny) {
        this.afterWord = afterWord;
        this.afterOther = afterOther;
        this.afterAny = afterAny;
    }

    /** Where matches of {@code p} can start ({@link #any()} when that cannot be worked out). */
    static MatchStarts of(Pattern p) {
        if (p.flags() != 0) return ANY;
        try {
            long[] w = bits(p.pattern(), true), o = bits(p.pattern(), false);
            long[] a = new long[1024];
            for (int i = 0; i < a.length; i++) a[i] = w[i] | o[i];
            return new MatchStarts(w, o, a);
        } catch (Unsupported e) {
            return ANY;
        }
    }

    private static long[] bits(String re, boolean afterWord) {
        Analysis a = new Analysis(re, afterWord);
        Info info = a.alternation();
        if (a.pos != re.length() || info.nullable) throw new Unsupported();
        long[] bits = java.util.Arrays.copyOf(info.first.toLongArray(), 1024);
        for (int c = Character.MIN_SURROGATE; c <= Character.MAX_SURROGATE; c++) bits[c >>> 6] |= 1L << c;
        return bits;
    }

    /** True when every position must be tried (use {@link Matcher#find()}). */
    boolean any() {
        return afterAny == null;
    }

    /** Whether a match can start with {@code c} after {@code prev} (not at the text's start). */
    boolean canStart(char prev, char c) {
        if (afterAny == null) return true;
        long[] b = prev >= 128 ? afterAny : isWord(prev) ? afterWord : afterOther;
        return (b[c >>> 6] & (1L << c)) != 0;
    }

    /**
     * The first match of {@code m}'s pattern starting at or after {@code from} in {@code text}, which holds the
     * matcher's input ({@code text[0, n)}): what {@link Matcher#find()} finds after a match that ended at {@code from}.
     * Sets {@code m}'s bounds to transparent and non-anchoring, and its region. Not for {@link #any()}.
     */
    boolean find(Matcher m, char[] text, int from, int n) {
        m.useTransparentBounds(true).useAnchoringBounds(false);
        for (int p = from; p < n; p++) {
            if (p > 0) {
                char prev = text[p - 1], c = text[p];
                long[] b = prev >= 128 ? afterAny : isWord(prev) ? afterWord : afterOther;
                if ((b[c >>> 6] & (1L << c)) == 0) continue;
            }
            m.region(p, n);
            if (m.lookingAt()) return true;
        }
        return false;
    }

    private static boolean containsAll(BitSet set, BitSet of) {
        BitSet missing = (BitSet) of.clone();
        missing.andNot(set);
        return missing.isEmpty();
    }

    /** Java's {@code \b} word char, for ASCII. */
    private static boolean isWord(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** A construct the analysis does not handle. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    /**
     * What a piece of pattern can start with, whether it can match without consuming a char, and for {@code \b} and
     * {@code \B} ({@code filter} not null) the first chars they let through.
     */
    private record Info(BitSet first, boolean nullable, BitSet filter) {
        static Info empty() {
            return new Info(new BitSet(), true, null);
        }

        /** A piece that cannot match at the position (e.g. {@code ^} after the text's start). */
        static Info impossible() {
            return new Info(new BitSet(), false, null);
        }
    }

    /**
     * Recursive descent over the pattern text (Java syntax), computing {@link Info} for a match starting after a word
     * char ({@code afterWord}) or after another ASCII char; not at the text's start.
     */
    private static final class Analysis {
        final String re;
        final boolean afterWord;
        int pos;

        Analysis(String re, boolean afterWord) {
            this.re = re;
            this.afterWord = afterWord;
        }

        Info alternation() {
            Info acc = sequence();
            while (pos < re.length() && re.charAt(pos) == '|') {
                pos++;
                Info next = sequence();
                acc.first.or(next.first);
                acc = new Info(acc.first, acc.nullable || next.nullable, null);
            }
            return acc;
        }

        Info sequence() {
            BitSet first = new BitSet();
            boolean nullable = true;
            BitSet filter = null; // the \b and \B seen so far at the match's first position
            while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
                Info atom = quantified(atom());
                if (nullable) {
                    BitSet f = atom.first;
                    if (filter != null && !f.isEmpty()) {
                        f = (BitSet) f.clone();
                        f.and(filter);
                    }
                    first.or(f);
                    nullable = atom.nullable;
                    if (atom.filter != null) {
                        if (filter == null) {
                            filter = atom.filter;
                        } else {
                            filter = (BitSet) filter.clone();
                            filter.and(atom.filter);
                        }
                    }
                }
            }
            return new Info(first, nullable, null);
        }

        Info quantified(Info atom) {
            if (pos >= re.length()) return atom;
            char c = re.charAt(pos);
            int min;
            if (c == '?' || c == '*') {
                min = 0;
                pos++;
            } else if (c == '+') {
                min = 1;
                pos++;
            } else if (c == '{') {
                int close = re.indexOf('}', pos);
                if (close < 0) throw new Unsupported();
                String body = re.substring(pos + 1, close);
                if (!body.matches("\\d+(,\\d*)?")) throw new Unsupported();
                int comma = body.indexOf(',');
                min = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
                pos = close + 1;
            } else {
                return atom;
            }
            if (pos < re.length() && (re.charAt(pos) == '?' || re.charAt(pos) == '+')) pos++; // lazy or possessive
            if (pos < re.length() && "?*+{".indexOf(re.charAt(pos)) >= 0) throw new Unsupported();
            return new Info(atom.first, atom.nullable || min == 0, min == 0 ? null : atom.filter);
        }

        Info atom() {
            char c = re.charAt(pos);
            switch (c) {
                case '(' -> {
                    return group();
                }
                case '[' -> {
                    return new Info(chars(classText()), false, null);
                }
                case '\\' -> {
                    return escape();
                }
                case '.' -> {
                    pos++;
                    return new Info(chars("."), false, null);
                }
                case '^' -> {
                    pos++;
                    return Info.impossible(); // only at the text's start, which is always tried
                }
                case '$' -> {
                    pos++;
                    return Info.empty();
                }
                case '*', '+', '?', '{', ')', '|' -> throw new Unsupported();
                default -> {
                    if (Character.isSurrogate(c)) throw new Unsupported();
                    pos++;
                    BitSet bits = new BitSet();
                    bits.set(c);
                    return new Info(bits, false, null);
                }
            }
        }

        Info group() {
            pos++; // (
            boolean lookaround = false;
            if (re.startsWith("?", pos)) {
                if (re.startsWith("?:", pos) || re.startsWith("?>", pos)) {
                    pos += 2;
                } else if (re.startsWith("?=", pos) || re.startsWith("?!", pos)) {
                    pos += 2;
                    lookaround = true;
                } else if (re.startsWith("?<!", pos) && pos + 3 < re.length() && re.charAt(pos + 3) == '[') {
                    // (?<![\\w']): the char before the match is not one of the class, which may rule out the context
                    pos += 3;
                    BitSet before = chars(classText());
                    if (pos >= re.length() || re.charAt(pos) != ')') throw new Unsupported();
                    pos++;
                    return containsAll(before, afterWord ? ASCII_WORD : ASCII_OTHER) ? Info.impossible() : Info.empty();
                } else if (re.startsWith("?<=", pos) || re.startsWith("?<!", pos)) {
                    pos += 3;
                    lookaround = true;
                } else if (re.startsWith("?<", pos) && pos + 2 < re.length() && Character.isLetter(re.charAt(pos + 2))) {
                    int close = re.indexOf('>', pos);
                    if (close < 0) throw new Unsupported();
                    pos = close + 1; // named group
                } else {
                    throw new Unsupported(); // inline flags and the like
                }
            }
            Info inner = alternation();
            if (pos >= re.length() || re.charAt(pos) != ')') throw new Unsupported();
            pos++;
            return lookaround ? Info.empty() : inner;
        }

        /** The text of the char class at {@code pos} ({@code [...]}, nested classes included); moves past it. */
        String classText() {
            int i = pos + 1;
            if (i < re.length() && re.charAt(i) == '^') i++;
            if (i < re.length() && re.charAt(i) == ']') throw new Unsupported();
            int depth = 1;
            while (i < re.length()) {
                char c = re.charAt(i);
                if (c == '\\') {
                    if (i + 1 < re.length() && re.charAt(i + 1) == 'Q') throw new Unsupported();
                    i += 2;
                    continue;
                }
                if (c == '[') depth++;
                else if (c == ']' && --depth == 0) break;
                i++;
            }
            if (i >= re.length()) throw new Unsupported();
            String text = re.substring(pos, i + 1);
            pos = i + 1;
            return text;
        }

        Info escape() {
            if (pos + 1 >= re.length()) throw new Unsupported();
            char d = re.charAt(pos + 1);
            switch (d) {
                case 'b', 'B' -> {
                    pos += 2;
                    boolean boundary = d == 'b'; // a word boundary: the first char is a word char iff the one before is not
                    return new Info(new BitSet(), true, boundary != afterWord ? WORD : NON_WORD);
                }
                case 'A' -> {
                    pos += 2;
                    return Info.impossible();
                }
                case 'z', 'Z' -> {
                    pos += 2;
                    return Info.empty(); // zero-width
                }
                case 's', 'S', 'w', 'W', 'd', 'D', 'h', 'H', 'v', 'V', 't', 'n', 'r', 'f', 'a', 'e' -> {
                    pos += 2;
                    return new Info(chars("\\" + d), false, null);
                }
                case 'p', 'P' -> {
                    int end;
                    if (pos + 2 < re.length() && re.charAt(pos + 2) == '{') {
                        end = re.indexOf('}', pos);
                        if (end < 0) throw new Unsupported();
                        end++;
                    } else {
                        end = pos + 3;
                    }
                    if (end > re.length()) throw new Unsupported();
                    String token = re.substring(pos, end);
                    pos = end;
                    return new Info(chars(token), false, null);
                }
                default -> {
                    if (Character.isLetterOrDigit(d) || Character.isSurrogate(d)) throw new Unsupported(); // G, Q, k, 1, x, u, c, R, X …: back-references, quoting, hex and the like
                    pos += 2;
                    BitSet bits = new BitSet();
                    bits.set(d);
                    return new Info(bits, false, null);
                }
            }
        }
    }

    /**
     * The chars a one-char pattern such as {@code \s} or {@code [^.!?;]} can match: those of Latin-1 by trying each,
     * every char above (rare in posts; trying all 65,536 chars of each class would cost seconds at load).
     */
    private static BitSet chars(String token) {
        return (BitSet) CLASSES.computeIfAbsent(token, t -> {
            Matcher m = Pattern.compile(t).matcher("");
            BitSet bits = new BitSet(65536);
            for (int c = 0; c < 256; c++) {
                if (m.reset(String.valueOf((char) c)).matches()) bits.set(c);
            }
            bits.set(256, 65536);
            return bits;
        }).clone();
    }
}
