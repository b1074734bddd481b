package io.lastlight.platform;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Recognises pages that block the crawler instead of answering: Cloudflare-style challenges ("Just a
 * moment…", {@code cdn-cgi/challenge-platform}) and geoblocks ("unavailable in your area"). Such a page
 * is kept in the WARC but never parsed as data.
 */
public final class BlockPages {
    private static final int SNIFF = 64 * 1024;

    private BlockPages() {}

    public static boolean isBlockPage(Capture c) {
        return describe(c) != null;
    }

    /** A short reason if the capture is a block page, else null. */
    public static String describe(Capture c) {
        if (c.status() != 403 && c.status() != 503 && c.status() != 429 && c.status() != 200) return null;
        if (!c.contentType().contains("html") && !c.contentType().isEmpty()) return null;
        String head = new String(c.body(), 0, Math.min(SNIFF, c.body().length), StandardCharsets.UTF_8)
                .toLowerCase(Locale.ROOT);
        if (head.contains("cdn-cgi/challenge-platform") || head.contains("just a moment")) {
            return "challenge page (HTTP " + c.status() + ")";
        }
        if (c.status() == 403 && head.contains("unavailable in your area")) {
            return "geoblock page (HTTP 403)";
        }
        return null;
    }
}
