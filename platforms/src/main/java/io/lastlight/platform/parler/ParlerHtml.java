package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.Counts;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parler's web pages (platforms.md §1, parsed with jsoup): {@code /profile/<username>} (the profile, its
 * post cards) and {@code /post/<id>} (the post, and the comments listed below it as replies), by the web
 * classes {@code profile--name}, {@code post--card--wrapper}, {@code card--body}, {@code post--timestamp},
 * {@code pa--item--count}, {@code impressions--count} … Post
 * times on these pages are relative ("3 hours ago"): they are resolved against the capture time and the
 * precision says how coarse the result is (a post "2 days ago" is known to the day, not the second).
 */
final class ParlerHtml {
    private static final Pattern RELATIVE = Pattern.compile("(\\d+)\\s+(minute|hour|day|week|month|year)s?\\s+ago");
    private static final Pattern JOINED = Pattern.compile("joined\\s+(\\d{4})-(\\d{2})");
    /** What the post and comment links of a page may name: ids, never paths or queries. */
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private static final Pattern CHARSET_PARAM = Pattern.compile("(?i)(?:^|;)\\s*charset\\s*=\\s*[\"']?([^\\s;\"']+)");
    private static final Pattern USERNAME = Pattern.compile("[0-9A-Za-z_]{1,64}");

    private ParlerHtml() {}

    /**
     * The page decoded as a browser decodes it: a byte-order mark first, then the charset of the HTTP
     * Content-Type, then the page's own {@code <meta charset>} / {@code <meta http-equiv=Content-Type>}, else
     * UTF-8 (jsoup's {@code DataUtil} does the BOM and meta steps when given no charset, and lets a BOM win over
     * a given one). Bytes invalid in the charset become U+FFFD; nothing is dropped. A charset name Java does not
     * know is ignored, as browsers ignore it.
     */
    static Document parse(Capture c) {
        try {
            return Jsoup.parse(new java.io.ByteArrayInputStream(c.body()), httpCharset(c), c.uri().toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // reading a byte array does not fail
        }
    }

    /** The charset the HTTP Content-Type names, if Java supports it; else null (the page then says, or UTF-8). */
    static String httpCharset(Capture c) {
        Matcher m = CHARSET_PARAM.matcher(c.header("Content-Type").orElse(""));
        if (!m.find()) return null;
        String declared = m.group(1);
        try {
            return java.nio.charset.Charset.isSupported(declared) ? declared : null;
        } catch (java.nio.charset.IllegalCharsetNameException e) {
            return null;
        }
    }

    /** Absolute time and precision for a relative timestamp seen at {@code captured}; null if unreadable. */
    static Object[] resolve(String relative, Instant captured) {
        if (relative == null) return null;
        String t = relative.trim().toLowerCase(Locale.ROOT);
        if (t.equals("just now")) return new Object[] {captured, "minute"};
        Matcher m = RELATIVE.matcher(t);
        if (!m.find()) return null;
        if (m.group(1).length() > 5) return null; // "99999999999 years ago" is not a time, and must not overflow
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "minute": return new Object[] {captured.minus(Duration.ofMinutes(n)), "minute"};
            case "hour": return new Object[] {captured.minus(Duration.ofHours(n)), "hour"};
            case "day": return new Object[] {captured.minus(Duration.ofDays(n)), "day"};
            case "week": return new Object[] {captured.minus(Duration.ofDays(7 * n)), "week"};
            case "month": return new Object[] {captured.minus(Duration.ofDays(30 * n)), "month"};
            default: return new Object[] {captured.minus(Duration.ofDays(365 * n)), "year"};
        }
    }

    static Extraction extract(Capture c, boolean profilePage) {
        return extract(c, parse(c), profilePage);
    }

    /** The simulator's markup; parler.com's own pages are read by {@link ParlerWebPage}. */
    static Extraction extract(Capture c, Document d, boolean profilePage) {
        Extraction out = new Extraction();
        if (profilePage) {
            Element p = d.selectFirst("div.profile[data-id]");
            if (p == null) return Extraction.failed(Extraction.ERROR, "profile page without div.profile[data-id]");
            String ownerId = p.attr("data-id");
            List<Element> counts = p.select("ul.profile--stats .pa--item--count");
            Instant joined = joined(text(p, ".profile--joined"));
            out.add(new ProfileObservation(ParlerJson.PLATFORM, ownerId, stripAt(text(p, ".profile--username")),
                    text(p, ".profile--name"), text(p, ".profile--bio"), joined, joined == null ? null : "month",
                    counts.size() > 0 ? Counts.parse(counts.get(0).text()) : null,
                    counts.size() > 1 ? Counts.parse(counts.get(1).text()) : null,
                    counts.size() > 2 ? Counts.parse(counts.get(2).text()) : null,
                    p.selectFirst(".profile--verified") != null, d.selectFirst(".profile--banned") != null, null, "html"));
        }
        String pagePost = null;
        for (Element card : d.select("div.post--card--wrapper[data-id]")) {
            if (card.hasClass("post--card--echoed")) continue; // the echoed original is captured on its own page
            PostObservation post = post(card, c.time());
            if (post == null) continue;
            out.add(post);
            if (pagePost == null) pagePost = post.postId();
        }
        if (!profilePage) {
            if (pagePost == null) return Extraction.failed(Extraction.ERROR, "post page without div.post--card--wrapper[data-id]");
            // The page lists the post's comments (replies to it) below the post.
            for (Element card : d.select("div.comment--card--wrapper[data-id]")) {
                PostObservation comment = comment(card, pagePost, c.time());
                if (comment != null) out.add(comment);
            }
        }
        return out;
    }

    /** "Joined 2021-01" on a profile page: the first instant of that month (UTC), or null. */
    static Instant joined(String text) {
        if (text == null) return null;
        Matcher m = JOINED.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.find()) return null;
        int month = Integer.parseInt(m.group(2));
        if (month < 1 || month > 12) return null;
        return java.time.YearMonth.of(Integer.parseInt(m.group(1)), month).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    private static PostObservation comment(Element card, String postId, Instant captured) {
        String id = card.attr("data-id");
        if (!ID.matcher(id).matches()) return null;
        Element ts = card.selectFirst(".post--timestamp");
        Object[] when = resolve(ts == null ? null : ts.text(), captured);
        Element body = card.selectFirst(".card--body");
        String text = body == null ? null : body.select("p").text();
        return new PostObservation(ParlerJson.PLATFORM, id, null, when == null ? null : (Instant) when[0],
                when == null ? null : (String) when[1], text, body == null ? null : body.html(), null, postId, postId,
                false, true, null, null, null, null, ParlerJson.hashtags(text), ParlerJson.mentions(text), List.of(), List.of(), false);
    }

    private static PostObservation post(Element card, Instant captured) {
        String id = card.attr("data-id");
        if (!ID.matcher(id).matches()) return null;
        Element ts = card.selectFirst(".post--timestamp");
        Object[] when = resolve(ts == null ? null : ts.text(), captured);
        Element body = card.selectFirst(".card--body");
        String text = body == null ? null : body.select("p").text();
        Element echoed = card.selectFirst("div.post--card--echoed[data-id]");
        String parent = echoed == null || !ID.matcher(echoed.attr("data-id")).matches() ? null : echoed.attr("data-id");
        List<String> media = new ArrayList<>();
        if (body != null) for (Element img : body.select("img.card--media")) media.add(img.absUrl("src"));
        List<String> links = new ArrayList<>();
        if (body != null) for (Element a : body.select("a.card--link")) links.add(a.attr("href"));
        // The card's own counts: the echoed original's card (nested inside) has its own.
        Element actions = null;
        for (Element child : card.children()) if (child.hasClass("post--actions")) actions = child;
        return new PostObservation(ParlerJson.PLATFORM, id, null, when == null ? null : (Instant) when[0],
                when == null ? null : (String) when[1], text, body == null ? null : body.html(), null, parent, parent,
                parent != null, false, count(actions, ".pa--comments .pa--item--count"), count(actions, ".pa--echoes .pa--item--count"),
                count(actions, ".pa--upvotes .pa--item--count"), count(actions, ".impressions--count"),
                ParlerJson.hashtags(text), ParlerJson.mentions(text), links, media, false);
    }

    private static Counts count(Element e, String css) {
        Element x = e == null ? null : e.selectFirst(css);
        return x == null ? null : Counts.parse(x.text());
    }

    private static String text(Element e, String css) {
        Element x = e.selectFirst(css);
        return x == null ? null : x.text();
    }

    static String stripAt(String s) {
        return s != null && s.startsWith("@") ? s.substring(1) : s;
    }

    /** Usernames linked from a page ({@code /profile/<name>}), post ids ({@code /post/<id>}), the older-posts page. */
    static List<String[]> links(Document d) {
        List<String[]> out = new ArrayList<>();
        for (Element a : d.select("a[href]")) {
            String href = a.attr("href");
            int cut = href.indexOf('?') >= 0 ? href.indexOf('?') : href.indexOf('#');
            if (cut >= 0) href = href.substring(0, cut); // "/post/<id>?ref=share" names the post
            if (href.startsWith("/profile/")) {
                String rest = href.substring("/profile/".length());
                if (USERNAME.matcher(rest).matches()) out.add(new String[] {"user", rest});
            } else if (href.startsWith("/post/")) {
                String id = href.substring("/post/".length());
                if (ID.matcher(id).matches()) out.add(new String[] {"post", id});
            }
        }
        Element older = d.selectFirst("a.pager--older[href]");
        if (older != null) {
            Matcher m = Pattern.compile("[?&]page=(\\d{1,6})(?:&|$)").matcher(older.attr("href"));
            if (m.find()) out.add(new String[] {"page", m.group(1)});
        }
        return out;
    }
}
