package io.lastlight.platform.parler;

import org.jsoup.nodes.Element;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ids on parler.com's pages: the post ids their links and addresses show, and for what they do not show, user ids
 * ({@code "@" + username}) and ids derived from a post's content ({@link #derivedId}).
 */
final class ParlerWebIds {
    static final Pattern POST_PATH = Pattern.compile("^/post/([0-9A-Za-z_-]{1,64})/?$");

    private ParlerWebIds() {}

    /**
     * Whether a card shows anything an id may be derived from: an author, text, media or links. A card with none
     * (a deleted original's empty shell) would otherwise get the one id of the empty parts, shared by every such
     * card on every page, merging unrelated posts into one.
     */
    static boolean identifiable(ParlerWebCard.Card card) {
        return card.hasAuthor() || card.text() != null && !card.text().isEmpty() || !card.media().isEmpty() || !card.links().isEmpty();
    }

    /** Authors on web pages have no visible id: {@code "@" + username} stands for it (see dataset.yaml). */
    static String userId(String username) {
        return "@" + username;
    }

    static String key(String username) {
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
    static String idFromHeader(Element card) {
        Element header = card.selectFirst("div.card--header");
        if (header == null) return null;
        for (Element a : header.select("a[href]")) {
            String id = idFromPath(pathOf(a.attr("href")));
            if (id != null) return id;
        }
        return null;
    }

    /** On a profile page: the post a wrapper links to outside its cards' bodies (footer, byline), or null. */
    static String linkedPostId(Element wrapper) {
        for (Element a : wrapper.select("a[href]")) {
            if (a.parents().stream().anyMatch(p -> p.hasClass("card--body") || p.hasClass("echo--parent") || p.hasClass("echo--root"))) continue;
            String id = idFromPath(pathOf(a.attr("href")));
            if (id != null) return id;
        }
        return null;
    }

    static String idFromPath(String path) {
        if (path == null) return null;
        Matcher m = POST_PATH.matcher(path);
        return m.matches() ? m.group(1) : null;
    }

    static String pathOf(String href) {
        try {
            return URI.create(href.trim()).getPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String suffixId(String elementId, String prefix) {
        if (elementId == null || !elementId.startsWith(prefix)) return null;
        String id = elementId.substring(prefix.length());
        return id.matches("[0-9A-Za-z_]{1,64}") ? id : null;
    }
}
