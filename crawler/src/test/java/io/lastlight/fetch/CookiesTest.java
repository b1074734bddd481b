package io.lastlight.fetch;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CookiesTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void parsesTheNetscapeFormatAsWgetCurlAndBrowsersWriteIt() throws Exception {
        String file = "\uFEFF# Netscape HTTP Cookie File\n# https://curl.se/docs/http-cookies.html\n\n"
                + ".parler.com\tTRUE\t/\tTRUE\t1924992000\tmst\tsecret-mst\n"
                + "#HttpOnly_api.parler.com\tFALSE\t/v1\tFALSE\t0\tjst\tsecret-jst\n"
                + "api.parler.com\tFALSE\t/\tFALSE\t0\tempty\t\r\n"
                + "api.parler.com\tFALSE\t/\tFALSE\t1000\told\tgone\n";
        List<NetscapeCookies.StoredCookie> c = NetscapeCookies.parse(file.getBytes(StandardCharsets.UTF_8));
        assertEquals(4, c.size());
        assertEquals("parler.com", c.get(0).domain());
        assertTrue(c.get(0).includeSubdomains() && c.get(0).secure());
        assertTrue(c.get(1).httpOnly());
        assertEquals("", c.get(2).value());
        assertFalse(c.toString().contains("secret"), "values must never show in toString");

        Credentials cred = new Credentials(c, null, CLOCK);
        assertEquals(List.of(Map.entry("Cookie", "mst=secret-mst; jst=secret-jst; empty=")),
                cred.headersFor(URI.create("https://api.parler.com/v1/profile?username=x")));
        // jst is only for /v1, mst only over https, the expired one never
        assertEquals(List.of(Map.entry("Cookie", "empty=")), cred.headersFor(URI.create("http://api.parler.com/v2/x")));
        assertEquals(List.of(), cred.headersFor(URI.create("https://example.org/")));
    }

    @Test
    void malformedFilesSayWhichLineWithoutShowingValues() {
        NetscapeCookies.FormatException e = assertThrows(NetscapeCookies.FormatException.class,
                () -> NetscapeCookies.parse("a.com\tTRUE\t/\tFALSE\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("line 1:"), e.getMessage());
        NetscapeCookies.FormatException e2 = assertThrows(NetscapeCookies.FormatException.class,
                () -> NetscapeCookies.parse("# c\na.com\tYES\t/\tFALSE\t0\tn\ttopsecret\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e2.getMessage().startsWith("line 2:") && !e2.getMessage().contains("topsecret"), e2.getMessage());
        assertThrows(NetscapeCookies.FormatException.class,
                () -> NetscapeCookies.parse("a.com\tTRUE\t/\tFALSE\tsoon\tn\tv\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void setCookieRotatesValuesAndNotifiesAndCannotSetForeignDomains() {
        Credentials cred = new Credentials(List.of(new NetscapeCookies.StoredCookie("api.parler.com", false, "/", false, 0, "jst", "one", false)),
                "tok", CLOCK);
        int[] changes = {0};
        cred.onChange(s -> changes[0]++);
        URI u = URI.create("https://api.parler.com/v1/profile");
        cred.update(u, List.of("jst=two; Path=/; HttpOnly"));
        cred.update(u, List.of("jst=two; Path=/; HttpOnly"));
        cred.update(u, List.of("evil=1; Domain=example.org"));
        assertEquals(2, changes[0]); // jst rotated once; evil stored for the responding host only
        List<Map.Entry<String, String>> h = cred.headersFor(u);
        assertEquals(Map.entry("Authorization", "Bearer tok"), h.get(0));
        assertEquals("jst=two; evil=1", h.get(1).getValue());
        assertEquals(List.of(Map.entry("Authorization", "Bearer tok")), cred.headersFor(URI.create("https://example.org/")).subList(0, 1));
        cred.update(u, List.of("jst=; Max-Age=0"));
        assertEquals("evil=1", cred.headersFor(u).get(1).getValue());
    }
}
