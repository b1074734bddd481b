package io.lastlight.platform;

import java.net.URI;
import java.util.List;

/**
 * A platform adapter: the one place that knows a platform's URLs and response shapes. The crawler asks it
 * where to start and what a capture links to; the pipeline asks it what rows a capture holds. Both work on
 * {@link Capture}s (bytes from WARC), never on live connections, so the dataset can be re-derived from the
 * WARC files alone.
 */
public interface Platform {
    /** Short name stored in warcinfo and in every row, e.g. {@code parler}. */
    String name();

    /** The first requests of a crawl. */
    List<CrawlRequest> seeds(URI base, List<String> seedUsers);

    /** What kind of item a URL fetches ({@code profile}, {@code posts}, {@code followers} …), or {@code other}. */
    String kindOf(URI uri);

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

    /** The kinds of item a {@code --revisit} pass fetches again (profiles, post lists, posts…). */
    default java.util.Set<String> revisitKinds() {
        return java.util.Set.of();
    }

    /**
     * How many list pages a profile capture implies, by kind (e.g. {@code posts} → ⌈posts/page size⌉), so
     * the scheduler can estimate what is not known yet; empty for other captures or platforms that cannot say.
     */
    default java.util.Map<String, Long> expectedPages(Capture capture) {
        return java.util.Map.of();
    }

    /** Observation rows held by a capture. Must never throw on bad input: report it in the status. */
    Extraction extract(Capture capture);
}
