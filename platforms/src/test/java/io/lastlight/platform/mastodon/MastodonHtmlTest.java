package io.lastlight.platform.mastodon;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MastodonHtmlTest {
    @Test
    void paragraphsBreaksEntitiesAndWhitespace() {
        assertEquals("a b\nc\n\nd & e <f>", MastodonHtml.text("<p>a\n   b<br/>c</p>\n<p>d &amp; e &lt;f&gt;</p>"));
        assertEquals("", MastodonHtml.text(""));
        assertNull(MastodonHtml.text(null));
        assertEquals("plain text", MastodonHtml.text("plain text"));
        assertEquals("x\u00a0y", MastodonHtml.text("<p>x&nbsp;y</p>"));
        assertEquals("line1\n  indented", MastodonHtml.text("<pre>line1\n  indented</pre>"));
    }

    @Test
    void linksAreShownInFullAndOnlyOutboundOnesListed() {
        String html = "<p><a href=\"https://example.com/a/very/long/path\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">"
                + "<span class=\"invisible\">https://</span><span class=\"ellipsis\">example.com/a/very/</span>"
                + "<span class=\"invisible\">long/path</span></a> <a href=\"https://h/tags/x\" class=\"mention hashtag\" rel=\"tag\">#<span>x</span></a>"
                + " <span class=\"h-card\"><a href=\"https://h/@bob\" class=\"u-url mention\">@<span>bob</span></a></span>"
                + " <a href=\"javascript:alert(1)\">js</a> <a href=\"https://example.com/a/very/long/path\">again</a></p>";
        assertEquals("https://example.com/a/very/long/path #x @bob js again", MastodonHtml.text(html));
        assertEquals(List.of("https://example.com/a/very/long/path"), MastodonHtml.links(html));
    }
}
