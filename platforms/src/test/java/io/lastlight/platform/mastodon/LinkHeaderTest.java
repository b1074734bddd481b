package io.lastlight.platform.mastodon;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkHeaderTest {
    @Test
    void mastodonNextAndPrev() {
        Map<String, String> m = LinkHeader.parse("<https://h/api/v1/accounts/1/statuses?max_id=109>; rel=\"next\", "
                + "<https://h/api/v1/accounts/1/statuses?min_id=110>; rel=\"prev\"");
        assertEquals("https://h/api/v1/accounts/1/statuses?max_id=109", m.get("next"));
        assertEquals("https://h/api/v1/accounts/1/statuses?min_id=110", m.get("prev"));
    }

    @Test
    void unquotedMultiValuedRelsExtraParametersAndCommasInside() {
        Map<String, String> m = LinkHeader.parse("<https://h/a?x=1,2>; title=\"a, b; c\"; rel=next, "
                + "<https://h/b>;rel=\"prev first\";type=\"application/json\"");
        assertEquals("https://h/a?x=1,2", m.get("next"));
        assertEquals("https://h/b", m.get("prev"));
        assertEquals("https://h/b", m.get("first"));
        assertEquals("https://h/a?x=1,2", LinkHeader.parse("<https://h/a?x=1,2>; REL=\"NEXT\"").get("next"));
    }

    @Test
    void garbageGivesNothing() {
        assertTrue(LinkHeader.parse("").isEmpty());
        assertTrue(LinkHeader.parse(null).isEmpty());
        assertTrue(LinkHeader.parse("<https://h/a; rel=next").isEmpty());
        assertNull(LinkHeader.parse("<https://h/a>; rel=prev").get("next"));
        assertTrue(LinkHeader.parse("<>; rel=next").isEmpty());
    }
}
