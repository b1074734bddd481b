package io.lastlight.crawl;

import io.lastlight.fetch.FetchResult;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierItem;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Kinds;
import io.lastlight.platform.Platform;
import io.lastlight.warc.WarcPosition;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A 3xx answer with a Location, for {@link CaptureHandler} (the answer is already in WARC). A redirect stands for the
 * item's content elsewhere: within scope it is followed as a new item of the same kind, owner, tier and value (so what
 * the content leads to, an account's lists, is found at the target), along a {@link RedirectChain} of at most
 * {@link RedirectChain#MAX} hops; a loop, a chain too long, a target out of scope or an unreadable Location fail the
 * item with the reason (an event, coverage.json). Where the adapter says the 3xx is the content itself
 * ({@link Platform#redirectIsAnswer}: a short link) the item is complete, and an in-scope target is fetched once.
 */
final class Redirects {
    private final CrawlConfig config;
    private final Platform platform;
    private final Frontier frontier;
    private final CrawlStats stats;
    private final CaptureFailures failures;

    Redirects(CrawlConfig config, Platform platform, Frontier frontier, CrawlStats stats, CaptureFailures failures) {
        this.config = config;
        this.platform = platform;
        this.frontier = frontier;
        this.stats = stats;
        this.failures = failures;
    }

    void handle(FrontierItem item, FetchResult r, WarcPosition pos) {
        stats.redirects.incrementAndGet();
        String location = r.header("Location").orElseThrow().trim();
        boolean answer = platform.redirectIsAnswer(item.kind());
        URI target = resolve(item.uri(), location);
        if (target == null) {
            CrawlLog.event("redirect-invalid", Map.of("url", item.uri().toString()));
            if (answer) complete(item, r, pos, List.of());
            else fail(item, r, pos, "HTTP " + r.status() + " to an unreadable Location (" + abbreviate(location) + ")");
            return;
        }
        if (!config.inScope(target)) {
            stats.redirectsOutOfScope.incrementAndGet();
            String origin = target.getHost() == null ? abbreviate(location)
                    : target.getScheme() + "://" + target.getHost() + (target.getPort() < 0 ? "" : ":" + target.getPort());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("url", item.uri().toString());
            e.put("location", origin);
            e.put("reason", "out of scope: recorded, not followed");
            CrawlLog.event("redirect-out-of-scope", e);
            if (answer) complete(item, r, pos, List.of());
            else fail(item, r, pos, "HTTP " + r.status() + " to " + origin + ", outside the crawl's scope: the answer is kept,"
                    + " not followed" + (target.getHost() == null ? "" : " (--scope-host " + target.getHost() + " would follow it)"));
            return;
        }
        if (answer) {
            complete(item, r, pos, List.of(new CrawlRequest(target, platform.kindOf(target), "url:" + target, item.tier(), item.value())));
            return;
        }
        RedirectChain chain = RedirectChain.of(item.key(), item.uri());
        // A redirect back to a URL of this chain is a loop, unless it set a cookie (a cookie check asks again once it
        // is set); the hop limit bounds that too.
        if (chain.visited(target) && r.header("Set-Cookie").isEmpty()) {
            fail(item, r, pos, "redirect loop: HTTP " + r.status() + " back to " + target
                    + (chain.hops() == 0 ? " (itself)" : " after " + chain.hops() + " redirect(s)"));
            return;
        }
        if (chain.hops() + 1 > RedirectChain.MAX) {
            fail(item, r, pos, "too many redirects: more than " + RedirectChain.MAX + " in a row (the last to " + target + ")");
            return;
        }
        String kind = platform.kindOf(target);
        if (Kinds.OTHER.equals(kind)) kind = item.kind();
        complete(item, r, pos, List.of(new CrawlRequest(target, kind, chain.next(target), item.owner(), item.tier(), item.value())));
    }

    private void complete(FrontierItem item, FetchResult r, WarcPosition pos, List<CrawlRequest> next) {
        frontier.complete(item, r.status(), pos.file(), pos.offset(), pos.end(), next);
    }

    private void fail(FrontierItem item, FetchResult r, WarcPosition pos, String reason) {
        failures.failed(item, r.status(), reason, pos.file(), pos.end());
        CrawlLog.event("failed", Map.of("url", item.uri().toString(), "reason", reason));
    }

    /** The absolute URL a Location names, resolved against the item's; null if it names none. */
    static URI resolve(URI from, String location) {
        if (location.isEmpty()) return null;
        try {
            URI to = from.resolve(location);
            return to.getScheme() == null ? null : to;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
