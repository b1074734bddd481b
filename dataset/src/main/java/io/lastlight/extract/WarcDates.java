package io.lastlight.extract;

import org.netpreserve.jwarc.WarcRecord;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A record's {@code WARC-Date}, as jwarc's {@link WarcRecord#date()} gives it ({@code Instant.parse}), without the
 * general formatter for the usual form {@code YYYY-MM-DDThh:mm:ss[.fraction]Z}: the formatter was ~15% of the
 * reading thread's time (every response record's date is read). Any other form, and any value the fast path would
 * not accept exactly as {@code Instant.parse} does, goes to jwarc, so results and errors are jwarc's.
 */
final class WarcDates {
    private WarcDates() {
    }

    static Instant date(WarcRecord r) {
        Optional<String> v = r.headers().sole("WARC-Date");
        if (v.isPresent()) {
            Instant fast = parse(v.get());
            if (fast != null) return fast;
        }
        return r.date();
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
