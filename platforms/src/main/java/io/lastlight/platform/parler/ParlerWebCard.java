package io.lastlight.platform.parler;

import io.lastlight.platform.Counts;
import io.lastlight.platform.LinkObservation;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One post or comment card of a real parler.com page, as the page markup lays it out (learned from a page of
 * the leaked dump and the parsers written for it, tarqd/parler-parse among them): a header
 * ({@code div.card--header}: {@code span.author--name}, {@code span.author--username}, the badge icon in
 * {@code div.ch--avatar--badge--wrapper}, {@code span.post--timestamp}, {@code span.impressions--count}) and a
 * body ({@code div.card--body}: paragraphs, then {@code div.media-container--wrapper} with image, video, link,
 * article, website, embed and audio containers). Pure: an element in, a card out; what it could not read is
 * added to the problems list.
 */
final class ParlerWebCard {
    /** Badge icons {@code /images/badges/NN.svg} and what they mean (tarqd/parler-parse, badge.rs). */
    static final Map<String, String> BADGES = Map.of("00", "verified", "01", "gold", "02", "integration-partner",
            "04", "affiliate", "05", "private", "06", "parody", "07", "employee", "08", "real-name", "09", "early-adopter");
    private static final Pattern BADGE_FILE = Pattern.compile("/badges/(\\d{2})\\.svg");
    private static final Pattern SHORT_LINK = Pattern.compile("^https?://(?:api\\.parler\\.com|par\\.pw)/l/([0-9A-Za-z_-]{1,64})$");
    private static final Pattern WEB_URL = Pattern.compile("(?i)https?://[^\\s/?#]+[^\\s]*");
    /** Parler's media hosts: a media item's own link to them names the item's URL. */
    private static final Pattern MEDIA_HOST = Pattern.compile("(?i)^https?://(?:images|image-cdn|video)\\.parler\\.com/");
    private static final Pattern IMAGE_ID = Pattern.compile("([0-9a-f]{32})(?:_\\d{1,5})?(?:\\.(?:jpe?g|png|gif|webp))?");
    private static final Pattern VIDEO_ID = Pattern.compile("((?=[0-9A-Za-z]*[0-9])[0-9A-Za-z]{8,32})(?:_small)?\\.(?:mp4|m3u8|webm|mov)");
    private static final String[] MEDIA_KINDS = {"image", "video", "basic", "article", "website", "iframe-embed", "audio"};

    /** A card's link or article preview: the /l/ link it points at, the URL it shows, its title and excerpt. */
    record Preview(String kind, String href, String shownUrl, String title, String excerpt) {}

    /**
     * A media item the page shows without a URL or a Parler media id it names (a browser-saved page's
     * {@code data:} URI or local file): its kind and what its source was, abbreviated.
     */
    record LocalMedia(String kind, String source) {}

    record Card(String username, String displayName, String badge, String timeShown, RelativeTime.Interval time,
                Counts impressions, String text, String html, List<String> mentions, List<String> hashtags,
                List<String> media, List<String> links, List<Preview> previews, List<LocalMedia> mediaWithoutUrl) {
        boolean hasAuthor() {
            return username != null;
        }
    }

    private ParlerWebCard() {}

    static Card read(Element card, Instant captured, List<String> problems, String where) {
        Element header = card.selectFirst("div.card--header");
        String username = null, name = null, badge = null, shownTime = null;
        RelativeTime.Interval time = null;
        Counts impressions = null;
        if (header == null) {
            problems.add(where + ": no card header (author, time)");
        } else {
            username = ParlerHtml.stripAt(text(header, "span.author--username"));
            name = text(header, "span.author--name");
            if (username == null || username.isEmpty()) {
                username = null;
                problems.add(where + ": no author username");
            }
            Element b = header.selectFirst("div.ch--avatar--badge--wrapper img[src]");
            if (b != null) {
                Matcher m = BADGE_FILE.matcher(b.attr("src"));
                badge = m.find() ? BADGES.getOrDefault(m.group(1), "badge-" + m.group(1)) : null;
                if (badge == null) problems.add(where + ": unknown badge icon " + ParlerCounts.abbreviate(b.attr("src")));
            }
            shownTime = text(header, "span.post--timestamp");
            time = RelativeTime.resolve(shownTime, captured);
            if (shownTime == null) problems.add(where + ": no time");
            else if (time == null) problems.add(where + ": time '" + ParlerCounts.abbreviate(shownTime) + "' unreadable");
            Element imp = header.selectFirst("span.impressions--count");
            if (imp != null) impressions = ParlerCounts.parse(imp.text(), problems, where + " impressions");
        }
        Element body = card.selectFirst("div.card--body");
        String text = null, html = null;
        Set<String> mentions = new LinkedHashSet<>();
        List<String> media = new ArrayList<>(), links = new ArrayList<>();
        List<Preview> previews = new ArrayList<>();
        List<LocalMedia> local = new ArrayList<>();
        if (body == null) {
            problems.add(where + ": no card body");
        } else {
            StringBuilder t = new StringBuilder(), h = new StringBuilder();
            for (Element p : body.children()) {
                if (!p.tagName().equals("p")) continue;
                if (t.length() > 0) t.append('\n');
                t.append(paragraph(p));
                h.append(p.outerHtml());
                for (Element at : p.select("a.at")) mentions.add(ParlerHtml.stripAt(at.text().trim()));
            }
            text = t.toString().strip();
            html = h.length() == 0 ? null : h.toString();
            for (Element mc : body.select("div.media-container--wrapper")) media(mc, media, links, previews, local);
            for (LocalMedia m : local) {
                problems.add(where + ": " + m.kind() + " saved as " + m.source() + " names no URL or Parler media id: kept without a URL");
            }
        }
        mentions.addAll(ParlerJson.mentions(text));
        mentions.remove("");
        return new Card(username, name, badge, shownTime, time, impressions, text, html, new ArrayList<>(mentions),
                ParlerJson.hashtags(text), media, links, previews, local);
    }

    /** A paragraph's text: {@code <br>} is a line break, other whitespace runs are one space. */
    static String paragraph(Element p) {
        StringBuilder sb = new StringBuilder();
        for (Node n : p.childNodes()) appendText(n, sb);
        StringBuilder out = new StringBuilder();
        for (String line : sb.toString().split("\n", -1)) {
            if (out.length() > 0) out.append('\n');
            out.append(line.replaceAll("[ \\t\\r\\f\\u00a0]+", " ").strip());
        }
        return out.toString().strip();
    }

    private static void appendText(Node n, StringBuilder sb) {
        if (n instanceof TextNode tn) {
            sb.append(tn.getWholeText().replace('\n', ' '));
        } else if (n instanceof Element e) {
            if (e.tagName().equals("br")) {
                sb.append('\n');
                return;
            }
            for (Node c : e.childNodes()) appendText(c, sb);
        }
    }

    private static void media(Element container, List<String> media, List<String> links, List<Preview> previews,
                              List<LocalMedia> local) {
        for (String kind : MEDIA_KINDS) {
            for (Element item : container.select("div.mc-" + kind + "--container")) {
                Element wrapper = item.selectFirst("div.mc-" + kind + "--wrapper");
                Element meta = item.selectFirst("div.mc-" + kind + "--meta--wrapper");
                Element linkA = meta == null ? null : meta.selectFirst("span.mc-" + kind + "--link a[href]");
                String href = linkA == null ? null : linkA.attr("href").trim();
                String shown = linkA == null ? null : blankToNull(linkA.text().trim());
                String title = meta == null ? null : blankToNull(text(meta, "span.mc-" + kind + "--title"));
                String excerpt = meta == null ? null : blankToNull(text(meta, "span.mc-" + kind + "--excerpt"));
                boolean isMedia = kind.equals("image") || kind.equals("video") || kind.equals("audio");
                Element source = sourceElement(wrapper != null ? wrapper : item, kind);
                String src = source == null ? null : webUrl(source.attr("src"));
                if (isMedia && source != null && src == null) {
                    // A browser-saved page: the source is a data: URI or a local file. The URL the page names for it
                    // (another attribute, or the item's own link when it points at Parler's media hosts), else the
                    // Parler media id its file name carries, else the item is kept without a URL.
                    src = namedUrl(source);
                    if (src == null && shown != null && MEDIA_HOST.matcher(shown).find()) src = webUrl(shown);
                    if (src == null) src = mediaId(source, kind);
                    if (src == null) local.add(new LocalMedia(kind, describe(source.attr("src"))));
                }
                if (isMedia && src != null && !media.contains(src)) media.add(src);
                if (href != null || shown != null) {
                    String url = shown != null && shown.matches("(?i)https?://\\S+") ? shown : href;
                    if (url != null && !links.contains(url) && !(isMedia && url.equals(src))) links.add(url);
                    previews.add(new Preview(kind, href, shown, title, excerpt));
                } else if (!isMedia && src != null && !links.contains(src)) {
                    links.add(src); // an embed without a meta row: its source is the link
                }
            }
        }
    }

    /** The element carrying the item's own source, by what its kind plays: an image's img, a video's (source of) video … */
    private static Element sourceElement(Element scope, String kind) {
        String[] order;
        switch (kind) {
            case "image": order = new String[] {"img[src]"}; break;
            case "video": order = new String[] {"video source[src]", "video[src]"}; break;
            case "audio": order = new String[] {"audio source[src]", "audio[src]"}; break;
            case "iframe-embed": order = new String[] {"iframe[src]", "embed[src]"}; break;
            default: return null;
        }
        for (String css : order) {
            for (Element e : scope.select(css)) {
                if (!e.attr("src").isBlank()) return e;
            }
        }
        return null;
    }

    /**
     * An http(s) URL as the page names it (absolute, or scheme-relative {@code //host/…}), else null: a relative
     * path, {@code data:}, {@code blob:} or {@code file:} source names no URL of its own (resolving a saved page's
     * {@code ./page_files/x} against the page's address or a {@code <base>} would make one up).
     */
    static String webUrl(String value) {
        String v = value == null ? "" : value.trim();
        if (v.startsWith("//")) v = "https:" + v;
        return WEB_URL.matcher(v).matches() ? v : null;
    }

    /** An http(s) URL another attribute of the source element names (data-src, data-original, srcset …), or null. */
    private static String namedUrl(Element source) {
        for (org.jsoup.nodes.Attribute a : source.attributes()) {
            if (a.getKey().equals("src")) continue;
            for (String part : a.getValue().split("[\\s,]+")) {
                String url = webUrl(part);
                if (url != null) return url;
            }
        }
        return null;
    }

    /**
     * The Parler media id a local source's file name (or another attribute's) carries: an image's 32 hex digits
     * ({@code images.parler.com/<id>_256}), a video's file name on video.parler.com without {@code _small} and
     * extension ({@code video.parler.com/Q2/s5/<id>_small.mp4}); else null.
     */
    private static String mediaId(Element source, String kind) {
        for (org.jsoup.nodes.Attribute a : source.attributes()) {
            String v = a.getValue().trim();
            if (v.regionMatches(true, 0, "data:", 0, 5)) continue;
            String file = v.substring(v.lastIndexOf('/') + 1);
            try {
                file = java.net.URLDecoder.decode(file.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // not percent-encoded: the name as it stands
            }
            Matcher m = (kind.equals("image") ? IMAGE_ID : VIDEO_ID).matcher(file);
            if (m.matches()) return m.group(1);
        }
        return null;
    }

    /** A source for a note: a data: URI by its media type, a local file by its name (at most 80 characters). */
    private static String describe(String src) {
        String s = src.trim();
        if (s.regionMatches(true, 0, "data:", 0, 5)) {
            int end = s.indexOf(';') > 0 ? s.indexOf(';') : s.indexOf(',');
            return "a " + (end > 0 ? s.substring(0, end) : "data:") + " URI";
        }
        String file = s.substring(s.lastIndexOf('/') + 1);
        return "local file '" + (file.length() <= 80 ? file : file.substring(0, 80) + "…") + "'";
    }

    /** Link rows for the previews of a card whose post id is known. */
    static List<LinkObservation> linkRows(Card card, String postId) {
        List<LinkObservation> out = new ArrayList<>();
        for (Preview p : card.previews()) {
            String id = null;
            String shortUrl = null;
            if (p.href() != null) {
                Matcher m = SHORT_LINK.matcher(p.href());
                if (m.matches()) {
                    id = m.group(1);
                    shortUrl = p.href();
                }
            }
            String longUrl = p.shownUrl() != null && p.shownUrl().matches("(?i)https?://\\S+") ? p.shownUrl()
                    : shortUrl == null ? p.href() : null;
            if (shortUrl == null && longUrl == null) continue;
            out.add(new LinkObservation(ParlerJson.PLATFORM, id, shortUrl, longUrl, LinkObservation.SOURCE_CARD, postId,
                    p.kind(), p.title(), p.excerpt()));
        }
        return out;
    }

    /** The id of a Parler link-shortener URL ({@code https://api.parler.com/l/<id>}, {@code par.pw/l/<id>}); else null. */
    static String shortLinkId(String url) {
        if (url == null) return null;
        Matcher m = SHORT_LINK.matcher(url.trim());
        return m.matches() ? m.group(1) : null;
    }

    static String text(Element e, String css) {
        Element x = e.selectFirst(css);
        return x == null ? null : x.text().trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
