package io.lastlight.crawl;

import io.lastlight.fetch.FetchResult;
import io.lastlight.politeness.ResponseSignal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a server's quota from its answer, in the dialects servers speak:
 * <ol>
 * <li>{@code X-RateLimit-Limit/Remaining/Reset} (Mastodon, Truth Social, GitHub …): the reset in seconds to wait,
 * an epoch timestamp, or an ISO time (Mastodon);</li>
 * <li>the IETF draft's structured fields (draft-ietf-httpapi-ratelimit-headers-08 and later):
 * {@code RateLimit: "default";r=50;t=30} (remaining quota units, seconds until more are available) and
 * {@code RateLimit-Policy: "default";q=100;w=10} (the quota and its window, matched by the policy's name); with
 * several policies the most restrictive (least remaining) counts; draft-07's dictionary form
 * {@code RateLimit: limit=10, remaining=5, reset=30} too;</li>
 * <li>the earlier drafts' {@code RateLimit-Limit/Remaining/Reset}, the reset in delta-seconds (as GitLab sends
 * an epoch time there, that is read too).</li>
 * </ol>
 * Absolute times (an ISO or epoch reset, an HTTP-date Retry-After) are taken relative to the answer's own
 * {@code Date} header when it has one ({@link #serverNow}): reset − Date is the wait, whatever the difference
 * between the server's clock and ours.
 */
final class RateLimitHeaders {
    private RateLimitHeaders() {}

    /** A quota reading: -1 for what the answer did not say. */
    record Quota(long limit, long remaining, long resetMillis) {
        static final Quota NONE = new Quota(-1, -1, -1);

        /** Spent (at most one left) with a reset still to come: the quota itself paces the host. */
        boolean paces() {
            return remaining >= 0 && remaining <= 1 && resetMillis > 0;
        }
    }

    /**
     * What an answer tells the rate policy: its status and latency, its quota, and whether it is a 429 that says
     * nothing of when to come back (then the host backs off exponentially). A policy refusal (anonymous paging
     * answered 429) is an answer, not congestion; a transport error has status 0.
     */
    static ResponseSignal signal(long sent, FetchResult r, boolean policy) {
        if (r.isError()) return new ResponseSignal(sent, r.elapsedNanos(), 0, -1, -1, -1);
        // A policy refusal (e.g. anonymous paging answered 429) is an answer, not congestion.
        if (policy) return new ResponseSignal(sent, r.elapsedNanos(), 200, -1, -1, -1);
        RateLimitHeaders.Quota q = RateLimitHeaders.read(r);
        // A 429 that says neither when to come back nor when its quota resets: the host backs off exponentially.
        boolean silent = r.status() == 429 && !q.paces() && RetryPolicy.requested(r.header("Retry-After").orElse(null),
                RateLimitHeaders.serverNow(r, r.date())) < 0;
        return new ResponseSignal(sent, r.elapsedNanos(), r.status(), q.limit(), q.remaining(),
                q.resetMillis() < 0 ? -1 : q.resetMillis() * 1_000_000L, silent);
    }

    /** The quota an answer states, in whichever dialect it uses (X-RateLimit first), or {@link Quota#NONE}. */
    static Quota read(FetchResult r) {
        // Every answer comes here: the Date header is parsed only when a quota header needs the server's time
        String xRemaining = r.header("X-RateLimit-Remaining").orElse(null);
        String xReset = r.header("X-RateLimit-Reset").orElse(null);
        if (xRemaining != null || xReset != null) {
            return new Quota(number(r.header("X-RateLimit-Limit").orElse(null)), number(xRemaining),
                    xReset == null ? -1 : resetMillis(xReset, answeredAt(r)));
        }
        List<String> fields = CaptureRecords.all(r.headers(), "RateLimit");
        if (!fields.isEmpty()) {
            Quota q = structured(String.join(", ", fields), String.join(", ", CaptureRecords.all(r.headers(), "RateLimit-Policy")),
                    answeredAt(r));
            if (q != null) return q;
        }
        String remaining = r.header("RateLimit-Remaining").orElse(null);
        if (remaining != null) {
            String reset = r.header("RateLimit-Reset").orElse(null);
            return new Quota(number(r.header("RateLimit-Limit").orElse(null)), number(remaining),
                    reset == null ? -1 : resetMillis(leading(reset), answeredAt(r)));
        }
        return Quota.NONE;
    }

    /** The server's time when it answered ({@link #serverNow}), our clock at the answer when it sent no Date. */
    private static Instant answeredAt(FetchResult r) {
        return serverNow(r, r.date().plusNanos(r.elapsedNanos()));
    }

    /**
     * The server's time when it answered: its {@code Date} header (RFC 9110 §6.6.1, an HTTP-date), or
     * {@code fallback} (our clock) when it sent none or an unreadable one.
     */
    static Instant serverNow(FetchResult r, Instant fallback) {
        Instant d = httpDate(r.header("Date").orElse(null));
        return d != null ? d : fallback;
    }

    /** An HTTP-date (IMF-fixdate, or RFC 1123 as Java reads it), or null. */
    static Instant httpDate(String v) {
        if (v == null || v.isBlank()) return null;
        try {
            return ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Milliseconds until {@code reset} (delta seconds, epoch seconds or an ISO time) from {@code now}; -1 if unreadable. */
    static long resetMillis(String reset, Instant now) {
        String v = reset.trim();
        try {
            double d = Double.parseDouble(v);
            if (d > 1_000_000_000d) return Math.max(0, Math.round(d * 1000) - now.toEpochMilli()); // epoch seconds
            return Math.max(0, Math.round(d * 1000));                                              // delta seconds
        } catch (NumberFormatException e) {
            try {
                return Math.max(0, Duration.between(now, OffsetDateTime.parse(v).toInstant()).toMillis());
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
    }

    /** The draft's {@code RateLimit} (and {@code RateLimit-Policy}) fields; null if they say nothing usable. */
    static Quota structured(String rateLimit, String policy, Instant now) {
        List<Member> members = members(rateLimit);
        Map<String, Member> policies = new LinkedHashMap<>();
        for (Member p : members(policy)) policies.put(p.name(), p);
        Quota best = null;
        for (Member m : members) {
            long r = number(m.params().get("r"));
            if (r < 0) continue;
            Member p = policies.get(m.name());
            if (p == null && policies.size() == 1) p = policies.values().iterator().next();
            long t = number(m.params().get("t"));
            if (t < 0 && p != null) t = number(p.params().get("w")); // no reset said: at most the window
            Quota q = new Quota(p == null ? -1 : number(p.params().get("q")), r, t < 0 ? -1 : t * 1000);
            if (best == null || q.remaining() < best.remaining()
                    || (q.remaining() == best.remaining() && q.resetMillis() > best.resetMillis())) best = q;
        }
        if (best != null) return best;
        // draft-07: a dictionary, RateLimit: limit=10, remaining=5, reset=30
        Map<String, String> dict = new LinkedHashMap<>();
        for (Member m : members) if (m.value() != null) dict.put(m.name(), m.value());
        if (!dict.containsKey("remaining")) return null;
        String reset = dict.get("reset");
        return new Quota(number(dict.get("limit")), number(dict.get("remaining")), reset == null ? -1 : resetMillis(reset, now));
    }

    /** One member of a structured-field list or dictionary: its name (a string or token), its value if a dictionary's, its parameters. */
    record Member(String name, String value, Map<String, String> params) {}

    /** The members of a structured-field List or Dictionary (RFC 8941), leniently: what cannot be read is skipped. */
    static List<Member> members(String field) {
        List<Member> out = new ArrayList<>();
        if (field == null) return out;
        for (String part : split(field, ',')) {
            List<String> pieces = split(part, ';');
            if (pieces.isEmpty() || pieces.get(0).isBlank()) continue;
            String head = pieces.get(0).trim();
            String name = head;
            String value = null;
            int eq = head.indexOf('=');
            if (!head.startsWith("\"") && eq > 0) {
                name = head.substring(0, eq).trim();
                value = unquote(head.substring(eq + 1).trim());
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (String p : pieces.subList(1, pieces.size())) {
                int e = p.indexOf('=');
                if (e < 0) params.put(p.trim(), "?1"); else params.put(p.substring(0, e).trim(), unquote(p.substring(e + 1).trim()));
            }
            out.add(new Member(unquote(name), value, params));
        }
        return out;
    }

    /** Splits on {@code sep} outside double-quoted strings (with backslash escapes). */
    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"') quoted = !quoted;
            if (c == sep && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        return v;
    }

    /** The first member of a list such as {@code 10, 10;w=1} (older drafts), without its parameters. */
    private static String leading(String v) {
        return split(split(v, ',').get(0), ';').get(0).trim();
    }

    /** A non-negative integer (the first member of a list, as older drafts allow), or -1. */
    static long number(String v) {
        if (v == null) return -1;
        try {
            long n = Long.parseLong(leading(v));
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
