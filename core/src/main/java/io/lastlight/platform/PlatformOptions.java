package io.lastlight.platform;

import java.util.List;

/**
 * The crawl options an adapter may honour ({@link Platform#configure}); an adapter ignores what does not apply
 * to it.
 *
 * @param comments also fetch replies (comments) of posts
 * @param htmlPages also fetch the platform's web pages (profile and post pages), for replay
 * @param scopeHosts extra hosts whose media or pages belong to the crawl (besides the base host)
 */
public record PlatformOptions(boolean comments, boolean htmlPages, List<String> scopeHosts) {
    public PlatformOptions {
        scopeHosts = scopeHosts == null ? List.of() : List.copyOf(scopeHosts);
    }

    /** What a crawl without platform flags asks for. */
    public static PlatformOptions defaults() {
        return new PlatformOptions(false, false, List.of());
    }
}
