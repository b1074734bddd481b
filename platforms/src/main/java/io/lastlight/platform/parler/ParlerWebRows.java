package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lastlight.platform.parler.ParlerWebIds.derivedId;
import static io.lastlight.platform.parler.ParlerWebIds.idFromHeader;
import static io.lastlight.platform.parler.ParlerWebIds.identifiable;
import static io.lastlight.platform.parler.ParlerWebIds.key;
import static io.lastlight.platform.parler.ParlerWebIds.suffixId;
import static io.lastlight.platform.parler.ParlerWebIds.userId;

/** Rows and notes of one parler.com page ({@link ParlerWebPage}), built card by card. */
final class ParlerWebRows {
    private static final Pattern ECHOED_BY = Pattern.compile("(?i)^\\s*echoed\\s+by\\s+(.+?)\\s*$");
    private static final int MAX_NOTES = 12;
    private final Capture capture;
    private final Document doc;
    private final Extraction out = new Extraction();
    final List<String> problems = new ArrayList<>();
    private final Map<String, ProfileObservation> authors = new LinkedHashMap<>();
    private String owner, ownerName;

    ParlerWebRows(Capture capture, Document doc) {
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
        Matcher m = ParlerWebPage.PROFILE_PATH.matcher(path == null ? "" : path);
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

    /**
     * Badge 05 is Parler's "private" badge (tarqd/parler-parse, badge.rs: {@code "05" => Private}): a private account.
     * Any other badge says nothing about it (null, not false).
     */
    static Boolean isPrivate(String badge) {
        return "private".equals(badge) ? Boolean.TRUE : null;
    }
}
