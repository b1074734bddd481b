package io.lastlight.crawl;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The redirects that led to a frontier item, carried in its key: {@code redirect:<h0>,<h1>,…:<first key>}, where
 * {@code h0} is a digest of the URL first asked for, each later one of a URL a redirect pointed to (this item's own URL
 * last), and {@code first key} the key of the item that started the chain. So each hop is its own frontier item (its
 * answer is captured, politeness applies, a crash resumes it), a chain is bounded ({@link #MAX}) and a URL met twice in
 * one chain is seen as a loop, however many items share the chain's target. Keys stay short whatever the URLs.
 */
record RedirectChain(List<String> digests, String rootKey) {
    /**
     * Redirects followed from one item before it fails. RFC 9110 §15.4 leaves the number to the client (browsers and
     * wget allow 20, curl 50); 5 is what RFC 9309 asks for robots.txt and what RFC 2068 once advised. An API URL that
     * needs more than one or two hops is misbehaving, and each hop here is a polite, rate-limited request.
     */
    static final int MAX = 5;
    private static final String PREFIX = "redirect:";

    /** The chain an item is at: the one its key carries, or a new one starting at the item. */
    static RedirectChain of(String key, URI uri) {
        if (key.startsWith(PREFIX)) {
            int colon = key.indexOf(':', PREFIX.length());
            if (colon > 0) {
                return new RedirectChain(List.of(key.substring(PREFIX.length(), colon).split(",")), key.substring(colon + 1));
            }
        }
        return new RedirectChain(List.of(digest(uri)), key);
    }

    /** The key of the item that started the chain an item with this key is on (the key itself when it is on none). */
    static String rootKey(String key) {
        if (!key.startsWith(PREFIX)) return key;
        int colon = key.indexOf(':', PREFIX.length());
        return colon > 0 ? key.substring(colon + 1) : key;
    }

    /** Redirects followed so far to reach this item. */
    int hops() {
        return digests.size() - 1;
    }

    /** Whether a redirect to {@code target} goes back to a URL this chain already asked for. */
    boolean visited(URI target) {
        return digests.contains(digest(target));
    }

    /** The key of the item a redirect to {@code target} makes. */
    String next(URI target) {
        List<String> d = new ArrayList<>(digests);
        d.add(digest(target));
        return PREFIX + String.join(",", d) + ":" + rootKey;
    }

    static String digest(URI uri) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(uri.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
