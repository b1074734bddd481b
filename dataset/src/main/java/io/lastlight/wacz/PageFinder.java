package io.lastlight.wacz;

import io.lastlight.extract.CaptureDecoder;
import io.lastlight.extract.RecordFacts;
import io.lastlight.platform.BlockPages;
import io.lastlight.platform.Capture;
import io.lastlight.platform.Platform;
import io.lastlight.platform.PageTitles;
import org.jsoup.Jsoup;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides which captures are pages a reader opens in ReplayWeb.page's page list, and titles them: the
 * captures the adapter calls pages ({@link Platform#isPage}, by default profiles and single posts of its API),
 * titled by the adapter ({@link Platform#pageTitle}), and every HTML document (the platform's web pages),
 * titled by its {@code <title>}. Only successful (200) captures count; block
 * pages never do. Reads bytes, never fetches.
 */
public final class PageFinder {
    private static final CaptureDecoder DECODER = new CaptureDecoder(CaptureDecoder.DEFAULT_MAX_PARSE_BYTES);

    private final Platform platform;

    /** @param platform the adapter named by the WARC's warcinfo, or null when unknown (HTML pages only) */
    public PageFinder(Platform platform) {
        this.platform = platform;
    }

    /**
     * The page this record is, if it is one. The record's HTTP head is parsed and, for a candidate page, its body read
     * and decoded by the extraction's {@link CaptureDecoder} (same limits and leniency as the build).
     */
    public Optional<Page> pageOf(WarcCaptureRecord record) throws IOException {
        if (!(record instanceof WarcResponse)) return Optional.empty();
        WarcResponse r = (WarcResponse) record;
        RecordFacts facts = RecordFacts.of(r, "", r.position());
        if (facts.uri() == null || facts.date() == null) return Optional.empty();
        String scheme = facts.scheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) return Optional.empty();
        HttpResponse http;
        try {
            http = r.http();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable head: not a page a reader could open
        }
        if (http.status() != 200) return Optional.empty();
        URI uri = facts.uri();
        String type = http.contentType().base().toString().toLowerCase(Locale.ROOT);
        boolean html = type.equals("text/html") || type.equals("application/xhtml+xml");
        boolean api = platform != null && platform.isPage(platform.kindOf(uri));
        if (!html && !api) return Optional.empty();
        Capture c = DECODER.decode(r, facts, null).capture();
        if (c == null || BlockPages.isBlockPage(c)) return Optional.empty();
        String title = html ? htmlTitle(c) : platform.pageTitle(c).orElse(null);
        if (title == null) return Optional.empty();
        return Optional.of(new Page(facts.target(), facts.date(), title));
    }

    private static String htmlTitle(Capture c) {
        String title = Jsoup.parse(new String(c.body(), StandardCharsets.UTF_8), c.uri().toString()).title().strip();
        return shorten(title.isEmpty() ? c.uri().toString() : title);
    }

    private static String shorten(String s) {
        return PageTitles.shorten(s);
    }
}
