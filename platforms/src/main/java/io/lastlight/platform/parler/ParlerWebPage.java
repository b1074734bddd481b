package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.Extraction;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.util.ArrayList;
import java.util.List;
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
 * {@code replies-list-<comment id>}). Cards are read by {@link ParlerWebCard}, their rows built by
 * {@link ParlerWebRows}.
 *
 * <p>What the page does not show is not invented: user ids are not on these pages, so authors are keyed
 * {@code "@" + username}; a post whose id the page does not show (an echoed post, a reply, a post on a profile
 * page without a link to it) gets an id derived from its content by {@link ParlerWebIds#derivedId}, flagged
 * {@code idDerived}. A card that shows no author, text, media or links (a deleted original's empty shell) gets
 * no id and no row: an echo of it keeps its row with the parent unknown (null) and a note. An echo without
 * words of its own has no text. Counts under an echo without words are the
 * echoed post's (the page shows the echoed post's action row), under an echo with words the echo's. Every
 * field a card lacks is noted in the extraction's detail.
 */
final class ParlerWebPage {
    static final Pattern PROFILE_PATH = Pattern.compile("^/profile/([0-9A-Za-z_]{1,64})(?:/posts)?/?$");

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
        ParlerWebRows page = new ParlerWebRows(c, d);
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
        String urlId = ParlerWebIds.idFromPath(urlPath), shownId = ParlerWebIds.idFromPath(shown);
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
            String id = !profilePage && i == 0 ? pageId : ParlerWebIds.linkedPostId(wrappers.get(i));
            String main = page.post(wrappers.get(i), id, "post " + (i + 1));
            if (!profilePage && i == 0 && main != null) page.comments(wrappers.get(i), main);
        }
        return page.finish();
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
            String path = ParlerWebIds.pathOf(e.hasAttr("content") ? e.attr("content") : e.attr("href"));
            if (path != null && (ParlerWebIds.POST_PATH.matcher(path).matches() || PROFILE_PATH.matcher(path).matches())) return path;
        }
        return null;
    }
}
