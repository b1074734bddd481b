package io.lastlight.platform;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A count as a platform displays it, and the interval of true values it implies. Parler showed
 * {@code "88"}, {@code "3.2k"}, {@code "39k"}, {@code "3.2m"}: rounded strings. We never invent an exact
 * integer: {@code low..high} covers every true value that could have been displayed so, whether the
 * platform truncated or rounded to nearest (we cannot know which), and {@code value} is the nominal one.
 */
public record Counts(long value, long low, long high, String display) {
    private static final java.util.regex.Pattern DISPLAY = java.util.regex.Pattern.compile("\\d{1,18}(\\.\\d{1,9})?");
    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE / 2);

    public static Counts exact(long n) {
        return new Counts(n, n, n, Long.toString(n));
    }

    public boolean isExact() {
        return low == high;
    }

    /** Parses a display string; returns null for null, empty or unparseable input. */
    public static Counts parse(String display) {
        if (display == null) return null;
        // A hot path (every post and profile has several counts): plain digits, or a short decimal with a
        // suffix, are parsed in longs; anything else, or anything near a long's range, takes the exact
        // BigDecimal path below. Both give the same result for every input (CountsTest compares them).
        Counts fast = parseFast(display);
        if (fast == NOT_WHOLE) return null;
        return fast != null ? fast : parseExact(display);
    }

    /**
     * Up to 9 integer digits, optionally '.' and 1-9 digits, optionally one suffix k/m/b (any case), nothing
     * else (no sign, spaces or commas); null means "not handled here", never "not a count".
     */
    static Counts parseFast(String display) {
        int len = display.length();
        if (len == 0 || len > 20) return null;
        long multiplier = 1;
        int end = len;
        char last = display.charAt(len - 1);
        if (last == 'k' || last == 'K') multiplier = 1_000L;
        else if (last == 'm' || last == 'M') multiplier = 1_000_000L;
        else if (last == 'b' || last == 'B') multiplier = 1_000_000_000L;
        if (multiplier != 1) end--;
        long intPart = 0;
        int i = 0;
        while (i < end && display.charAt(i) >= '0' && display.charAt(i) <= '9') intPart = intPart * 10 + (display.charAt(i++) - '0');
        int intDigits = i;
        if (intDigits == 0 || intDigits > 9) return null;
        long frac = 0;
        int decimals = 0;
        if (i < end) {
            if (display.charAt(i++) != '.') return null;
            while (i < end && display.charAt(i) >= '0' && display.charAt(i) <= '9') {
                frac = frac * 10 + (display.charAt(i++) - '0');
                decimals++;
            }
            if (decimals == 0 || decimals > 9 || i != end) return null;
        }
        long scale = pow10(decimals);
        long scaled = intPart * scale + frac;            // < 10^18: fits
        if (multiplier == 1) {
            if (frac != 0) return null;                  // "1.5" is not a count; "12.0" is 12
            return new Counts(intPart, intPart, intPart, display);
        }
        long times;
        try {
            times = Math.multiplyExact(scaled, multiplier);
        } catch (ArithmeticException e) {
            return null;
        }
        if (times % scale != 0) return NOT_WHOLE;
        long value = times / scale;                       // <= 10^18 < MAX: never over the limit
        long unit = Math.max(1, multiplier / scale);
        return new Counts(value, Math.max(0, value - unit / 2), value + unit - 1, display);
    }

    /** parseFast's answer for a well-formed display that names no whole number ("1.5555k"): null from parse. */
    private static final Counts NOT_WHOLE = new Counts(-1, -1, -1, "");

    /** The general parser: exact decimal arithmetic, any spacing, commas and case. */
    static Counts parseExact(String display) {
        String s = display.trim().toLowerCase(Locale.ROOT).replace(",", "");
        if (s.isEmpty()) return null;
        long multiplier = 1;
        char last = s.charAt(s.length() - 1);
        if (last == 'k') multiplier = 1_000L;
        else if (last == 'm') multiplier = 1_000_000L;
        else if (last == 'b') multiplier = 1_000_000_000L;
        String num = multiplier == 1 ? s : s.substring(0, s.length() - 1);
        // Plain digits only (no sign, exponent or more digits than a long holds): "1e400" or a 40-digit
        // string from a hostile page is not a count, and must not throw out of a parser.
        if (!DISPLAY.matcher(num).matches()) return null;
        BigDecimal d = new BigDecimal(num);
        if (d.compareTo(MAX.divide(BigDecimal.valueOf(multiplier))) > 0) return null;
        if (multiplier == 1) {
            if (d.scale() > 0 && d.stripTrailingZeros().scale() > 0) return null;
            long n = d.longValueExact();
            return new Counts(n, n, n, display);
        }
        // The last shown digit has this unit, e.g. "3.2m" -> 100,000; "39k" -> 1,000.
        BigDecimal exact = d.multiply(BigDecimal.valueOf(multiplier));
        if (exact.stripTrailingZeros().scale() > 0) return null; // "1.5555k" is not a whole number of anything
        int decimals = Math.max(0, d.scale());
        long unit = Math.max(1, multiplier / pow10(decimals));
        long value = exact.longValueExact();
        long low = Math.max(0, value - unit / 2);          // rounded-to-nearest could come from here
        long high = value + unit - 1;                      // truncated could come from up to here
        return new Counts(value, low, high, display);
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) p *= 10;
        return p;
    }
}
