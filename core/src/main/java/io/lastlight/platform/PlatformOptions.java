package io.lastlight.platform;

import java.util.List;
import java.util.Map;

/**
 * The crawl options an adapter may honour ({@link Platform#configure}); an adapter ignores what does not apply
 * to it.
 *
 * @param comments also fetch replies (comments) of posts
 * @param htmlPages also fetch the platform's web pages (profile and post pages), for replay
 * @param scopeHosts extra hosts whose media or pages belong to the crawl (besides the base host)
 * @param extras adapter-specific settings by name (e.g. {@code dialect}), passed through as given; an adapter
 *               reads the names it knows and ignores the rest
 */
public record PlatformOptions(boolean comments, boolean htmlPages, List<String> scopeHosts, Map<String, String> extras) {
    public PlatformOptions {
        scopeHosts = scopeHosts == null ? List.of() : List.copyOf(scopeHosts);
        extras = extras == null ? Map.of() : Map.copyOf(extras);
    }

    /** Without adapter-specific settings. */
    public PlatformOptions(boolean comments, boolean htmlPages, List<String> scopeHosts) {
        this(comments, htmlPages, scopeHosts, Map.of());
    }

    /** An adapter-specific setting, or {@code fallback} when not given. */
    public String extra(String name, String fallback) {
        return extras.getOrDefault(name, fallback);
    }

    /** What a crawl without platform flags asks for. */
    public static PlatformOptions defaults() {
        return new PlatformOptions(false, false, List.of());
    }
}
