package io.lastlight.extract;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A record's {@code WARC-Date}. {@link #parse} is the fast path for the usual form
 * {@code YYYY-MM-DDThh:mm:ss[.fraction]Z} (the general formatter was ~15% of the reading thread's time); it accepts
 * exactly what {@code Instant.parse} accepts there. {@link #lenient} reads every other form real archives hold.
 */
final class WarcDates {
    private WarcDates() {
    }

    /** A WARC-Date read leniently: the instant (start of the interval the value names), its precision, and what was odd. */
    record Dated(Instant instant, String precision, String note) {}

    private static final java.util.regex.Pattern W3C = java.util.regex.Pattern.compile(
            "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9})\\d*)?)?"
                    + "(Z|[+-]\\d{2}:?\\d{2})?)?)?)?");
    private static final java.util.regex.Pattern DIGITS14 = java.util.regex.Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})");

    /**
     * Every W3C-DTF precision the WARC spec allows ({@code YYYY}, {@code YYYY-MM}, {@code YYYY-MM-DD},
     * {@code YYYY-MM-DDThh:mmZ}, {@code YYYY-MM-DDThh:mm:ssZ}, with a fraction of any length), a numeric offset instead of
     * {@code Z}, no zone at all (read as UTC), a space for the {@code T}, and the 14-digit ARC form. A leap second
     * ({@code 23:59:60}, which an {@link Instant} cannot hold) is read as the last microsecond of the second before it
     * ({@code 23:59:59.999999}): the capture keeps its calendar day and sorts after everything stamped 23:59:59 and
     * before what the next second holds; the note says so. Null when the value names no date.
     */
    static Dated lenient(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        Instant fast = parse(s);
        if (fast != null) return new Dated(fast, s.length() > 20 ? "fraction" : "second", null);
        try {
            java.util.regex.Matcher m = W3C.matcher(s);
            if (m.matches()) {
                int year = Integer.parseInt(m.group(1));
                int month = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
                int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
                int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
                int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
                int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
                int nanos = 0;
                if (m.group(7) != null) {
                    nanos = Integer.parseInt(m.group(7));
                    for (int i = m.group(7).length(); i < 9; i++) nanos *= 10;
                }
                String precision = m.group(7) != null ? "fraction" : m.group(6) != null ? "second" : m.group(5) != null ? "minute"
                        : m.group(3) != null ? "day" : m.group(2) != null ? "month" : "year";
                ZoneOffset zone = ZoneOffset.UTC;
                String note = precision.equals("fraction") || precision.equals("second") ? null : "WARC-Date has " + precision + " precision";
                String tz = m.group(8);
                if (tz != null && !tz.equals("Z")) {
                    zone = ZoneOffset.of(tz.length() == 5 ? tz.substring(0, 3) + ":" + tz.substring(3) : tz);
                    note = join(note, "WARC-Date in UTC" + tz + " (converted to UTC)");
                } else if (tz == null && m.group(4) != null) {
                    note = join(note, "WARC-Date without a time zone (read as UTC)");
                }
                if (second == LEAP_SECOND) {
                    second = 59;
                    nanos = LEAP_NANOS;
                    note = join(note, LEAP_NOTE);
                }
                Instant t = LocalDateTime.of(year, month, day, hour, minute, second, nanos).atOffset(zone).toInstant();
                return new Dated(t, precision, note == null ? null : note + ": " + s);
            }
            m = DIGITS14.matcher(s);
            if (m.matches()) {
                int second = Integer.parseInt(m.group(6));
                boolean leap = second == LEAP_SECOND;
                Instant t = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), leap ? 59 : second, leap ? LEAP_NANOS : 0)
                        .toInstant(ZoneOffset.UTC);
                return new Dated(t, "second", "WARC-Date in the 14-digit ARC form" + (leap ? "; " + LEAP_NOTE : "") + ": " + s);
            }
            Instant t = Instant.parse(s); // anything else java.time reads as an instant
            return new Dated(t, "second", null);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static final int LEAP_SECOND = 60;
    /** 999,999 µs: the last instant of the second that the dataset's timestamps (microseconds) can hold. */
    private static final int LEAP_NANOS = 999_999_000;
    private static final String LEAP_NOTE = "WARC-Date names a leap second (read as :59.999999 of the same minute)";

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }

    /** The instant for {@code YYYY-MM-DDThh:mm:ss[.f{1,9}]Z} naming a valid date and time; null for anything else. */
    static Instant parse(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z') return null;
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') return null;
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) return null;
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) return null;
            int frac = n - 21;                                    // 1..9 digits before the Z
            int f = digits(s, 20, frac);
            if (f < 0) return null;
            for (int i = frac; i < 9; i++) f *= 10;
            nanos = f;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;                                          // e.g. 24:00 or a leap second: jwarc decides
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
