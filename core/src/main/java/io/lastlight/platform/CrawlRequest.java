package io.lastlight.platform;

import java.net.URI;
import java.util.Objects;

/**
 * Something the crawler should fetch: a URL, what kind of item it is, whose it is, how valuable it is, and the
 * key under which the frontier deduplicates it (two URLs for the same item share a key). The key is opaque to
 * everyone but the adapter that made it: the scheduler reads {@link #kind()} and {@link #owner()}, never the key.
 *
 * @param kind what the item is ({@link Kinds} or the adapter's own; its role comes from {@link Platform#roleOf})
 * @param owner the account a list page belongs to (posts, followers, following), or null
 * @param tier scheduling tier (1 = most urgent: profiles; higher = later), see the scheduler
 * @param value value within the tier (e.g. the owner's follower count); higher goes first
 */
public record CrawlRequest(URI uri, String kind, String key, String owner, int tier, double value) {
    public CrawlRequest {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
    }

    /** A request that belongs to no account in particular. */
    public CrawlRequest(URI uri, String kind, String key, int tier, double value) {
        this(uri, kind, key, null, tier, value);
    }

    /** The same request in another tier with another value. */
    public CrawlRequest placed(int newTier, double newValue) {
        return new CrawlRequest(uri, kind, key, owner, newTier, newValue);
    }
}
