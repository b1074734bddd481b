package io.lastlight.simulate;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written {@code 500ms}, {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d} (or ISO-8601 {@code PT90S}). */
public final class Durations {
    private static final Pattern P = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private Durations() {}

    public static Duration parse(String s) {
        if (s == null) throw new IllegalArgumentException("a duration is required, e.g. 90s, 10m or 2h");
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p")) {
            try {
                return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + s + "' is not a duration; expected e.g. 90s, 10m or 2h");
            }
        }
        Matcher m = P.matcher(t);
        if (!m.matches()) throw new IllegalArgumentException("'" + s + "' is not a duration; expected a number with a unit: ms, s, m, h or d (e.g. 90s, 10m, 2h)");
        double v = Double.parseDouble(m.group(1));
        double ms;
        switch (m.group(2)) {
            case "ms": ms = v; break;
            case "s": ms = v * 1000; break;
            case "m": ms = v * 60_000; break;
            case "h": ms = v * 3_600_000; break;
            default: ms = v * 86_400_000; break;
        }
        return Duration.ofMillis(Math.round(ms));
    }
}
