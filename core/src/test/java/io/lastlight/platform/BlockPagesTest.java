package io.lastlight.platform;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which answers are block pages: the pages Cloudflare and geoblocks serve instead of the content (their bodies as
 * the politeness review's fake server sent them, after Cloudflare's own), and answers that only look alike.
 */
class BlockPagesTest {
    /** Cloudflare's firewall-rule block page (error 1020), as served to a blocked client. */
    static final String CF_1020 = """
            <!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>
            <div id="cf-wrapper"><div id="cf-error-details"><h1>Sorry, you have been blocked</h1>
            <h2>You are unable to access example.com</h2><p>Cloudflare Ray ID: 7d1f2e3a4b5c6d7e</p>
            <span class="cf-footer-item">Error 1020</span></div></div></body></html>""";
    /** Cloudflare's "Access denied" variant of the 1020 page (no Ray ID footer in the head, only the header). */
    static final String CF_ACCESS_DENIED = """
            <!DOCTYPE html><html><head><title>Access denied | example.com used Cloudflare to restrict access</title></head>
            <body><h1>Access denied</h1><p>The site owner may have set restrictions that prevent you from accessing the site.</p></body></html>""";
    /** Cloudflare's WAF block ("Sorry, you have been blocked") without an error number. */
    static final String CF_BLOCKED = """
            <html><head><title>Attention Required! | Cloudflare</title></head><body><h1>Sorry, you have been blocked</h1>
            <p>This website is using a security service to protect itself from online attacks.</p></body></html>""";
    static final String CF_CHALLENGE = """
            <!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body>
            <script>window._cf_chl_opt={cType: 'managed'};</script><script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=7d1f"></script></body></html>""";

    static Stream<Arguments> answers() {
        Map<String, String> cf = headers("text/html; charset=UTF-8", "Server", "cloudflare", "CF-RAY", "7d1f2e3a4b5c6d7e-FRA");
        Map<String, String> nginx = headers("text/html", "Server", "nginx");
        return Stream.of(
                Arguments.of("Cloudflare error 1020", 403, cf, CF_1020,
                        "Cloudflare block page (HTTP 403, error 1020: access denied by a firewall rule)"),
                Arguments.of("Cloudflare access denied, cf-ray only", 403, headers("text/html", "cf-ray", "8a1b-LHR"), CF_ACCESS_DENIED,
                        "Cloudflare block page (HTTP 403)"),
                Arguments.of("Cloudflare WAF block, server header only", 403, headers("text/html", "server", "cloudflare"), CF_BLOCKED,
                        "Cloudflare block page (HTTP 403)"),
                Arguments.of("Cloudflare 1020 known by its Ray ID footer", 403, headers("text/html"), CF_1020,
                        "Cloudflare block page (HTTP 403, error 1020: access denied by a firewall rule)"),
                Arguments.of("challenge served as 503", 503, cf, CF_CHALLENGE, "challenge page (HTTP 503)"),
                Arguments.of("geoblock", 403, nginx, "<html><body>This content is unavailable in your area</body></html>",
                        "geoblock page (HTTP 403)"),
                Arguments.of("nginx access denied (not Cloudflare)", 403, nginx, "<html><body><h1>403 Forbidden</h1>Access denied</body></html>", null),
                Arguments.of("API 403 in JSON through Cloudflare", 403, headers("application/json", "Server", "cloudflare", "CF-RAY", "1-FRA"),
                        "{\"error\":\"Access denied: this account is private\"}", null),
                Arguments.of("a post quoting the block page text", 200, cf, "<html><body><p>Error 1020: sorry, you have been blocked</p></body></html>", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void recognisesBlockPagesAndOnlyThem(String name, int status, Map<String, String> headers, String body, String expected) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        Capture c = new Capture(URI.create("https://example.com/api/v1/accounts/1"), Instant.EPOCH, status, h,
                body.getBytes(StandardCharsets.UTF_8), false);
        assertEquals(expected, BlockPages.describe(c));
    }

    private static Map<String, String> headers(String contentType, String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Content-Type", contentType);
        for (int i = 0; i + 1 < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }
}
