package io.lastlight.platform.mastodon;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Mastodon serves status {@code content} and account {@code note} as sanitised HTML. This turns it into
 * the plain text a reader sees: paragraphs separated by a blank line, {@code <br>} as a line break,
 * whitespace collapsed as a browser does, and links shown in full (Mastodon hides parts of long URLs in
 * {@code span.invisible}, which only CSS hides; the text keeps them). The fallback a quote post carries for
 * servers that do not show quotes ({@code p.quote-inline} on Mastodon, {@code span.quote-inline} on remote content and
 * Pleroma/Akkoma: "RE: <link to the quoted post>") is hidden by clients that do, and is left out of text and links.
 */
final class MastodonHtml {
    private static final Set<String> BLOCKS = Set.of("p", "div", "blockquote", "pre", "ul", "ol", "li",
            "h1", "h2", "h3", "h4", "h5", "h6");
    /** The hidden "RE: <link>" line of a quote post. */
    private static final String QUOTE_FALLBACK = ".quote-inline";

    private MastodonHtml() {}

    /** Plain text of an HTML fragment; null for null. */
    static String text(String html) {
        if (html == null) return null;
        if (html.isEmpty()) return "";
        Element body = Jsoup.parseBodyFragment(html).body();
        body.select(QUOTE_FALLBACK).remove();
        StringBuilder out = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    appendCollapsed(out, t.getWholeText(), inPre(t));
                } else if (node instanceof Element e) {
                    String tag = e.normalName();
                    if (tag.equals("br")) {
                        trimTrailingSpace(out);
                        out.append('\n');
                    } else if (BLOCKS.contains(tag)) {
                        blockBreak(out);
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.normalName())) blockBreak(out);
            }
        }, body);
        return out.toString().strip();
    }

    /**
     * Outbound links of an HTML fragment in document order: anchors with an http(s) {@code href} that are
     * neither mentions nor hashtags (Mastodon marks those with class {@code mention} or {@code rel=tag}).
     */
    static List<String> links(String html) {
        List<String> out = new ArrayList<>();
        if (html == null || html.isEmpty()) return out;
        Set<String> seen = new LinkedHashSet<>();
        Element body = Jsoup.parseBodyFragment(html).body();
        body.select(QUOTE_FALLBACK).remove();
        for (Element a : body.select("a[href]")) {
            if (a.hasClass("mention") || a.hasClass("hashtag") || a.hasClass("u-url")) continue;
            String rel = a.attr("rel").toLowerCase(Locale.ROOT);
            if ((" " + rel + " ").contains(" tag ")) continue;
            String href = a.attr("href").trim();
            String lower = href.toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("http://") || lower.startsWith("https://"))) continue;
            if (seen.add(href)) out.add(href);
        }
        return out;
    }

    private static boolean inPre(TextNode t) {
        for (Node p = t.parent(); p != null; p = p.parent()) {
            if (p instanceof Element e && e.normalName().equals("pre")) return true;
        }
        return false;
    }

    private static void appendCollapsed(StringBuilder out, String s, boolean pre) {
        if (pre) {
            out.append(s);
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                if (out.length() > 0 && !endsWithSpaceOrBreak(out)) out.append(' ');
            } else {
                out.append(c);
            }
        }
    }

    private static boolean endsWithSpaceOrBreak(StringBuilder out) {
        char last = out.charAt(out.length() - 1);
        return last == ' ' || last == '\n';
    }

    private static void trimTrailingSpace(StringBuilder out) {
        while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') out.setLength(out.length() - 1);
    }

    /** Ends the current block with a blank line (once), unless nothing has been written yet. */
    private static void blockBreak(StringBuilder out) {
        trimTrailingSpace(out);
        if (out.length() == 0) return;
        int newlines = 0;
        for (int i = out.length() - 1; i >= 0 && out.charAt(i) == '\n' && newlines < 2; i--) newlines++;
        for (; newlines < 2; newlines++) out.append('\n');
    }
}
