package io.lastlight.platform.parler;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Mentions and hashtags found from the first '@' or '#' are those a scan of the whole text finds. */
class ParlerMentionsTest {
    private static List<String> scan(String regex, String text, boolean lower) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) out.add(lower ? m.group(1).toLowerCase(Locale.ROOT) : m.group(1));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no marks at all", "@a", "@", "#", "x@y.com and @bob", "@@bob @carol", "a@b@c @d_e",
            "é@ana @ana", "\u00e9#tag #Tag #TAG", "&#39;s #ok", "##x #y", "text #a@b @c#d", "@xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "line\n@start #end", "(@paren) [#brack]", "😀@emoji 😀#emoji"})
    void sameAsScanningTheWholeText(String text) {
        assertEquals(scan("(?<![\\w@])@([A-Za-z0-9_]{1,30})", text, false), ParlerJson.mentions(text), text);
        assertEquals(scan("(?<![\\w#&])#([A-Za-z0-9_]{1,100})", text, true), ParlerJson.hashtags(text), text);
    }
}
