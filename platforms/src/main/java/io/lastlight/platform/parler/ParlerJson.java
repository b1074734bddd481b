package io.lastlight.platform.parler;

import com.fasterxml.jackson.databind.JsonNode;
import io.lastlight.platform.Counts;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps Parler JSON objects (platforms.md §1) to observations. Pure: JSON in, values out. */
final class ParlerJson {
    static final String PLATFORM = "parler";
    private static final DateTimeFormatter PARLER_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
    private static final Pattern MENTION = Pattern.compile("(?<![\\w@])@([A-Za-z0-9_]{1,30})");
    private static final Pattern HASHTAG = Pattern.compile("(?<![\\w#&])#([A-Za-z0-9_]{1,100})");

    private ParlerJson() {}

    static ProfileObservation profile(JsonNode u, String source) {
        String id = text(u, "id");
        if (id == null) id = text(u, "_id");
        if (id == null) return null;
        Instant joined = time(text(u, "joined"));
        return new ProfileObservation(PLATFORM, id, text(u, "username"), text(u, "name"), text(u, "bio"),
                joined, joined == null ? null : "second",
                count(u, "followers"), count(u, "following"), count(u, "posts"),
                bool(u, "verified"), bool(u, "banned"), bool(u, "private"), source);
    }

    static PostObservation post(JsonNode p, boolean isComment) {
        String id = text(p, "_id");
        if (id == null) id = text(p, "id");
        if (id == null) return null;
        Instant created = time(text(p, "createdAt"));
        String body = text(p, "body");
        String parent = text(p, "parent");
        String root = text(p, "root");
        int depth = p.path("depth").asInt(0);
        boolean deleted = p.path("deleted").asBoolean(false) || p.path("state").asInt(0) == 4;
        List<String> hashtags = new ArrayList<>();
        for (JsonNode h : p.path("hashtags")) {
            String t = h.isTextual() ? h.asText() : h.path("tag").asText(null);
            if (t != null && !t.isEmpty()) hashtags.add((t.startsWith("#") ? t.substring(1) : t).toLowerCase(Locale.ROOT));
        }
        List<String> mentions = mentions(body);
        List<String> links = strings(p.path("links"));
        List<String> media = strings(p.path("media"));
        boolean isReply = isComment;
        boolean isRepost = !isComment && depth >= 1 && parent != null;
        return new PostObservation(PLATFORM, id, text(p, "creator"), created, created == null ? null : "second",
                body, null, null, parent, root, isRepost, isReply,
                count(p, "comments"), count(p, "reposts"), count(p, "upvotes"), count(p, "impressions"),
                hashtags, mentions, links, media, deleted);
    }

    /** {@code @name} mentions in a post's text, in order. */
    static List<String> mentions(String text) {
        List<String> out = new ArrayList<>();
        int at = text == null ? -1 : text.indexOf('@');
        if (at < 0) return out;
        // Every match starts at an '@' (the lookbehind is zero-width, and sees the text before 'at'): the search
        // starts at the first one instead of trying the lookbehind at every character before it.
        Matcher m = MENTION.matcher(text);
        for (boolean found = m.find(at); found; found = m.find()) out.add(m.group(1));
        return out;
    }

    /** {@code #tag} hashtags in a post's text (what a web page shows; the API lists them), lower case, no '#'. */
    static List<String> hashtags(String text) {
        List<String> out = new ArrayList<>();
        int at = text == null ? -1 : text.indexOf('#');
        if (at < 0) return out;
        Matcher m = HASHTAG.matcher(text); // from the first '#', as for mentions
        for (boolean found = m.find(at); found; found = m.find()) out.add(m.group(1).toLowerCase(Locale.ROOT));
        return out;
    }

    static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : arr) {
            if (n.isTextual()) out.add(n.asText());
            else if (n.hasNonNull("_id")) out.add(n.get("_id").asText());
            else if (n.hasNonNull("url")) out.add(n.get("url").asText());
        }
        return out;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) return null;
        return v.asText();
    }

    static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isTextual()) return Boolean.parseBoolean(v.asText());
        return v.asInt() != 0;
    }

    static Counts count(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isIntegralNumber()) return v.canConvertToLong() && v.asLong() >= 0 ? Counts.exact(v.asLong()) : null;
        if (v.isContainerNode()) return null;
        return Counts.parse(v.asText());
    }

    /**
     * The common case without the formatter's general machinery (a hot path: every post and profile has a
     * time): 14 digits naming a valid date and time. Anything else (invalid day, 24:00, …) returns null and
     * goes to the formatter, so results are exactly the formatter's.
     */
    private static Instant plainTime(String s) {
        for (int i = 0; i < 14; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') return null;
        }
        int year = digits(s, 0, 4), month = digits(s, 4, 2), day = digits(s, 6, 2);
        int hour = digits(s, 8, 2), minute = digits(s, 10, 2), second = digits(s, 12, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second);
    }

    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) v = v * 10 + (s.charAt(i) - '0');
        return v;
    }

    /** Parses Parler's {@code YYYYMMDDhhmmss} (UTC); null when absent or malformed. */
    static Instant time(String s) {
        if (s == null || s.length() != 14) return null;
        Instant fast = plainTime(s);
        if (fast != null) return fast;
        try {
            return LocalDateTime.parse(s, PARLER_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
