package io.lastlight.simulate.parler;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Parler's display conventions: rounded count strings and compact timestamps. */
public final class Display {
    private Display() {}

    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter KEY = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * n &lt; 1000 → "88"; &lt; 10,000 → one decimal, truncated, ".0" dropped ("3.2k", "3k"); &lt; 1M → whole
     * thousands, truncated ("39k"); &lt; 10M → one decimal millions ("3.2m", "3m"); else whole millions ("12m").
     */
    public static String count(long n) {
        if (n < 0) n = 0;
        if (n < 1000) return Long.toString(n);
        if (n < 10_000) return tenths(n / 100, "k");
        if (n < 1_000_000) return (n / 1000) + "k";
        if (n < 10_000_000) return tenths(n / 100_000, "m");
        return (n / 1_000_000) + "m";
    }

    private static String tenths(long t, String unit) {
        return t % 10 == 0 ? (t / 10) + unit : (t / 10) + "." + (t % 10) + unit;
    }

    /** {@code YYYYMMDDhhmmss} in UTC. */
    public static String timestamp(Instant t) {
        return COMPACT.format(t);
    }

    /** A paging key: {@code 2020-10-23T18:04:50.105Z_159130735} (time plus a number). */
    public static String key(Instant t, long number) {
        return KEY.format(t) + "_" + number;
    }

    /** The number behind a paging key, or -1. */
    public static long keyNumber(String key) {
        if (key == null) return -1;
        int u = key.lastIndexOf('_');
        try {
            return Long.parseLong(key.substring(u + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
