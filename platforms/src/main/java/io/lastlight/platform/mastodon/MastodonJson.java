package io.lastlight.platform.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.lastlight.platform.Counts;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps Mastodon Account and Status entities (platforms.md §2; Gab and Truth Social extras included) to
 * observations. Pure: JSON in, values out. Ids are kept exactly as served (strings; an integral JSON
 * number is taken digit for digit), never converted to a number.
 */
final class MastodonJson {
    static final String PLATFORM = "mastodon";

    private MastodonJson() {}

    /** A time and how precise it is ({@code second} or {@code day}). */
    record Time(Instant instant, String precision) {}

    /** An account object (full, or a mention's id/username/acct/url) as a profile observation; null without id. */
    static ProfileObservation profile(JsonNode a, String source) {
        if (a == null || !a.isObject()) return null;
        String id = id(a.get("id"));
        if (id == null) return null;
        Time joined = time(text(a, "created_at"), true);
        String username = text(a, "acct");
        if (username == null || username.isEmpty()) username = text(a, "username");
        boolean full = a.has("followers_count") || a.has("statuses_count") || a.has("created_at");
        Boolean verified = bool(a, "verified");                        // Truth Social
        if (verified == null) verified = bool(a, "is_verified");       // Gab
        Boolean banned = bool(a, "suspended");
        if (banned == null && full && sendsSuspendedWhenTrue(a)) banned = false;
        return new ProfileObservation(PLATFORM, id, username, text(a, "display_name"), MastodonHtml.text(text(a, "note")),
                joined == null ? null : joined.instant(), joined == null ? null : joined.precision(),
                followCount(a, "followers_count", "hide_followers"), followCount(a, "following_count", "hide_follows"),
                count(a, "statuses_count"),
                verified, banned, bool(a, "locked"), source).withExtras(extras(a, ACCOUNT_EXTRAS));
    }

    /**
     * Whether the server that rendered {@code a} would have sent {@code suspended: true} for a suspended account, so
     * that its absence means not suspended. Mastodon (≥ 3.3) and Truth Social send it only when true, but the field
     * names no version: an account shows Mastodon ≥ 4.2 by {@code indexable} and Truth Social by {@code verified},
     * both always sent by the same serializers. Gab (which predates the field), Mastodon &lt; 3.3 and Pleroma/Akkoma
     * never send it; without either mark nothing is known.
     */
    private static boolean sendsSuspendedWhenTrue(JsonNode a) {
        return a.has("indexable") || a.has("verified");
    }

    /**
     * A follower or following count, null when Pleroma/Akkoma hid it: their AccountView serves 0 when the user sets
     * both {@code pleroma.hide_followers_count} and {@code hide_followers} (likewise {@code hide_follows*}), except
     * to the user themselves, who sees the real count (so a count above 0 is real whatever the flags say).
     */
    private static Counts followCount(JsonNode a, String field, String hideList) {
        Counts c = count(a, field);
        JsonNode pleroma = a.path("pleroma");
        boolean hidden = Boolean.TRUE.equals(bool(pleroma, hideList + "_count")) && Boolean.TRUE.equals(bool(pleroma, hideList));
        return hidden && c != null && c.value() == 0 ? null : c;
    }

    /**
     * Fields that have no column of their own, kept as one JSON object ({@code extras}): Gab's account flags,
     * Pleroma/Akkoma's {@code pleroma}/{@code akkoma} objects, and a status's content warning ({@code spoiler_text},
     * shown before the text: part of what the author posted) and poll (its options and counts).
     */
    static final List<String> ACCOUNT_EXTRAS = List.of("is_pro", "is_verified", "is_donor", "is_investor",
            "is_flagged_as_spam", "pleroma", "akkoma");
    static final List<String> STATUS_EXTRAS = List.of("pleroma", "akkoma", "spoiler_text", "poll");
    private static final com.fasterxml.jackson.databind.ObjectMapper EXTRAS_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * The listed fields present in {@code n}, as compact JSON in the order listed; null if none. Null and empty-string
     * values are left out (Mastodon sends {@code "spoiler_text": ""} on every status without a content warning).
     */
    static String extras(JsonNode n, List<String> fields) {
        com.fasterxml.jackson.databind.node.ObjectNode out = null;
        for (String f : fields) {
            JsonNode v = n.get(f);
            if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) continue;
            if (out == null) out = EXTRAS_JSON.createObjectNode();
            out.set(f, v);
        }
        if (out == null) return null;
        try {
            return EXTRAS_JSON.writeValueAsString(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /**
     * A status as a post observation; null without id. The nested reblog/quote is a separate observation. A reblog
     * has no content of its own: Mastodon sends {@code ""} and {@code []}, but Pleroma/Akkoma copy the reblogged
     * status's content, tags and media onto the wrapper, which would count them twice; they are read from the
     * reblogged status's own row only.
     */
    static PostObservation post(JsonNode s) {
        if (s == null || !s.isObject()) return null;
        String id = id(s.get("id"));
        if (id == null) return null;
        Time created = time(text(s, "created_at"), false);
        String reblogId = id(s.path("reblog").get("id"));
        String replyTo = id(s.get("in_reply_to_id"));
        String quoteId = quoteId(s);
        boolean isRepost = reblogId != null;
        // A reblog's content, tags, card and media are the reblogged status's (see above): not read here.
        JsonNode own = isRepost ? MissingNode.getInstance() : s;
        String html = isRepost && text(s, "content") != null ? "" : text(s, "content");
        boolean isReply = replyTo != null;
        // parent: what this status reblogs, answers or quotes. root: only what the status itself tells (a
        // reblog's original); a reply's thread root is not in the status, and a guess would make the same
        // reply look edited between a statuses page and a context response.
        String parent = isRepost ? reblogId : isReply ? replyTo : quoteId;
        String root = isRepost ? reblogId : !isReply ? quoteId : null;
        List<String> hashtags = new ArrayList<>();
        for (JsonNode t : own.path("tags")) {
            String name = t.isTextual() ? t.asText() : text(t, "name");
            if (name == null || name.isEmpty()) continue;
            if (name.startsWith("#")) name = name.substring(1);
            String lower = name.toLowerCase(Locale.ROOT);
            if (!hashtags.contains(lower)) hashtags.add(lower);
        }
        List<String> mentions = new ArrayList<>();
        for (JsonNode m : s.path("mentions")) {
            String acct = text(m, "acct");
            if (acct == null || acct.isEmpty()) acct = text(m, "username");
            if (acct != null && !acct.isEmpty() && !mentions.contains(acct)) mentions.add(acct);
        }
        Set<String> links = new LinkedHashSet<>();
        String card = text(own.path("card"), "url");
        if (card != null && !card.isEmpty()) links.add(card);
        links.addAll(MastodonHtml.links(html));
        List<String> media = new ArrayList<>();
        for (JsonNode m : own.path("media_attachments")) {
            String ref = firstText(m, "url", "remote_url", "preview_url");
            if (ref == null) ref = id(m.get("id"));
            if (ref != null) media.add(ref);
        }
        return new PostObservation(PLATFORM, id, id(s.path("account").get("id")),
                created == null ? null : created.instant(), created == null ? null : created.precision(),
                MastodonHtml.text(html), html, text(s, "language"), parent, root, isRepost, isReply,
                count(s, "replies_count"), count(s, "reblogs_count"), count(s, "favourites_count"), null,
                hashtags, mentions, new ArrayList<>(links), media, false, extras(s, STATUS_EXTRAS));
    }

    /**
     * The id of the status {@code s} quotes, or null. Truth Social's and Fedibird's {@code quote_id}, Gab's
     * {@code quote_of_id}, a {@code quote} that is itself a status (those and Pleroma/Akkoma); and Mastodon ≥ 4.5's
     * {@code quote} wrapper, {@code {"state", "quoted_status"}} or, inside a quote, {@code {"state",
     * "quoted_status_id"}}. A wrapper in another state than accepted (pending, revoked, deleted…) usually names no
     * status; when it gives an id, that is recorded all the same.
     */
    static String quoteId(JsonNode s) {
        String q = id(s.get("quote_id"));
        if (q == null) q = id(s.get("quote_of_id"));
        JsonNode quote = s.path("quote");
        if (q == null) q = id(quote.get("id"));
        if (q == null) q = id(quote.path("quoted_status").get("id"));
        if (q == null) q = id(quote.get("quoted_status_id"));
        return q;
    }

    /** The quoted status served with {@code s}: its {@code quote} if a status, else the Mastodon ≥ 4.5 wrapper's {@code quoted_status}; or null. */
    static JsonNode quotedStatus(JsonNode s) {
        JsonNode quote = s.get("quote");
        if (quote == null || !quote.isObject()) return null;
        if (quote.has("id")) return quote;
        JsonNode inner = quote.get("quoted_status");
        return inner != null && inner.isObject() ? inner : null;
    }

    /** An id as served: a non-empty string, or an integral number's exact digits; null otherwise. */
    static String id(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return null;
        if (v.isTextual()) {
            String s = v.asText().trim();
            return s.isEmpty() ? null : s;
        }
        if (v.isIntegralNumber()) return v.bigIntegerValue().toString();
        return null;
    }

    static String text(JsonNode n, String field) {
        if (n == null) return null;
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) return null;
        return v.asText();
    }

    private static String firstText(JsonNode n, String... fields) {
        for (String f : fields) {
            String v = text(n, f);
            if (v != null && !v.isEmpty()) return v;
        }
        return null;
    }

    static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) return null;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isTextual()) {
            String t = v.asText().trim().toLowerCase(Locale.ROOT);
            if (t.equals("true")) return true;
            if (t.equals("false")) return false;
            return null;
        }
        if (v.isNumber()) return v.asInt() != 0;
        return null;
    }

    /** Mastodon counts are exact integers; a string (some forks) goes through the display parser. */
    static Counts count(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isIntegralNumber() && v.canConvertToLong()) return v.asLong() < 0 ? null : Counts.exact(v.asLong());
        if (v.isTextual()) return Counts.parse(v.asText());
        return null;
    }

    /**
     * Parses an ISO-8601 time. A bare date ({@code 2021-01-06}) has day precision; so has an account's
     * {@code created_at} at exactly midnight UTC, which is how Mastodon ≥ 3.4 rounds it.
     */
    static Time time(String s, boolean midnightMeansDay) {
        if (s == null || s.isBlank()) return null;
        String t = s.trim();
        try {
            if (t.length() == 10) {
                return new Time(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant(), "day");
            }
            Instant i = OffsetDateTime.parse(t).toInstant();
            boolean midnight = i.atOffset(ZoneOffset.UTC).toLocalTime().toNanoOfDay() == 0;
            return new Time(i, midnightMeansDay && midnight ? "day" : "second");
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
