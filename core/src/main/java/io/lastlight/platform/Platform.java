package io.lastlight.platform;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A platform adapter: the one place that knows a platform's URLs and response shapes. The crawler asks it
 * where to start, what a capture links to and what each kind of item is for; the dataset build asks it what
 * rows a capture holds and which captures are pages a reader opens. Both work on {@link Capture}s (bytes from
 * WARC), never on live connections, so the dataset can be re-derived from the WARC files alone.
 * <p>
 * An adapter is a plugin: one package, one line in {@code META-INF/services/io.lastlight.platform.Platform},
 * found by {@link Platforms}. It needs a public no-argument constructor. See {@code docs/platforms.md} for the
 * contract and a checklist for adding one. Generic code never tests which adapter it holds: whatever differs
 * between platforms is a method here.
 */
public interface Platform {
    /** Short name stored in warcinfo and in every row, e.g. {@code parler}; what {@code --platform} takes. */
    String name();

    /** One line for {@code --help} and {@code docs/platforms.md}: what the adapter crawls. */
    default String description() {
        return name();
    }

    /** This adapter with the crawl's options applied (it may ignore those that do not apply to it). */
    default Platform configure(PlatformOptions options) {
        return this;
    }

    /** The first requests of a crawl. */
    List<CrawlRequest> seeds(URI base, List<String> seedUsers);

    /** What kind of item a URL fetches ({@link Kinds} or the adapter's own names), or {@link Kinds#OTHER}. */
    String kindOf(URI uri);

    /** Every kind {@link #kindOf} and {@link #discover} can give (the scheduler moves queued items by role). */
    default Set<String> kinds() {
        return Kinds.STANDARD;
    }

    /** What a kind is for, as the scheduler sees it. The default knows the standard {@link Kinds}. */
    default KindRole roleOf(String kind) {
        return Kinds.standardRole(kind);
    }

    /** Posts on a full page of an account's posts (the scheduler values a posts page by it). */
    default int postsPerPage() {
        return 20;
    }

    /** New requests linked from a successful capture (the frontier deduplicates them). */
    List<CrawlRequest> discover(URI base, Capture capture);

    /**
     * Whether a 2xx capture is a complete answer. An adapter returns a reason when it is not (e.g. a JSON
     * endpoint answered with unparseable bytes), and the crawler keeps the capture in WARC and fetches the
     * item again; null when complete. Captures truncated at the crawler's own size cap are not retried.
     */
    default String incompleteReason(Capture capture) {
        return null;
    }

    /**
     * The {@code --seed-user} name a URL looks up (e.g. Mastodon's {@code /api/v1/accounts/lookup?acct=NAME}), as the
     * URL spells it, or empty for any other URL. The crawler matches it against the seed users (case-insensitively,
     * a leading {@code @} dropped) to tell a mistyped seed (a 404 there fails the item) and a crawl in which no seed
     * could be resolved (a wrong {@code --base}, robots.txt) from an ordinary crawl.
     */
    default Optional<String> userLookedUp(URI uri) {
        return Optional.empty();
    }

    /**
     * Requests the adapter held back waiting for something that never came (e.g. seed lookups waiting for the server
     * to say which software it runs), asked for once when the crawl has nothing left to fetch; null (the default) when
     * there are none. The crawler queues them and logs the reason.
     */
    default LateRequests lateRequests(URI base) {
        return null;
    }

    /** What {@link #lateRequests} gives: why they were held back and are queued now, and the requests. */
    record LateRequests(String reason, List<CrawlRequest> requests) {}

    /**
     * Whether a 3xx answer is itself this kind's content (a link shortener's redirect: the Location is the data), so
     * a redirect that cannot be followed (out of scope, a loop) does not fail the item. Default false: a redirect
     * stands for the item's content somewhere else, and one that leads nowhere fails the item.
     */
    default boolean redirectIsAnswer(String kind) {
        return false;
    }

    /** The kinds of item a {@code --revisit} pass fetches again (profiles, post lists, posts…). */
    default Set<String> revisitKinds() {
        return Set.of();
    }

    /**
     * How many list pages a profile capture implies, by kind (e.g. {@code posts} → ⌈posts/page size⌉), so
     * the scheduler can estimate what is not known yet; empty for other captures or platforms that cannot say.
     */
    default Map<String, Long> expectedPages(Capture capture) {
        return Map.of();
    }

    /**
     * The URL that answers whether number {@code number} of {@code idKind} ({@code user}, {@code post}) is taken
     * (200) or not (404), for id sampling ({@code crawl --sample-ids}); empty if the platform numbers nothing.
     */
    default Optional<URI> idProbe(URI base, String idKind, long number) {
        return Optional.empty();
    }

    /** The inverse of {@link #idProbe}: what a probe URL asks; empty for any other URL. */
    default Optional<IdSpace.Probe> idProbeOf(URI uri) {
        return Optional.empty();
    }

    /**
     * Requests that enumerate posts by sequential number {@code from}..{@code to} ({@code crawl --enumerate-ids});
     * empty if the platform cannot be enumerated.
     */
    default List<CrawlRequest> enumeration(URI base, long from, long to) {
        return List.of();
    }

    /**
     * Whether captures of this kind are pages a reader opens in replay (WACZ {@code pages.jsonl}) when they
     * answered 200; HTML documents always are. The default: profiles and single posts.
     */
    default boolean isPage(String kind) {
        return Kinds.PROFILE.equals(kind) || Kinds.POST.equals(kind);
    }

    /**
     * The title of a page capture ({@link #isPage}) in the replay page list, or empty when it is not a page
     * after all (it holds nothing). The default titles profiles "@user — Name" and posts "Post by @user: text"
     * from what {@link #extract} reads.
     */
    default Optional<String> pageTitle(Capture capture) {
        return PageTitles.of(this, capture);
    }

    /**
     * Whose id space the ids in a capture of {@code uri} belong to, stored as every observation row's {@code instance}
     * and part of the derived tables' key with {@code platform} and the id: null (the default) for a platform with one
     * id space (Parler); an adapter whose servers number their own accounts and posts (Mastodon's API: account "1"
     * exists on many servers) returns the server, {@link Instances#of}. Never throws.
     */
    default String instanceOf(URI uri) {
        return null;
    }

    /** Observation rows held by a capture. Must never throw on bad input: report it in the status. */
    Extraction extract(Capture capture);

    /**
     * Whether a non-2xx answer is the platform's policy rather than a failure or a rate limit: an endpoint that
     * needs credentials the crawl was not given (e.g. a server that refuses anonymous paging with 429, or
     * follower lists with 401). Returns a short reason, and the crawler then records the capture, ends that
     * item there (no retry, no slowdown, never taken for an expired login) and reports the items so truncated;
     * null (the default) for an ordinary answer. {@code authenticated} says whether the crawl sends a token or
     * cookies (a refusal despite them is not a policy about missing credentials).
     */
    default String policyRefusal(Capture capture, boolean authenticated) {
        return null;
    }
}
