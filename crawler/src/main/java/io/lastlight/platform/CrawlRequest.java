package io.lastlight.platform;

import java.net.URI;
import java.util.Objects;

/**
 * Something the crawler should fetch: a URL, what kind of item it is, how valuable it is, and the key
 * under which the frontier deduplicates it (two URLs for the same item share a key).
 *
 * @param tier scheduling tier (1 = most urgent: profiles; higher = later), see the scheduler
 * @param value value within the tier (e.g. the owner's follower count); higher goes first
 */
public record CrawlRequest(URI uri, String kind, String key, int tier, double value) {
    public CrawlRequest {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
    }
}
