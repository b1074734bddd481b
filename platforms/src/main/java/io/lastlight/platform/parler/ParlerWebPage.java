package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * parler.com's own web pages, as archived in January 2021 (ArchiveTeam's grab, the leaked dump): post pages
 * ({@code /post/<id>}, {@code share.par.pw/post/<id>}) and profile pages ({@code /profile/<name>/posts}). Which of
 * the two a page is, and its post id, the page itself says where it can ({@code og:url}, a canonical link, the
 * profile header {@code div#hero--wrapper}); the capture's URL only where it does not (a disagreement is noted).
 * Each {@code div.post--card--wrapper} holds a {@code div.card--post-container}: a post ({@code span.post}),
 * or an echo — the byline {@code div.echo-byline--wrapper} ("Echoed By …", its time), the echoed post
 * ({@code span.echo--parent}), its root when the echoed post is itself an echo ({@code span.echo--root}) and
 * the echoer's own words if any ({@code span.show-under-echo}) — then the action counts in
 * {@code div.card--footer}. Post pages list comments ({@code div.comments-list--container}, id
 * {@code comments-list-<post id>}) and their replies ({@code div.replies-list--container}, id
 * {@code replies-list-<comment id>}). Cards are read by {@link ParlerWebCard}.
 *
 * <p>What the page does not show is not invented: user ids are not on these pages, so authors are keyed
 * {@code "@" + username}; a post whose id the page does not show (an echoed post, a reply, a post on a profile
 * page without a link to it) gets an id derived from its content by {@link #derivedId}, flagged
 * {@code idDerived}. A card that shows no author, text, media or links (a deleted original's empty shell) gets
 * no id and no row: an echo of it keeps its row with the parent unknown (null) and a note. An echo without
 * words of its own has no text. Counts under an echo without words are the
 * echoed post's (the page shows the echoed post's action row), under an echo with words the echo's. Every
 * field a card lacks is noted in the extraction's detail.
 */
final class ParlerWebPage {
    private static final Pattern POST_PATH = Pattern.compile("^/post/([0-9A-Za-z_-]{1,64})/?$");
    private static final Pattern PROFILE_PATH = Pattern.compile("^/profile/([0-9A-Za-z_]{1,64})(?:/posts)?/?$");
    private static final Pattern ECHOED_BY = Pattern.compile("(?i)^\\s*echoed\\s+by\\s+(.+?)\\s*$");
    private static final int MAX_NOTES = 12;

    private ParlerWebPage() {}

    /** Whether a page is in parler.com's markup (rather than the simulator's). */
    static boolean isWebMarkup(Document d) {
        if (d.selectFirst("div.card--post-container, div#hero--wrapper, div.comments-list--container, div.echo-byline--wrapper") != null) {
            return true;
        }
        Element site = d.selectFirst("meta[property=og:site_name]");
        return site != null && site.attr("content").trim().equalsIgnoreCase("Parler")
                && d.selectFirst("div.post--card--wrapper[data-id], div.profile[data-id]") == null;
    }

    /**
     * @param urlSaysProfile what the capture's URL says the page is ({@code /profile/…} rather than {@code /post/…});
     *                       the page's own word ({@link #shownPath}, the profile header) wins where it gives one
     */
    static Extraction extract(Capture c, Document d, boolean urlSaysProfile) {
        Page page = new Page(c, d);
        String urlPath = c.uri().getPath();
        String shown = shownPath(d);
        Boolean pageSaysProfile = shown != null ? Boolean.valueOf(PROFILE_PATH.matcher(shown).matches())
                : d.selectFirst("div#hero--wrapper") != null ? Boolean.TRUE : null;
        boolean profilePage = pageSaysProfile != null ? pageSaysProfile : urlSaysProfile;
        if (profilePage != urlSaysProfile) {
            page.problems.add("the URL names a " + (urlSaysProfile ? "profile" : "post") + " page but the page is a "
                    + (profilePage ? "profile" : "post") + " page (" + (shown != null ? "its og:url or canonical link " + shown
                    : "div#hero--wrapper") + "): read as the page says");
        }
        String urlId = idFromPath(urlPath), shownId = idFromPath(shown);
        String pageId = shownId != null ? shownId : urlId;
        if (!profilePage && urlId != null && shownId != null && !urlId.equals(shownId)) {
            page.problems.add("the URL names post " + urlId + " but the page's og:url or canonical link names " + shownId
                    + ": read as " + shownId);
        }
        if (profilePage) page.profile(shown != null ? shown : urlPath);
        else page.ownerFromTitle();
        List<Element> wrappers = new ArrayList<>();
        for (Element w : d.select("div.post--card--wrapper")) {
            if (w.parents().stream().noneMatch(p -> p.hasClass("post--card--wrapper"))) wrappers.add(w);
        }
        String cut = cutOff(c, d);
        if (!profilePage && pageId == null) {
            return Extraction.failed(Extraction.ERROR, "post page without a post id in its URL or og:url" + (cut == null ? "" : "; " + cut));
        }
        if (!profilePage && wrappers.isEmpty()) {
            return Extraction.failed(Extraction.ERROR, "post page without div.post--card--wrapper (parler.com markup)"
                    + (cut == null ? "" : "; " + cut));
        }
        if (cut != null) page.problems.add(0, cut);
        if (profilePage && wrappers.isEmpty()) page.problems.add("profile page shows no posts");
        for (int i = 0; i < wrappers.size(); i++) {
            String id = !profilePage && i == 0 ? pageId : linkedPostId(wrappers.get(i));
            String main = page.post(wrappers.get(i), id, "post " + (i + 1));
            if (!profilePage && i == 0 && main != null) page.comments(wrappers.get(i), main);
        }
        return page.finish();
    }

    /** Rows and notes of one page, built card by card. */
    private static final class Page {
        final Capture capture;
        final Document doc;
        final Extraction out = new Extraction();
        final List<String> problems = new ArrayList<>();
        final Map<String, ProfileObservation> authors = new LinkedHashMap<>();
        String owner, ownerName;

        Page(Capture capture, Document doc) {
            this.capture = capture;
            this.doc = doc;
        }

        void ownerFromTitle() {
            Element t = doc.selectFirst("meta[property=og:title]");
            String title = t != null ? t.attr("content") : doc.title();
            // "@Johngragg45 - Johngragg45 - ": the page's post author, then the display name
            String[] parts = title == null ? new String[0] : title.split(" - ", -1);
            if (parts.length > 0 && parts[0].trim().startsWith("@")) {
                owner = ParlerHtml.stripAt(parts[0].trim());
                ownerName = parts.length > 1 && !parts[1].isBlank() ? parts[1].trim() : null;
            }
        }

        void profile(String path) {
            Element hero = doc.selectFirst("div#hero--wrapper");
            Matcher m = PROFILE_PATH.matcher(path == null ? "" : path);
            String username = hero == null ? null : ParlerHtml.stripAt(ParlerWebCard.text(hero, "span.profile--username"));
            if (username == null || username.isEmpty()) username = m.matches() ? m.group(1) : null;
            if (hero == null) problems.add("profile: no div#hero--wrapper (name, bio)");
            if (username == null) {
                problems.add("profile: no username");
                return;
            }
            String name = hero == null ? null : ParlerWebCard.text(hero, "span.profile--name");
            String bio = hero == null ? null : ParlerWebCard.text(hero, "span.profile--bio");
            String badge = null;
            Element b = hero == null ? null : hero.selectFirst("img[src*=/badges/]");
            if (b != null) {
                Matcher bm = Pattern.compile("/badges/(\\d{2})\\.svg").matcher(b.attr("src"));
                if (bm.find()) badge = ParlerWebCard.BADGES.getOrDefault(bm.group(1), "badge-" + bm.group(1));
            }
            owner = username;
            ownerName = name;
            authors.put(key(username), new ProfileObservation(ParlerJson.PLATFORM, userId(username), username, name,
                    bio == null || bio.isEmpty() ? null : bio, null, null, null, null, null,
                    "verified".equals(badge) ? Boolean.TRUE : null, null, isPrivate(badge), ProfileObservation.SOURCE_PROFILE, badge));
        }

        /** The rows of one post wrapper; returns the id of its main post (null if none could be read). */
        String post(Element wrapper, String id, String where) {
            Element container = wrapper.selectFirst("div.card--post-container");
            if (container == null) {
                problems.add(where + ": no div.card--post-container");
                return null;
            }
            Element byline = container.selectFirst("div.echo-byline--wrapper");
            Element footer = container.selectFirst("div.card--footer div.post--actions");
            ParlerCounts.Actions actions = ParlerCounts.read(footer, false, problems, where);
            if (footer == null) problems.add(where + ": no action counts");
            if (byline == null) {
                Element own = container.selectFirst("span.post");
                ParlerWebCard.Card card = ParlerWebCard.read(own != null ? own : container, capture.time(), problems, where);
                boolean derived = id == null;
                if (derived) id = cardId(own != null ? own : container, card);
                if (id == null) {
                    problems.add(where + ": post shows no id, author, text or media: not kept");
                    return null;
                }
                add(card, id, derived, null, null, false, false, actions);
                return id;
            }
            // An echo: the echoed post (and its root), and the echo itself.
            Element rootEl = container.selectFirst("span.echo--root");
            Element parentEl = container.selectFirst("span.echo--parent");
            Element wordsEl = container.selectFirst("span.show-under-echo");
            String rootId = null;
            if (rootEl != null) {
                ParlerWebCard.Card root = ParlerWebCard.read(rootEl, capture.time(), problems, where + " echo root");
                rootId = cardId(rootEl, root);
                if (rootId == null) problems.add(where + " echo root unreadable (no id, author, text or media; deleted?): root unknown");
                else add(root, rootId, idFromHeader(rootEl) == null, null, null, false, false, ParlerCounts.Actions.NONE);
            }
            String parentId = null;
            if (parentEl == null) {
                problems.add(where + ": echo without the echoed post (span.echo--parent)");
            } else {
                ParlerWebCard.Card parent = ParlerWebCard.read(parentEl, capture.time(), problems, where + " echoed post");
                parentId = cardId(parentEl, parent);
                if (parentId == null) {
                    problems.add(where + " echoed post unreadable (no id, author, text or media; deleted?): parent unknown");
                } else {
                    add(parent, parentId, idFromHeader(parentEl) == null, rootId, rootId, rootEl != null, false,
                            wordsEl == null ? actions : ParlerCounts.Actions.NONE);
                }
            }
            // The chain's root: the root card's id when the page shows one (null if unreadable), else the echoed post.
            String chainRoot = rootEl != null ? rootId : parentId;
            if (wordsEl != null) {
                ParlerWebCard.Card words = ParlerWebCard.read(wordsEl, capture.time(), problems, where + " echo");
                boolean derived = id == null;
                if (derived && words.hasAuthor() && (parentId != null || words.text() != null && !words.text().isEmpty())) {
                    id = derivedId("echo", ParlerWebCard.lower(words.username()), parentId, words.text());
                }
                if (id == null) {
                    problems.add(where + " echo: neither its id nor its author with its words or echoed post readable: not kept");
                    return null;
                }
                add(words, id, derived, parentId, chainRoot, true, false, actions);
                return id;
            }
            // An echo without words: the echoer is named in the byline and (post pages) the page title.
            Matcher m = ECHOED_BY.matcher(ParlerWebCard.text(byline, "div.eb--statement") == null ? "" : ParlerWebCard.text(byline, "div.eb--statement"));
            String name = m.matches() ? m.group(1) : ownerName;
            String shown = ParlerWebCard.text(byline, "div.eb--timestamp");
            RelativeTime.Interval time = RelativeTime.resolve(shown, capture.time());
            if (shown == null) problems.add(where + " echo: no time");
            else if (time == null) problems.add(where + " echo: time '" + ParlerCounts.abbreviate(shown) + "' unreadable");
            String username = owner;
            if (username == null) problems.add(where + " echo: no echoer username (og:title or profile)");
            else author(username, name, null);
            boolean derived = id == null;
            if (derived && username != null && parentId != null) id = derivedId("echo", ParlerWebCard.lower(username), parentId, null);
            if (id == null) {
                problems.add(where + " echo: neither its id nor its echoer and echoed post readable: not kept");
                return null;
            }
            out.add(new PostObservation(ParlerJson.PLATFORM, id, username == null ? null : userId(username),
                    time == null ? null : time.at(), time == null ? null : time.precision(), null, null, null, parentId, chainRoot,
                    true, false, null, null, null, null, List.of(), List.of(), List.of(), List.of(), false, username,
                    time == null ? null : time.low(), time == null ? null : time.high(), derived));
            return id;
        }

        /** Comments under the page's post and their replies. */
        void comments(Element wrapper, String postId) {
            Element list = wrapper.selectFirst("div.comments-list--container");
            if (list == null) list = doc.selectFirst("div.comments-list--container");
            if (list == null) return;
            int n = 0;
            // Cards at any depth below their list (a wrapper element between them must not hide them), each once:
            // a comment is a comment--card--wrapper outside every replies list and every other comment card.
            for (Element comment : list.select("div.comment--card--wrapper")) {
                if (comment.hasClass("reply--card--wrapper") || within(comment, list, "replies-list--container")
                        || within(comment, list, "comment--card--wrapper")) continue;
                n++;
                Element replies = null;
                for (Element r : comment.select("div.replies-list--container")) {
                    if (!within(r, comment, "comment--card--wrapper") && !within(r, comment, "replies-list--container")) {
                        replies = r;
                        break;
                    }
                }
                String id = replies == null ? null : suffixId(replies.id(), "replies-list-");
                String commentId = reply(comment, id, postId, postId, "comment " + n);
                if (replies == null || commentId == null) continue;
                int r = 0;
                for (Element reply : replies.select("div.reply--card--wrapper")) {
                    if (within(reply, replies, "reply--card--wrapper")) continue; // a reply card's own inner markup
                    reply(reply, null, commentId, postId, "comment " + n + " reply " + (++r));
                }
            }
        }

        /** Whether an element between {@code e} and {@code top} (both excluded) has the class. */
        private static boolean within(Element e, Element top, String cls) {
            for (Element p = e.parent(); p != null && p != top; p = p.parent()) {
                if (p.hasClass(cls)) return true;
            }
            return false;
        }

        private String reply(Element el, String id, String parentId, String rootId, String where) {
            Element cc = null;
            for (Element ch : el.children()) if (ch.hasClass("card--comment-container")) cc = ch;
            if (cc == null) cc = el.selectFirst("div.card--comment-container");
            if (cc == null) {
                problems.add(where + ": no div.card--comment-container");
                return null;
            }
            ParlerWebCard.Card card = ParlerWebCard.read(cc, capture.time(), problems, where);
            Element actions = cc.selectFirst("div.card--footer div.comment--actions");
            boolean derived = id == null;
            if (derived && identifiable(card)) {
                id = derivedId("reply", parentId, ParlerWebCard.lower(card.username()), card.text(), String.join(" ", card.media()));
            }
            if (id == null) {
                problems.add(where + ": shows no id, author, text or media: not kept");
                return null;
            }
            add(card, id, derived, parentId, rootId, false, true, ParlerCounts.read(actions, true, problems, where));
            return id;
        }

        private void add(ParlerWebCard.Card card, String id, boolean derived, String parent, String root, boolean repost,
                         boolean reply, ParlerCounts.Actions a) {
            if (card.hasAuthor()) author(card.username(), card.displayName(), card.badge());
            RelativeTime.Interval t = card.time();
            out.add(new PostObservation(ParlerJson.PLATFORM, id, card.hasAuthor() ? userId(card.username()) : null,
                    t == null ? null : t.at(), t == null ? null : t.precision(), card.text(), card.html(), null, parent, root,
                    repost, reply, a.comments(), a.reposts(), a.upvotes(), card.impressions(), card.hashtags(), card.mentions(),
                    card.links(), card.media(), false, card.username(), t == null ? null : t.low(), t == null ? null : t.high(), derived,
                    mediaExtras(card)));
            ParlerWebCard.linkRows(card, id).forEach(out::add);
        }

        /**
         * {@code {"media_without_url":[{"kind":"image","source":"a data:image/jpeg URI"}]}} for the media items a
         * browser-saved page shows without a URL or media id it names (kept so the post still says it had them), else null.
         */
        private static String mediaExtras(ParlerWebCard.Card card) {
            if (card.mediaWithoutUrl().isEmpty()) return null;
            com.fasterxml.jackson.databind.node.ObjectNode o = ParlerPlatform.JSON.createObjectNode();
            com.fasterxml.jackson.databind.node.ArrayNode items = o.putArray("media_without_url");
            for (ParlerWebCard.LocalMedia m : card.mediaWithoutUrl()) items.addObject().put("kind", m.kind()).put("source", m.source());
            return o.toString();
        }

        /** Every author seen on the page, once (the profile page's owner keeps its fuller observation). */
        private void author(String username, String name, String badge) {
            ProfileObservation seen = new ProfileObservation(ParlerJson.PLATFORM, userId(username), username, name, null,
                    null, null, null, null, null, "verified".equals(badge) ? Boolean.TRUE : null, null, isPrivate(badge),
                    ProfileObservation.SOURCE_EMBEDDED, badge);
            authors.merge(key(username), seen, (old, neu) -> old.source().equals(ProfileObservation.SOURCE_PROFILE) ? old
                    : new ProfileObservation(old.platform(), old.userId(), old.username(),
                    old.displayName() != null ? old.displayName() : neu.displayName(), null, null, null, null, null, null,
                    old.verified() != null ? old.verified() : neu.verified(), null,
                    old.isPrivate() != null ? old.isPrivate() : neu.isPrivate(), old.source(),
                    old.badge() != null ? old.badge() : neu.badge()));
        }

        Extraction finish() {
            authors.values().forEach(out::add);
            if (!problems.isEmpty()) {
                List<String> shown = problems.size() <= MAX_NOTES ? problems : problems.subList(0, MAX_NOTES);
                out.note("parler.com page read in part: " + String.join("; ", shown)
                        + (problems.size() > MAX_NOTES ? "; and " + (problems.size() - MAX_NOTES) + " more" : ""));
            }
            return out;
        }

        /** The id the card's header shows, else one derived from its content, else null (nothing to derive from). */
        private String cardId(Element el, ParlerWebCard.Card card) {
            String shown = idFromHeader(el);
            if (shown != null) return shown;
            if (!identifiable(card)) return null;
            return derivedId(ParlerWebCard.lower(card.username()), card.text(), String.join(" ", card.media()), String.join(" ", card.links()));
        }
    }

    /**
     * Whether a card shows anything an id may be derived from: an author, text, media or links. A card with none
     * (a deleted original's empty shell) would otherwise get the one id of the empty parts, shared by every such
     * card on every page, merging unrelated posts into one.
     */
    static boolean identifiable(ParlerWebCard.Card card) {
        return card.hasAuthor() || card.text() != null && !card.text().isEmpty() || !card.media().isEmpty() || !card.links().isEmpty();
    }

    /**
     * Badge 05 is Parler's "private" badge (tarqd/parler-parse, badge.rs: {@code "05" => Private}): a private account.
     * Any other badge says nothing about it (null, not false).
     */
    static Boolean isPrivate(String badge) {
        return "private".equals(badge) ? Boolean.TRUE : null;
    }

    /** Authors on web pages have no visible id: {@code "@" + username} stands for it (see dataset.yaml). */
    static String userId(String username) {
        return "@" + username;
    }

    private static String key(String username) {
        return ParlerWebCard.lower(username);
    }

    /**
     * A stable id for a post the page shows without one: {@code "d-"} and the first 32 hex digits of the SHA-256
     * of the parts (for a post: the author's lower-cased username, its text, its media and link URLs; for an
     * echo without words: "echo", the echoer, the echoed post's id; for a reply: "reply", its parent, author,
     * text, media), joined by U+001F. The same post seen again on any page gets the same id; two posts with the
     * same author, text and media collapse into one.
     */
    static String derivedId(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) sb.append(p == null ? "" : p).append('\u001f');
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "d-" + java.util.HexFormat.of().formatHex(h, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A post id the card's header links to ({@code a[href=/post/<id>]}), or null. */
    private static String idFromHeader(Element card) {
        Element header = card.selectFirst("div.card--header");
        if (header == null) return null;
        for (Element a : header.select("a[href]")) {
            String id = idFromPath(pathOf(a.attr("href")));
            if (id != null) return id;
        }
        return null;
    }

    /** On a profile page: the post a wrapper links to outside its cards' bodies (footer, byline), or null. */
    private static String linkedPostId(Element wrapper) {
        for (Element a : wrapper.select("a[href]")) {
            if (a.parents().stream().anyMatch(p -> p.hasClass("card--body") || p.hasClass("echo--parent") || p.hasClass("echo--root"))) continue;
            String id = idFromPath(pathOf(a.attr("href")));
            if (id != null) return id;
        }
        return null;
    }

    /**
     * A note when the page is cut off: parler.com's pages (and browsers' saved copies of them) end with
     * {@code </html>}, so one whose last bytes hold no end tag lost what followed the cut (a dropped connection, a
     * partial download); its last card's text and counts may be partial. Null for a complete page.
     */
    static String cutOff(Capture c, Document d) {
        byte[] b = c.body();
        int from = Math.max(0, b.length - 1024);
        if ((b.length - from) % 2 != 0 && from > 0) from--; // UTF-16: whole code units
        // The charset the page was decoded in (ParlerHtml.parse), a UTF-16 byte-order mark first.
        java.nio.charset.Charset cs = b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe ? java.nio.charset.StandardCharsets.UTF_16LE
                : b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff ? java.nio.charset.StandardCharsets.UTF_16BE
                : d.charset() == null ? java.nio.charset.StandardCharsets.UTF_8 : d.charset();
        String tail = new String(b, from, b.length - from, cs).toLowerCase(java.util.Locale.ROOT);
        if (tail.contains("</html")) return null;
        return "page cut off: no </html> at its end (" + b.length + " bytes); what followed the cut is missing and its last card may be partial";
    }

    /**
     * The path of the page's own address ({@code og:url}, else {@code link[rel=canonical]}) when it names a post or
     * profile page; else null.
     */
    static String shownPath(Document d) {
        for (Element e : d.select("meta[property=og:url][content], link[rel=canonical][href]")) {
            String path = pathOf(e.hasAttr("content") ? e.attr("content") : e.attr("href"));
            if (path != null && (POST_PATH.matcher(path).matches() || PROFILE_PATH.matcher(path).matches())) return path;
        }
        return null;
    }

    static String idFromPath(String path) {
        if (path == null) return null;
        Matcher m = POST_PATH.matcher(path);
        return m.matches() ? m.group(1) : null;
    }

    private static String pathOf(String href) {
        try {
            return URI.create(href.trim()).getPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String suffixId(String elementId, String prefix) {
        if (elementId == null || !elementId.startsWith(prefix)) return null;
        String id = elementId.substring(prefix.length());
        return id.matches("[0-9A-Za-z_]{1,64}") ? id : null;
    }
}
