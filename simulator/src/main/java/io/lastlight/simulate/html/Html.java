package io.lastlight.simulate.html;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTML text helpers shared by the HTML and Mastodon faces. */
public final class Html {
    private static final Pattern TAG = Pattern.compile("(?<![&\\w])#([A-Za-z0-9_]+)");
    private static final Pattern URL = Pattern.compile("https?://[^\\s<]+");

    private Html() {}

    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Escaped text with links and hashtags turned into anchors (Mastodon style). */
    public static String linkify(String text, String base) {
        String esc = escape(text);
        Matcher m = URL.matcher(esc);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String u = m.group();
            m.appendReplacement(sb, Matcher.quoteReplacement("<a href=\"" + u + "\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">" + u + "</a>"));
        }
        m.appendTail(sb);
        Matcher t = TAG.matcher(sb.toString());
        StringBuilder out = new StringBuilder();
        while (t.find()) {
            String tag = t.group(1);
            t.appendReplacement(out, Matcher.quoteReplacement("<a href=\"" + base + "/tags/" + tag.toLowerCase(Locale.ROOT)
                    + "\" class=\"mention hashtag\" rel=\"tag\">#<span>" + tag + "</span></a>"));
        }
        t.appendTail(out);
        return out.toString();
    }
}
