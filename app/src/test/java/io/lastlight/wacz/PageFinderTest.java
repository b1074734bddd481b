package io.lastlight.wacz;

import io.lastlight.platform.parler.ParlerPlatform;
import io.lastlight.warc.CaptureRecord;
import io.lastlight.warc.WarcSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageFinderTest {
    private static final Instant T = Instant.parse("2021-01-09T00:00:00Z");

    @TempDir
    Path dir;

    Optional<Page> pageOf(String url, int status, String type, byte[] body, String encoding, boolean withPlatform) throws Exception {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(new AbstractMap.SimpleImmutableEntry<>("Content-Type", type));
        if (encoding != null) headers.add(new AbstractMap.SimpleImmutableEntry<>("Content-Encoding", encoding));
        List<Path> closed = new ArrayList<>();
        try (WarcSink s = new WarcSink(dir, "p" + System.nanoTime(), 1L << 30, Clock.fixed(T, ZoneOffset.UTC), Map.of(), closed::add)) {
            s.write(new CaptureRecord(URI.create(url), T, "GET", List.of(), status, null, headers, body, false, Map.of()));
        }
        try (WarcReader r = new WarcReader(closed.get(0))) {
            for (WarcRecord rec : r) {
                if (rec instanceof WarcCaptureRecord && rec.type().equals("response")) {
                    return new PageFinder(withPlatform ? new ParlerPlatform() : null).pageOf((WarcCaptureRecord) rec);
                }
            }
        }
        throw new AssertionError("no response record");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static final String PROFILE = "{\"id\":\"abc\",\"username\":\"Zed\",\"name\":\"Zed Zedson\",\"joined\":\"20200101000000\",\"followers\":\"12\"}";

    @Test
    void anApiProfileIsAPageTitledWithHandleAndName() throws Exception {
        Page p = pageOf("http://h/v1/profile?username=Zed", 200, "application/json", utf8(PROFILE), null, true).orElseThrow();
        assertEquals("@Zed — Zed Zedson", p.title());
        assertEquals("http://h/v1/profile?username=Zed", p.url());
        assertEquals(T, p.ts());
    }

    @Test
    void aGzippedHtmlPageIsTitledByItsTitleElement() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(utf8("<html><head><title>Zed Zedson (@Zed) | Parler</title></head><body>hi</body></html>"));
        }
        Page p = pageOf("http://h/profile/Zed", 200, "text/html; charset=utf-8", gz.toByteArray(), "gzip", false).orElseThrow();
        assertEquals("Zed Zedson (@Zed) | Parler", p.title());
    }

    @Test
    void anHtmlPageWithoutATitleIsTitledByItsUrl() throws Exception {
        assertEquals("http://h/post/1", pageOf("http://h/post/1", 200, "text/html", utf8("<p>x</p>"), null, true).orElseThrow().title());
    }

    @Test
    void notPages() throws Exception {
        assertTrue(pageOf("http://h/v1/profile?username=Zed", 404, "application/json", utf8("{}"), null, true).isEmpty(), "not found");
        assertTrue(pageOf("http://h/profile/Zed", 200, "text/html",
                utf8("<html><title>Just a moment...</title><script src=\"/cdn-cgi/challenge-platform/x.js\"></script></html>"), null, true).isEmpty(),
                "a challenge page is a block, not content");
        assertTrue(pageOf("http://h/v1/follow/followers?id=abc", 200, "application/json", utf8("{\"followers\":[]}"), null, true).isEmpty(),
                "follower lists are not pages");
        assertTrue(pageOf("http://h/v1/profile?username=Zed", 200, "application/json", utf8("{not json"), null, true).isEmpty(),
                "a profile that does not parse has no title to show");
        assertTrue(pageOf("http://h/v1/profile?username=Zed", 200, "application/json", utf8(PROFILE), null, false).isEmpty(),
                "without a known platform only HTML pages count");
    }

    @Test
    void longTitlesAreShortened() {
        String name = "x".repeat(300);
        String t = io.lastlight.platform.PageTitles.profile(new io.lastlight.platform.ProfileObservation("parler", "1", "u", name, null, null, null,
                null, null, null, null, null, null, "profile"));
        assertEquals(120, t.codePointCount(0, t.length()));
        assertTrue(t.endsWith("…"));
    }
}
