package io.lastlight.platform.parler;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time a parler.com page printed next to a post ("4 days ago", "an hour ago", "Jan 6, 2021"), resolved
 * against the time the page was captured (the WARC-Date) into an interval that certainly holds the true time.
 *
 * <p>Relative times: "N units ago" is read as any age a renderer that truncates or one that rounds to the
 * nearest unit would print so: from {@code (N+1)} units (truncating) down to {@code N-½} units (rounding) before
 * the capture, with months taken as 28–31 days and years as 365–366 days. The nominal time is {@code N} units
 * (months of 30 days, years of 365) before the capture, and the precision names the unit. Absolute dates
 * ("Jan 6, 2021"; "Jan 6" is in the capture's year, or the year before if that would be after the capture)
 * name a day in a time zone the page does not give: the interval spans that day in every zone from UTC−12
 * to UTC+14; the nominal time is its UTC midnight. No interval ends after the capture.
 */
final class RelativeTime {
    /** nominal time, interval [low, high], precision (second, minute, hour, day, week, month, year). */
    record Interval(Instant at, Instant low, Instant high, String precision) {}

    private static final Pattern AGO = Pattern.compile(
            "(\\d{1,5}|an?|one)\\s+(second|sec|minute|min|hour|hr|day|week|wk|month|mo|year|yr)s?\\s+ago");
    private static final List<DateTimeFormatter> WITH_YEAR = List.of(
            formatter("MMM d, uuuu"), formatter("MMMM d, uuuu"), formatter("MMM d uuuu"), formatter("MMMM d uuuu"),
            formatter("M/d/uuuu"), formatter("uuuu-MM-dd"));
    private static final List<DateTimeFormatter> NO_YEAR = List.of(formatter("MMM d"), formatter("MMMM d"));

    private RelativeTime() {}

    private static DateTimeFormatter formatter(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern).toFormatter(Locale.ENGLISH);
    }

    /** The interval for a displayed time seen at {@code captured}; null if the text is not a time we can read. */
    static Interval resolve(String shown, Instant captured) {
        if (shown == null || captured == null) return null;
        String t = shown.trim().replaceAll("\\s+", " ");
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.isEmpty()) return null;
        if (lower.equals("just now") || lower.equals("now") || lower.endsWith("few seconds ago") || lower.equals("moments ago")) {
            return new Interval(captured, captured.minusSeconds(60), captured, "minute");
        }
        if (lower.equals("yesterday")) lower = "1 day ago";
        Matcher m = AGO.matcher(lower);
        if (m.matches()) return ago(m.group(1), m.group(2), captured);
        return absolute(t, captured);
    }

    private static Interval ago(String count, String unit, Instant captured) {
        long n = Character.isDigit(count.charAt(0)) ? Long.parseLong(count) : 1;
        Duration nominal, shortest, longest;
        String precision;
        switch (unit) {
            case "second": case "sec":
                return new Interval(captured.minusSeconds(n), captured.minusSeconds(n + 1), captured, "second");
            case "minute": case "min":
                nominal = shortest = longest = Duration.ofMinutes(1); precision = "minute"; break;
            case "hour": case "hr":
                nominal = shortest = longest = Duration.ofHours(1); precision = "hour"; break;
            case "day":
                nominal = shortest = longest = Duration.ofDays(1); precision = "day"; break;
            case "week": case "wk":
                nominal = shortest = longest = Duration.ofDays(7); precision = "week"; break;
            case "month": case "mo":
                nominal = Duration.ofDays(30); shortest = Duration.ofDays(28); longest = Duration.ofDays(31); precision = "month"; break;
            default:
                nominal = Duration.ofDays(365); shortest = Duration.ofDays(365); longest = Duration.ofDays(366); precision = "year";
        }
        Instant at = captured.minus(nominal.multipliedBy(n));
        Instant low = captured.minus(longest.multipliedBy(n + 1));
        Instant high = n == 0 ? captured : captured.minus(shortest.multipliedBy(2 * n - 1).dividedBy(2));
        return new Interval(at, low, high, precision);
    }

    private static Interval absolute(String t, Instant captured) {
        String s = t.replaceFirst("(?i)^(on|posted)\\s+", "").replaceAll("(\\d)(st|nd|rd|th)\\b", "$1");
        LocalDate day = null;
        for (DateTimeFormatter f : WITH_YEAR) {
            try {
                day = LocalDate.parse(s, f);
                break;
            } catch (DateTimeParseException ignored) {
                // try the next shape
            }
        }
        if (day == null) {
            for (DateTimeFormatter f : NO_YEAR) {
                try {
                    MonthDay md = MonthDay.parse(s, f);
                    int year = captured.atZone(ZoneOffset.UTC).getYear();
                    day = md.atYear(year);
                    if (day.atStartOfDay(ZoneOffset.ofHours(14)).toInstant().isAfter(captured)) day = md.atYear(year - 1);
                    break;
                } catch (DateTimeException ignored) {
                    // try the next shape
                }
            }
        }
        if (day == null) return null;
        Instant at = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant low = day.atStartOfDay(ZoneOffset.ofHours(14)).toInstant();
        Instant high = day.plusDays(1).atStartOfDay(ZoneOffset.ofHours(-12)).toInstant();
        if (high.isAfter(captured)) high = captured;
        if (low.isAfter(high)) return null; // a date after the capture: not a time this page could show
        return new Interval(at.isAfter(high) ? high : at, low, high, "day");
    }
}
