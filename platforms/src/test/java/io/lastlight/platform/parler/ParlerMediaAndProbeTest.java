package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Extraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Media files, id probes, robots.txt and unknown pages are complete captures, not JSON that failed to parse. */
class ParlerMediaAndProbeTest {
    static final URI BASE = URI.create("http://127.0.0.1:9");
    final ParlerPlatform parler = new ParlerPlatform();

    static Capture capture(String path, String type, byte[] body) {
        return new Capture(URI.create(BASE + path), Instant.EPOCH, 200, Map.of("Content-Type", List.of(type)), body, false);
    }

    @Test
    void mediaAttachmentsAreDiscoveredLastAndAcceptedAsIs() {
        byte[] page = ("{\"posts\":[{\"_id\":\"p1\",\"creator\":\"u1\",\"body\":\"x\",\"media\":[\"" + BASE
                + "/media/p/p1/0.png\",\"https://elsewhere.example/x.png\"]}],\"users\":[],\"last\":true}").getBytes(StandardCharsets.UTF_8);
        List<CrawlRequest> found = parler.discover(BASE, capture("/v1/post/creator?id=u1&limit=10", "application/json", page));
        List<CrawlRequest> media = found.stream().filter(r -> r.kind().equals("media")).toList();
        assertEquals(1, media.size(), "only media under the platform's own base");
        assertEquals(5, media.get(0).tier());
        Capture png = capture("/media/p/p1/0.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        assertNull(parler.incompleteReason(png));
        assertEquals(Extraction.OK, parler.extract(png).status());
    }

    /** Every crawl fetches robots.txt first: it was read as JSON and counted as a parse error in every build. */
    @ParameterizedTest
    @CsvSource({
            "/robots.txt, text/plain, 'User-agent: *\nCrawl-delay: 1\n'",
            "/robots.txt, text/plain, ''",
            "/favicon.ico, image/x-icon, 'not json'",
            "/about, text/html, '<html><body>About</body></html>'"})
    void robotsTxtAndUnknownPagesAreNotContentNotParseErrors(String path, String type, String body) {
        Capture c = capture(path, type, body.getBytes(StandardCharsets.UTF_8));
        Extraction e = parler.extract(c);
        assertEquals(Extraction.NOT_CONTENT, e.status(), path + ": " + e.detail());
        assertEquals(0, e.rowCount());
    }

    @Test
    void idProbesAnswerAJsonStringAndAreEvidenceNotData() {
        Capture probe = capture("/v3/uuidConversion/user/42", "application/json", "\"0123456789abcdef0123456789abcdef\"".getBytes(StandardCharsets.UTF_8));
        assertEquals("id-probe", parler.kindOf(probe.uri()));
        assertNull(parler.incompleteReason(probe));
        assertTrue(parler.extract(probe).rowCount() == 0);
    }
}
