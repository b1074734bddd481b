package io.lastlight.wacz;

import io.lastlight.http.ContentDecoding;
import io.lastlight.platform.BlockPages;
import io.lastlight.platform.Capture;
import io.lastlight.platform.Platform;
import io.lastlight.platform.PageTitles;
import org.jsoup.Jsoup;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which captures are pages a reader opens in ReplayWeb.page's page list, and titles them: the
 * captures the adapter calls pages ({@link Platform#isPage}, by default profiles and single posts of its API),
 * titled by the adapter ({@link Platform#pageTitle}), and every HTML document (the platform's web pages),
 * titled by its {@code <title>}. Only successful (200) captures count; block
 * pages never do. Reads bytes, never fetches.
 */
public final class PageFinder {
    private static final int MAX_BODY = 8 << 20;

    private final Platform platform;

    /** @param platform the adapter named by the WARC's warcinfo, or null when unknown (HTML pages only) */
    public PageFinder(Platform platform) {
        this.platform = platform;
    }

    /** The page this record is, if it is one. The record's HTTP head must be parsed; its body is read. */
    public Optional<Page> pageOf(WarcCaptureRecord record) throws IOException {
        if (!(record instanceof WarcResponse)) return Optional.empty();
        WarcResponse r = (WarcResponse) record;
        HttpResponse http = r.http();
        if (http.status() != 200) return Optional.empty();
        URI uri = URI.create(r.target());
        String type = http.contentType().base().toString().toLowerCase(Locale.ROOT);
        boolean html = type.equals("text/html") || type.equals("application/xhtml+xml");
        boolean api = platform != null && platform.isPage(platform.kindOf(uri));
        if (!html && !api) return Optional.empty();
        Capture c = decode(r, http, uri);
        if (c == null || BlockPages.isBlockPage(c)) return Optional.empty();
        String title = html ? htmlTitle(c) : platform.pageTitle(c).orElse(null);
        if (title == null) return Optional.empty();
        return Optional.of(new Page(r.target(), r.date(), title));
    }

    private static Capture decode(WarcResponse r, HttpResponse http, URI uri) throws IOException {
        byte[] raw;
        try (InputStream in = http.body().stream()) {
            raw = in.readNBytes(MAX_BODY + 1);
        }
        boolean truncated = raw.length > MAX_BODY || r.truncated() != WarcTruncationReason.NOT_TRUNCATED;
        byte[] body;
        try {
            body = ContentDecoding.decode(raw, http.headers().first("Content-Encoding").orElse(null), 4L * MAX_BODY);
        } catch (IOException e) {
            return null;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        http.headers().map().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
        return new Capture(uri, r.date(), http.status(), headers, body, truncated);
    }

    private static String htmlTitle(Capture c) {
        String title = Jsoup.parse(new String(c.body(), StandardCharsets.UTF_8), c.uri().toString()).title().strip();
        return shorten(title.isEmpty() ? c.uri().toString() : title);
    }

    private static String shorten(String s) {
        return PageTitles.shorten(s);
    }
}
