package io.lastlight.platform.parler;

import io.lastlight.platform.Counts;
import org.jsoup.nodes.Element;

import java.util.List;
import java.util.Locale;

/**
 * The counts a parler.com card shows: the action row under a post ({@code div.post--actions}, items
 * {@code pa--item--wrapper}) or a comment ({@code div.comment--actions}, items {@code ca--item--wrapper}),
 * each an icon whose {@code alt} names the count ("Post Comments", "Post Echoes", "Post Upvotes", "Replies")
 * and a display string ({@code "62831"}, {@code "3.2m"}, {@code "12k"}) read as an interval by {@link Counts}.
 * Where an icon has no alt text, the position decides (posts: comments, echoes, upvotes; comments: replies,
 * downvotes (not kept), upvotes), as the page always lists them in that order.
 */
final class ParlerCounts {
    /** comments (or replies), reposts (echoes), upvotes; each null if not shown or unreadable. */
    record Actions(Counts comments, Counts reposts, Counts upvotes) {
        static final Actions NONE = new Actions(null, null, null);
    }

    private ParlerCounts() {}

    /** The counts of an action row; {@code problems} gets one note per count shown but unreadable. */
    static Actions read(Element actions, boolean comment, List<String> problems, String where) {
        if (actions == null) return Actions.NONE;
        String item = comment ? "ca--item" : "pa--item";
        Counts comments = null, reposts = null, upvotes = null;
        int position = 0;
        for (Element w : actions.select("." + item + "--wrapper")) {
            position++;
            Element shown = w.selectFirst("." + item + "--count");
            if (shown == null) continue;
            Counts c = parse(shown.text(), problems, where + " count " + position);
            Element icon = w.selectFirst("img[alt]");
            String alt = icon == null ? "" : icon.attr("alt").toLowerCase(Locale.ROOT);
            String what = alt.contains("downvote") ? "downvotes"
                    : alt.contains("upvote") ? "upvotes"
                    : alt.contains("echo") ? "reposts"
                    : alt.contains("comment") || alt.contains("repl") ? "comments"
                    : byPosition(position, comment);
            switch (what) {
                case "comments": comments = c; break;
                case "reposts": reposts = c; break;
                case "upvotes": upvotes = c; break;
                default: break; // downvotes: no column for them
            }
        }
        return new Actions(comments, reposts, upvotes);
    }

    private static String byPosition(int position, boolean comment) {
        switch (position) {
            case 1: return "comments";
            case 2: return comment ? "downvotes" : "reposts";
            case 3: return "upvotes";
            default: return "unknown";
        }
    }

    /** A display string as a count; a string shown but not a count is noted in {@code problems}. */
    static Counts parse(String shown, List<String> problems, String where) {
        if (shown == null) return null;
        String s = shown.trim();
        if (s.isEmpty()) return null;
        Counts c = Counts.parse(s);
        if (c == null) problems.add(where + ": '" + abbreviate(s) + "' is not a count");
        return c;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
