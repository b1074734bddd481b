package io.lastlight.platform;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Recognises pages that block the crawler instead of answering: Cloudflare-style challenges ("Just a
 * moment…", {@code cdn-cgi/challenge-platform}), Cloudflare's firewall block pages (a 403 saying "Error 1020",
 * "Sorry, you have been blocked" or "Access denied", served by Cloudflare: a {@code cf-ray} header,
 * {@code server: cloudflare} or its "Cloudflare Ray ID" footer) and geoblocks ("unavailable in your area").
 * Such a page is kept in the WARC but never parsed as data.
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
        if (c.status() == 403 && fromCloudflare(c, head)) {
            if (head.contains("error 1020")) return "Cloudflare block page (HTTP 403, error 1020: access denied by a firewall rule)";
            if (head.contains("sorry, you have been blocked") || head.contains("access denied")) {
                return "Cloudflare block page (HTTP 403)";
            }
        }
        if (c.status() == 403 && head.contains("unavailable in your area")) {
            return "geoblock page (HTTP 403)";
        }
        return null;
    }

    /** Whether Cloudflare served the answer: its cf-ray header, its server name, or its block pages' footer. */
    private static boolean fromCloudflare(Capture c, String head) {
        return c.header("cf-ray").isPresent()
                || c.header("server").map(v -> v.trim().equalsIgnoreCase("cloudflare")).orElse(false)
                || head.contains("cloudflare ray id");
    }
}
